package org.crossmodal.fiji;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.awt.Rectangle;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.crossmodal.io.DataSet;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real ImageJ with its GUI on a virtual display (Xvfb, which picks a free display itself), driven as a
 * user would: Plugins > CrossModal Transfer > Open DICOM Studies... is found on screen by reading it
 * (tesseract OCR, an oracle independent of ImageJ), the dialog is filled in and confirmed, and the macro
 * Recorder shows the recordable command; reopened, the dialog remembers the value; Esc closes it and
 * records no options. Every step waits for the window or the text it needs, never for a fixed time.
 * Screenshots of the menu and the dialog land in target/screenshots (docs/fiji-*.png were made this way).
 */
class FijiGuiTest {
  @TempDir Path tmp;

  /** Menu items the screen must show (the submenu's first, last and some between). */
  static final List<String> MENU_ITEMS = List.of("Open DICOM Studies...", "Train MRI Teacher...", "Segment with Model...",
      "Simulate Ultrasound...", "Query PACS...", "Send Results to PACS...");

  /** A word that tesseract read on screen, with its box in screen (or window) pixels. */
  record Word(String text, int x, int y, int w, int h, int line) {
    int cx() {
      return x + w / 2;
    }

    int cy() {
      return y + h / 2;
    }
  }

  /** What tesseract read: the words and the text line by line. */
  record Reading(List<Word> words, String text, Path image) {
    Optional<Word> word(Predicate<Word> p) {
      return words.stream().filter(p).findFirst();
    }

    /** The text without blanks, for phrases that OCR may space differently. */
    String compact() {
      return text.replaceAll("\\s+", "");
    }
  }

  @Test
  void aCommandRunFromTheMenuIsRecordedRemembersItsValueAndEscClosesIt() throws Exception {
    Path ij = ImageJProcessTest.installImageJ(tmp.resolve("ImageJ"));
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path shots = Files.createDirectories(Path.of("target/screenshots"));
    Path echo = Files.copy(DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm"), tmp.resolve("echo.dcm"), StandardCopyOption.REPLACE_EXISTING);
    VirtualDisplay display = VirtualDisplay.start("1280x800x24", tmp.resolve("xvfb.log"));
    Process imagej = null;
    try {
      String d = display.name();

      // The start-up macro lists the commands ImageJ's menus know and opens the Recorder.
      Path commands = tmp.resolve("commands.txt");
      Path macro = Files.writeString(tmp.resolve("gui.ijm"), """
          List.setCommands;
          labels = newArray("Open DICOM Studies...", "Train MRI Teacher...", "Pseudo-label Ultrasound...", "Train Student...",
            "Segment with Model...", "Evaluate...", "Simulate Ultrasound...", "Run Transfer Pipeline...", "Export DICOM SEG...",
            "Batch Segment Studies...", "Query PACS...", "Send Results to PACS...");
          s = "";
          for (i = 0; i < labels.length; i++) s = s + labels[i] + "=" + List.get(labels[i]) + "\\n";
          run("Record...");
          File.saveString(s, getArgument());
          """);
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
          "-Duser.home=" + home, "-Dai.djl.offline=true", "-cp", ij.resolve("jars") + "/*:" + ij.resolve("plugins") + "/*", "ij.ImageJ",
          "-ijpath", ij.toString(), "-macro", macro.toString(), commands.toString())
          .redirectErrorStream(true).redirectOutput(tmp.resolve("imagej.log").toFile());
      pb.environment().put("DISPLAY", d);
      imagej = pb.start();
      waitFor(() -> Files.exists(commands) && Files.size(commands) > 0, 120, "ImageJ wrote no command list");
      Map<String, String> listed = new HashMap<>();
      for (String line : Files.readAllLines(commands)) {
        String[] kv = line.split("=", 2);
        listed.put(kv[0], kv[1]);
      }
      assertEquals(12, listed.size(), listed.toString());
      listed.forEach((label, cls) -> assertTrue(cls.startsWith("org.crossmodal.fiji."), label + " is not in ImageJ's menus: " + listed));

      // The Recorder, moved below where images open, so that its text stays in view.
      String recorder = waitForWindow(d, "^Recorder$");
      xdo(d, "windowmove", recorder, "0", "560");

      Reading menu = openMenu(d);
      Tools.ok("import", "-display", d, "-window", "root", shots.resolve("menu.png").toString());
      for (String label : MENU_ITEMS) {
        assertTrue(menu.compact().contains(label.replace(" ", "")), "the menu on screen does not show " + label + ": " + menu.text());
      }

      // Open DICOM Studies... from the menu: the dialog shows its field; the path typed in and OK.
      clickMenuItem(d, menu, "DICOM");
      String dialog = waitForWindow(d, "^Open DICOM Studies$");
      Reading form = readWindow(d, dialog);
      Files.copy(form.image(), shots.resolve("dialog.png"), StandardCopyOption.REPLACE_EXISTING);
      assertTrue(form.text().contains("Location"), "the dialog on screen has no Location field: " + form.text());
      clickIntoField(d, dialog, form);
      xdo(d, "type", "--delay", "20", echo.toString());
      xdo(d, "key", "Return");
      // The image window is titled after the file (echo.dcm).
      waitFor(() -> xdo(d, "search", "--name", "^echo$").exitCode() == 0, 180, "the echo did not open");

      // The Recorder shows the command as a macro line with its option.
      Reading recorded = waitForText(d, recorder, r -> r.compact().contains("DICOMStudies") && r.compact().contains("location="),
          "the Recorder shows no Open DICOM Studies line");
      assertTrue(recorded.compact().contains("echo.dcm"), "the recorded option names the file: " + recorded.text());

      // Reopened, the dialog shows the value given last time; Esc closes it and nothing more is recorded.
      clickMenuItem(d, openMenu(d), "DICOM");
      dialog = waitForWindow(d, "^Open DICOM Studies$");
      Reading again = readWindow(d, dialog);
      clickIntoField(d, dialog, again); // unselects the text, which OCR reads better
      Reading remembered = readWindow(d, dialog);
      assertTrue(remembered.compact().contains("echo."), "the dialog does not show the location given last time: " + remembered.text());
      xdo(d, "key", "Escape");
      waitFor(() -> xdo(d, "search", "--name", "^Open DICOM Studies$").exitCode() != 0, 120, "Esc did not close the dialog");
      Reading after = readWindow(d, recorder);
      // ImageJ's Recorder notes the bare command name when a menu command starts; Esc must record no options with it.
      assertEquals(1, after.compact().split("location=", -1).length - 1, "Esc recorded the command with options: " + after.text());
    } finally {
      if (imagej != null) imagej.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      display.close();
    }
  }

  /**
   * Plugins > CrossModal Transfer, each step once the text it needs is on screen; returns the reading of
   * the screen with the submenu. Only the part of the screen where the next menu opens is read.
   */
  private Reading openMenu(String d) throws Exception {
    Map<String, Integer> main = geometry(d, waitForWindow(d, "^ImageJ$"));
    Rectangle bar = new Rectangle(main.get("X"), main.get("Y"), main.get("WIDTH"), 40);
    Reading top = waitForText(d, bar, r -> r.word(w -> w.text().equals("Plugins")).isPresent(), "ImageJ's menu bar shows no Plugins menu");
    Word plugins = top.word(w -> w.text().equals("Plugins")).orElseThrow();
    xdo(d, "mousemove", String.valueOf(plugins.cx()), String.valueOf(plugins.cy()), "click", "1");
    Rectangle below = new Rectangle(plugins.x() - 20, plugins.y() + plugins.h(), 320, 400);
    Reading pluginsMenu = waitForText(d, below, r -> r.word(w -> w.text().equals("Transfer")).isPresent(),
        "the Plugins menu shows no CrossModal Transfer");
    Word transfer = pluginsMenu.word(w -> w.text().equals("Transfer")).orElseThrow();
    xdo(d, "mousemove", String.valueOf(transfer.cx()), String.valueOf(transfer.cy()), "click", "1");
    // The submenu opens right of the Plugins menu, whose shortcut column ("Ctrl+Shift+M") would split OCR's page in two.
    Rectangle right = new Rectangle(transfer.x() + transfer.w() + 100, transfer.y() - 30, 360, 320);
    // Under load AWT paints a menu item by item: wait for the last one.
    return waitForText(d, right, r -> MENU_ITEMS.stream().allMatch(label -> r.compact().contains(label.replace(" ", ""))),
        "the CrossModal Transfer submenu did not open with " + MENU_ITEMS);
  }

  /** Clicks the submenu item holding {@code word} (the submenu opens to the right of the Plugins menu). */
  private static void clickMenuItem(String d, Reading menu, String word) {
    Word item = menu.word(w -> w.text().equals(word)).orElseThrow(() -> new AssertionError("no " + word + " in the menu: " + menu.text()));
    xdo(d, "mousemove", String.valueOf(item.cx()), String.valueOf(item.cy()), "click", "1");
  }

  /** Clicks into the dialog's text field: between the end of its label and the Browse button. */
  private static void clickIntoField(String d, String window, Reading form) {
    Map<String, Integer> g = geometry(d, window);
    Word label = form.word(w -> w.text().startsWith("file")).orElseThrow(() -> new AssertionError("no field label: " + form.text()));
    Word browse = form.word(w -> w.text().startsWith("Browse")).orElseThrow(() -> new AssertionError("no Browse button: " + form.text()));
    int x = g.get("X") + (label.x() + label.w() + browse.x()) / 2, y = g.get("Y") + browse.cy();
    xdo(d, "mousemove", String.valueOf(x), String.valueOf(y), "click", "1");
  }

  private static String waitForWindow(String d, String name) throws Exception {
    waitFor(() -> xdo(d, "search", "--name", name).exitCode() == 0, 120, "no window " + name + " appeared");
    return xdo(d, "search", "--name", name).output().lines().findFirst().orElseThrow().trim();
  }

  /** Reads {@code region} of the screen until {@code ok} holds (at most 3 minutes: OCR is slow on a loaded machine). */
  private Reading waitForText(String d, Rectangle region, Predicate<Reading> ok, String failure) throws Exception {
    return waitForText(() -> readScreen(d, region), ok, failure);
  }

  private Reading waitForText(String d, String window, Predicate<Reading> ok, String failure) throws Exception {
    return waitForText(() -> readWindow(d, window), ok, failure);
  }

  interface Reader {
    Reading read() throws Exception;
  }

  private static Reading waitForText(Reader reader, Predicate<Reading> ok, String failure) throws Exception {
    long end = System.nanoTime() + 180_000_000_000L;
    Reading last = null;
    while (System.nanoTime() < end) {
      last = reader.read();
      if (ok.test(last)) return last;
      Thread.sleep(250);
    }
    return fail(failure + "; on screen: " + (last == null ? "nothing" : last.text()));
  }

  private int shot;

  /** A region of the screen; words are placed in screen coordinates. */
  private Reading readScreen(String d, Rectangle r) throws Exception {
    Path png = tmp.resolve("shot-" + shot++ + ".png");
    Tools.ok("import", "-display", d, "-window", "root", "-crop", r.width + "x" + r.height + "+" + r.x + "+" + r.y, "+repage", png.toString());
    return ocr(png, r.x, r.y);
  }

  /** One window, raised first; words are placed in the window's coordinates. */
  private Reading readWindow(String d, String window) throws Exception {
    xdo(d, "windowraise", window);
    Path png = tmp.resolve("shot-" + shot++ + ".png");
    Tools.ok("import", "-display", d, "-window", window, png.toString());
    return ocr(png, 0, 0);
  }

  /** Tesseract's reading of {@code png} at 3× (ImageJ's menu font is small), one thread, boxes shifted by (dx, dy). */
  private Reading ocr(Path png, int dx, int dy) throws Exception {
    Path big = tmp.resolve("big.png");
    Tools.ok("convert-im6.q16", png.toString(), "-resize", "300%", big.toString());
    List<Word> words = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int lastLine = -1;
    for (String row : Tools.ok("env", "OMP_THREAD_LIMIT=1", "tesseract", big.toString(), "stdout", "tsv").split("\n")) {
      String[] f = row.split("\t", -1);
      if (f.length < 12 || !f[0].equals("5") || f[11].isBlank()) continue;
      int line = Integer.parseInt(f[2]) * 10000 + Integer.parseInt(f[3]) * 100 + Integer.parseInt(f[4]);
      text.append(line == lastLine ? " " : "\n").append(f[11]);
      lastLine = line;
      words.add(new Word(f[11], dx + Integer.parseInt(f[6]) / 3, dy + Integer.parseInt(f[7]) / 3, Integer.parseInt(f[8]) / 3,
          Integer.parseInt(f[9]) / 3, line));
    }
    return new Reading(words, text.toString(), png);
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

  private static Map<String, Integer> geometry(String display, String window) {
    Map<String, Integer> g = new HashMap<>();
    for (String line : xdo(display, "getwindowgeometry", "--shell", window).output().split("\n")) {
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
