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

  /** Reads a YAML or JSON file (by extension) into {@code type}. */
  public static <T> T read(Path file, Class<T> type) throws IOException {
    String name = file.getFileName().toString().toLowerCase();
    ObjectMapper m = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : MAPPER;
    return m.readValue(file.toFile(), type);
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
