package org.crossmodal.pacs;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Credentials for a DICOMweb server, sent as the HTTP Authorization header: {@code USER:PASSWORD}
 * (Basic) or {@code Bearer TOKEN}. They come from a file of their own (owner-only, like an SSH key),
 * from the environment variable {@value #ENV}, or, least good, from the URL's user part, which is
 * then taken out of the URL. They never appear in messages: {@link #toString} is redacted and URLs
 * are shown without them.
 */
public final class DicomWebAuth {
  /** The environment variable read when no credentials file is given. */
  public static final String ENV = "CROSSMODAL_DICOMWEB_AUTH";
  private final String header;

  private DicomWebAuth(String header) {
    this.header = header;
  }

  /** {@code USER:PASSWORD} or {@code Bearer TOKEN}. */
  public static DicomWebAuth parse(String text, String where) {
    String t = text.strip();
    if (t.regionMatches(true, 0, "Bearer ", 0, 7) && t.length() > 7) return new DicomWebAuth("Bearer " + t.substring(7).strip());
    int colon = t.indexOf(':');
    if (colon <= 0 || t.contains("\n")) {
      throw new IllegalArgumentException(where + ": DICOMweb credentials must be one line, USER:PASSWORD or Bearer TOKEN");
    }
    return new DicomWebAuth("Basic " + Base64.getEncoder().encodeToString(t.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The credentials to use: from {@code file} if given (refused when others may read it), else from
   * the environment variable {@value #ENV}, else none (the URL's user part is handled by {@link PacsConfig}).
   */
  public static DicomWebAuth resolve(Path file, Map<String, String> env) throws IOException {
    if (file != null) {
      try {
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        if (p.stream().anyMatch(x -> !x.name().startsWith("OWNER"))) {
          throw new IOException(file + ": DICOMweb credentials may be read by others (mode " + PosixFilePermissions.toString(p)
              + "); make the file owner-only: chmod 600 " + file);
        }
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system
      }
      try {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
      } catch (IllegalArgumentException e) {
        throw new IOException(e.getMessage(), e);
      }
    }
    String v = env.get(ENV);
    return v == null || v.isBlank() ? null : parse(v, "environment variable " + ENV);
  }

  /** Credentials in the URL's user part ({@code http://user:password@host/...}), or null. */
  static DicomWebAuth fromUrl(URI url) {
    String info = url == null ? null : url.getRawUserInfo();
    if (info == null || info.isEmpty()) return null;
    return parse(URLDecoder.decode(info, StandardCharsets.UTF_8), "the DICOMweb URL");
  }

  /** The URL without its user part (credentials) and fragment. */
  static URI withoutCredentials(URI url) {
    if (url == null || url.getRawUserInfo() == null) return url;
    try {
      return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), url.getQuery(), null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the DICOMweb URL cannot be read without its credentials", e);
    }
  }

  /** The value of the Authorization header. */
  String header() {
    return header;
  }

  @Override
  public String toString() {
    return "DicomWebAuth[" + header.substring(0, header.indexOf(' ')) + " …redacted]";
  }
}
