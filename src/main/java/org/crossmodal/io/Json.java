package org.crossmodal.io;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;

/** The project's one JSON/YAML configuration of Jackson. */
public final class Json {
  private Json() {}

  public static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The file's top-level tree (YAML or JSON by extension); an empty file is an empty object. */
  public static JsonNode tree(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase();
    ObjectMapper m = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : MAPPER;
    try {
      var n = m.readTree(file.toFile());
      return n == null ? m.createObjectNode() : n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads a configuration file, YAML or JSON by extension, into {@code type}. Unlike model
   * descriptors (read leniently so newer files still load), a configuration with an unknown field
   * is refused: a misspelt setting must not be silently ignored.
   */
  public static <T> T read(Path file, Class<T> type) throws IOException {
    String name = file.getFileName().toString().toLowerCase();
    ObjectMapper m = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : MAPPER;
    try {
      return m.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(file.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * {@code file}'s tree laid over {@code defaults} and read into {@code type}, refusing unknown
   * fields as {@link #read} does: objects merge field by field, anything else in the file replaces
   * the default (a list is not appended to).
   */
  public static <T> T over(JsonNode defaults, JsonNode file, Class<T> type, Path source) throws IOException {
    JsonNode merged = merge(defaults.deepCopy(), file);
    try {
      return MAPPER.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(merged);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(source + ": " + e.getOriginalMessage(), e);
    }
  }

  private static JsonNode merge(JsonNode base, JsonNode top) {
    if (!(base instanceof ObjectNode b) || !top.isObject()) return top;
    top.fields().forEachRemaining(f -> b.set(f.getKey(), merge(b.path(f.getKey()), f.getValue())));
    return b;
  }

  /** Writes {@code value} as indented JSON, atomically. */
  public static void write(Path file, Object value) throws IOException {
    AtomicFiles.write(file, out -> MAPPER.writeValue(new NonClosing(out), value));
  }

  /** Jackson closes the stream it writes to; AtomicFiles wants to close it itself. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(java.io.OutputStream out) { super(out); }
    @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }
    @Override public void close() throws IOException { flush(); }
  }
}
