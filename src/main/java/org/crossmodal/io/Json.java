package org.crossmodal.io;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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

  /**
   * Reads a configuration file, YAML or JSON by extension, into {@code type}. Unlike model
   * descriptors (read leniently so newer files still load), a configuration with an unknown field
   * is refused: a misspelt setting must not be silently ignored.
   */
  /** The file's top-level tree (YAML or JSON by extension); an empty file is an empty object. */
  public static com.fasterxml.jackson.databind.JsonNode tree(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase();
    ObjectMapper m = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : MAPPER;
    try {
      var n = m.readTree(file.toFile());
      return n == null ? m.createObjectNode() : n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + ": " + e.getOriginalMessage(), e);
    }
  }

  public static <T> T read(Path file, Class<T> type) throws IOException {
    String name = file.getFileName().toString().toLowerCase();
    ObjectMapper m = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : MAPPER;
    try {
      return m.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(file.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + ": " + e.getOriginalMessage(), e);
    }
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
