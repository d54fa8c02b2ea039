package org.crossmodal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compressed copies of real files, made with dcmtk and GDCM, so that decoders are exercised on
 * syntaxes the data set lacks for a given image (RLE, JPEG lossless .57/.70, JPEG baseline, JPEG 2000).
 */
public final class CodecVariants {
  /** Suffix → command (source and target are appended). Baseline only makes sense for 8-bit images. */
  private static final Map<String, List<String>> ANY_DEPTH = Map.of(
      "rle", List.of("dcmcrle"),
      "jpeg-lossless-sv1", List.of("dcmcjpeg", "+e1"),
      "jpeg-lossless", List.of("dcmcjpeg", "+el"),
      "j2k-lossless", List.of("gdcmconv", "--j2k"));
  private static final Map<String, List<String>> EIGHT_BIT = Map.of("jpeg-baseline", List.of("dcmcjpeg", "+eb"));

  private CodecVariants() {}

  /** Writes the variants of each source into {@code dir}; returns the files made. */
  public static List<Path> make(List<Path> sources, int[] bitsAllocated, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    List<Path> made = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      Path src = sources.get(i);
      String base = src.getFileName().toString().replaceAll("\\.dcm$", "");
      for (var e : ANY_DEPTH.entrySet()) made.add(run(e.getValue(), src, dir.resolve(base + "." + e.getKey() + ".dcm")));
      if (bitsAllocated[i] == 8) {
        for (var e : EIGHT_BIT.entrySet()) made.add(run(e.getValue(), src, dir.resolve(base + "." + e.getKey() + ".dcm")));
      }
    }
    made.sort(null);
    return made;
  }

  private static Path run(List<String> cmd, Path src, Path target) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(cmd);
    full.add(src.toString());
    full.add(target.toString());
    Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0 || !Files.isRegularFile(target)) {
      throw new IOException(String.join(" ", full) + " failed: " + log.strip());
    }
    return target;
  }
}
