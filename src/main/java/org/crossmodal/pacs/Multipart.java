package org.crossmodal.pacs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The little of multipart/related (RFC 2387) that WADO-RS and STOW-RS need: bodies of parts in, bodies out. */
final class Multipart {
  private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(\"([^\"]+)\"|[^;\\s]+)");
  private static final byte[] CRLF = {'\r', '\n'};

  private Multipart() {}

  static String boundary(String contentType) throws PacsException {
    Matcher m = contentType == null ? null : BOUNDARY.matcher(contentType);
    if (m == null || !m.find() || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
      throw new PacsException("expected a multipart response, got Content-Type '" + contentType + "'", false);
    }
    return m.group(2) != null ? m.group(2) : m.group(1);
  }

  /** The bodies of the parts (headers dropped), in order. */
  static List<byte[]> parse(byte[] body, String boundary) throws PacsException {
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    List<byte[]> parts = new ArrayList<>();
    int at = indexOf(body, delimiter, 0);
    if (at < 0) throw new PacsException("multipart body has no boundary '" + boundary + "'", true);
    while (true) {
      int lineEnd = at + delimiter.length;
      if (lineEnd + 1 < body.length && body[lineEnd] == '-' && body[lineEnd + 1] == '-') return parts; // closing delimiter
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), lineEnd);
      if (headersEnd < 0) throw new PacsException("multipart part without a header end", true);
      int next = indexOf(body, concat(CRLF, delimiter), headersEnd + 4);
      if (next < 0) throw new PacsException("multipart body ends inside a part (truncated)", true);
      parts.add(Arrays.copyOfRange(body, headersEnd + 4, next));
      at = next + 2;
    }
  }

  static byte[] build(List<byte[]> bodies, String boundary, String partType) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] b : bodies) {
      out.writeBytes(("--" + boundary + "\r\nContent-Type: " + partType + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(b);
      out.writeBytes(CRLF);
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = Math.max(from, 0); i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
