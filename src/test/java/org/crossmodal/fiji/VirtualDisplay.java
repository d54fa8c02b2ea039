package org.crossmodal.fiji;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An Xvfb of its own for a GUI test: Xvfb picks a free display number itself and names it. */
record VirtualDisplay(Process xvfb, String name) implements AutoCloseable {
  static VirtualDisplay start(String screen, Path log) throws Exception {
    Process xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", screen, "-nolisten", "tcp")
        .redirectError(log.toFile()).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.US_ASCII));
    String number = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (Exception e) {
        return null;
      }
    }).get(60, TimeUnit.SECONDS);
    if (number == null) xvfb.destroyForcibly();
    assertNotNull(number, "Xvfb named no display: " + Files.readString(log));
    return new VirtualDisplay(xvfb, ":" + number.trim());
  }

  @Override
  public void close() throws InterruptedException {
    xvfb.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }
}
