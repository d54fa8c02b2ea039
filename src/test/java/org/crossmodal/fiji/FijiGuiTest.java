package org.crossmodal.fiji;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real ImageJ with its GUI on a virtual display (Xvfb): the menus list every command, a dialog
 * opens from the menu, and screenshots of both land in target/screenshots (docs/fiji-*.png were
 * made this way).
 */
class FijiGuiTest {
  @TempDir Path tmp;

  @Test
  void menusListEveryCommandAndItsDialogOpens() throws Exception {
    Path ij = ImageJProcessTest.installImageJ(tmp.resolve("ImageJ"));
    int display = freeDisplay();
    String d = ":" + display;
    Path shots = Files.createDirectories(Path.of("target/screenshots"));
    Process xvfb = new ProcessBuilder("Xvfb", d, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("xvfb.log").toFile()).start();
    Process imagej = null;
    try {
      waitFor(() -> Files.exists(Path.of("/tmp/.X11-unix/X" + display)), 30, "Xvfb did not start");
      Path commands = tmp.resolve("commands.txt");
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
          "-Dai.djl.offline=true", "-cp", ij.resolve("jars") + "/*:" + ij.resolve("plugins") + "/*", "ij.ImageJ", "-ijpath", ij.toString(),
          "-macro", Path.of("plugins/examples/list_commands.ijm").toAbsolutePath().toString(), commands.toString())
          .redirectErrorStream(true).redirectOutput(tmp.resolve("imagej.log").toFile());
      pb.environment().put("DISPLAY", d);
      imagej = pb.start();
      waitFor(() -> Files.exists(commands) && Files.size(commands) > 0, 120, "ImageJ wrote no command list");
      Map<String, String> listed = new HashMap<>();
      for (String line : Files.readAllLines(commands)) {
        String[] kv = line.split("=", 2);
        listed.put(kv[0], kv[1]);
      }
      for (String label : List.of("Open DICOM Studies...", "Train MRI Teacher...", "Pseudo-label Ultrasound...", "Train Student...",
          "Segment with Model...", "Evaluate...", "Simulate Ultrasound...", "Run Transfer Pipeline...", "Export DICOM SEG...",
          "Batch Segment Studies...", "Query PACS...", "Send Results to PACS...")) {
        assertTrue(listed.getOrDefault(label, "").startsWith("org.crossmodal.fiji."), label + " is not in ImageJ's menus: " + listed);
      }
      waitFor(() -> xdo(d, "search", "--name", "Train MRI Teacher").exitCode() == 0, 60, "the dialog did not open");
      Tools.run("import", "-display", d, "-window", "root", shots.resolve("dialog.png").toString());
      Map<String, Integer> dialog = geometry(d, "Train MRI Teacher");
      // Cancel sits at the dialog's lower right; there is no window manager to send keys through.
      xdo(d, "mousemove", String.valueOf(dialog.get("X") + dialog.get("WIDTH") - 95), String.valueOf(dialog.get("Y") + dialog.get("HEIGHT") - 22),
          "click", "1");
      waitFor(() -> xdo(d, "search", "--name", "Train MRI Teacher").exitCode() != 0, 30, "the dialog did not close on Cancel");
      Map<String, Integer> main = geometry(d, "^ImageJ$");
      xdo(d, "mousemove", String.valueOf(main.get("X") + 320), String.valueOf(main.get("Y") + 12), "click", "1");
      Thread.sleep(1000);
      xdo(d, "mousemove", String.valueOf(main.get("X") + 357), String.valueOf(main.get("Y") + 156), "click", "1");
      Thread.sleep(1000);
      Tools.run("import", "-display", d, "-window", "root", shots.resolve("menu.png").toString());
      assertTrue(Files.size(shots.resolve("dialog.png")) > 1000 && Files.size(shots.resolve("menu.png")) > 1000);
    } finally {
      if (imagej != null) imagej.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      xvfb.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  static int freeDisplay() {
    for (int n = 90; n < 140; n++) if (!Files.exists(Path.of("/tmp/.X11-unix/X" + n)) && !Files.exists(Path.of("/tmp/.X" + n + "-lock"))) return n;
    throw new IllegalStateException("no free X display number in 90..139");
  }

  private static Tools.Result xdo(String display, String... args) {
    try {
      String[] cmd = new String[args.length + 3];
      cmd[0] = "env";
      cmd[1] = "DISPLAY=" + display;
      cmd[2] = "xdotool";
      System.arraycopy(args, 0, cmd, 3, args.length);
      return Tools.run(cmd);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Integer> geometry(String display, String name) {
    Map<String, Integer> g = new HashMap<>();
    for (String line : xdo(display, "search", "--name", name, "getwindowgeometry", "--shell").output().split("\n")) {
      String[] kv = line.split("=", 2);
      if (kv.length == 2 && kv[1].matches("\\d+")) g.put(kv[0], Integer.parseInt(kv[1]));
    }
    return g;
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void waitFor(Check c, int seconds, String failure) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      if (c.ok()) return;
      Thread.sleep(250);
    }
    fail(failure);
  }
}
