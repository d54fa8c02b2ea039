package org.crossmodal.fiji;

import ij.IJ;
import ij.WindowManager;
import ij.plugin.frame.Recorder;
import java.awt.AWTException;
import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.Frame;
import java.awt.Label;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.event.TextEvent;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.swing.JTree;
import javax.swing.SwingUtilities;

/**
 * The GUI tests' hands and eyes inside a real ImageJ on a virtual display: finds windows by title,
 * reads dialog fields, types with the keyboard and clicks with the mouse (java.awt.Robot: real X
 * input events through XTest), selects tree rows, captures the screen. Macros call it with
 * {@code call("org.crossmodal.fiji.GuiProbe.method", ...)}; {@link #serve} runs step macros the
 * test drops into a folder, so one ImageJ session serves several tests. Every wait polls for a
 * window, an image or a Log line; nothing sleeps for a fixed time to let something happen.
 */
public final class GuiProbe {
  private static Robot robot;

  private GuiProbe() {}

  private static synchronized Robot robot() throws AWTException {
    if (robot == null) {
      robot = new Robot();
      robot.setAutoDelay(40);
    }
    return robot;
  }

  /**
   * Runs every {@code NAME.ijm} that appears in {@code dir}, one after the other, and writes
   * {@code NAME.done} (or {@code NAME.failed} with the error) when it has run.
   */
  public static String serve(String dir) {
    Thread t = new Thread(() -> {
      Path d = Path.of(dir);
      while (true) {
        try {
          List<Path> steps;
          try (var s = Files.list(d)) {
            steps = s.filter(p -> p.toString().endsWith(".ijm")).sorted().toList();
          }
          for (Path step : steps) {
            Path done = Path.of(step.toString().replace(".ijm", ".done")), failed = Path.of(step.toString().replace(".ijm", ".failed"));
            if (Files.exists(done) || Files.exists(failed)) continue;
            try {
              // Errors are reported to the test instead of in a modal dialog nobody would close.
              ij.macro.Interpreter in = new ij.macro.Interpreter();
              in.setIgnoreErrors(true);
              String result = in.run(Files.readString(step), "");
              if (in.wasError() || "[aborted]".equals(result)) {
                Files.writeString(failed, "aborted: " + in.getErrorMessage() + "\n" + IJ.getLog());
              } else {
                Files.writeString(done, result == null ? "" : result);
              }
            } catch (Throwable e) {
              Files.writeString(failed, e + "\n" + IJ.getLog());
            }
          }
          Thread.sleep(200);
        } catch (Exception e) {
          return;
        }
      }
    }, "Run$_probe");
    t.setDaemon(true);
    t.start();
    return "serving " + dir;
  }

  /** The showing window titled {@code title} (a dialog, frame or image window), or null. */
  static Window window(String title) {
    for (Window w : Window.getWindows()) {
      if (!w.isShowing()) continue;
      String t = w instanceof Dialog d ? d.getTitle() : w instanceof Frame f ? f.getTitle() : null;
      if (title.equals(t)) return w;
    }
    return null;
  }

  /** Waits until a window titled {@code title} shows and is laid out; "ok", or "timeout" and what does show. */
  public static String await(String title, String seconds) throws InterruptedException {
    long end = System.nanoTime() + (long) (Double.parseDouble(seconds) * 1e9);
    while (System.nanoTime() < end) {
      Window w = window(title);
      if (w != null && w.getWidth() > 0) {
        settle();
        return "ok";
      }
      Thread.sleep(100);
    }
    return "timeout waiting for " + title + "; showing: " + windows();
  }

  /** Waits until no window titled {@code title} shows. */
  public static String awaitGone(String title, String seconds) throws InterruptedException {
    long end = System.nanoTime() + (long) (Double.parseDouble(seconds) * 1e9);
    while (System.nanoTime() < end) {
      if (window(title) == null) return "ok";
      Thread.sleep(100);
    }
    return "timeout: " + title + " still shows";
  }

  /** Waits until the Log contains {@code text}. */
  public static String awaitLog(String text, String seconds) throws InterruptedException {
    long end = System.nanoTime() + (long) (Double.parseDouble(seconds) * 1e9);
    while (System.nanoTime() < end) {
      String log = IJ.getLog();
      if (log != null && log.contains(text)) return "ok";
      Thread.sleep(200);
    }
    return "timeout waiting for \"" + text + "\" in the Log: " + IJ.getLog();
  }

  /** Titles of the showing windows. */
  public static String windows() {
    List<String> out = new ArrayList<>();
    for (Window w : Window.getWindows()) {
      if (!w.isShowing()) continue;
      out.add(w instanceof Dialog d ? d.getTitle() : w instanceof Frame f ? f.getTitle() : w.getClass().getSimpleName());
    }
    return String.join("|", out);
  }

  /** The dialog's text fields and check boxes as "Label=value" lines (the label is the component just before the field). */
  public static String fields(String title) throws Exception {
    Window w = window(title);
    if (w == null) return "no window " + title;
    List<Component> all = new ArrayList<>();
    collect(w, all);
    StringBuilder b = new StringBuilder();
    String label = "";
    for (Component c : all) {
      if (c instanceof Label l) label = l.getText();
      else if (c instanceof TextField t) b.append(label).append('=').append(t.getText()).append('\n');
      else if (c instanceof Checkbox cb) b.append(cb.getLabel()).append('=').append(cb.getState()).append('\n');
    }
    return b.toString();
  }

  /** The labels of the dialog's buttons, comma-separated. */
  public static String buttons(String title) {
    Window w = window(title);
    if (w == null) return "no window " + title;
    List<Component> all = new ArrayList<>();
    collect(w, all);
    List<String> out = new ArrayList<>();
    for (Component c : all) if (c instanceof Button b) out.add(b.getLabel().trim());
    return String.join(",", out);
  }

  private static void collect(Container c, List<Component> out) {
    for (Component k : c.getComponents()) {
      out.add(k);
      if (k instanceof Container kc) collect(kc, out);
    }
  }

  /** The text field whose label starts with {@code labelStart}. */
  static TextField field(String title, String labelStart) {
    Window w = window(title);
    if (w == null) throw new IllegalStateException("no window " + title + "; showing: " + windows());
    List<Component> all = new ArrayList<>();
    collect(w, all);
    String label = "";
    for (Component c : all) {
      if (c instanceof Label l) label = l.getText();
      else if (c instanceof TextField t && label.startsWith(labelStart)) return t;
    }
    throw new IllegalStateException(title + " has no field labelled " + labelStart + "…: " + fieldsOrError(title));
  }

  private static String fieldsOrError(String title) {
    try {
      return fields(title);
    } catch (Exception e) {
      return e.toString();
    }
  }

  /**
   * Replaces a field's text as typing would: the field's listeners see the change. Paths hold
   * characters a virtual keyboard maps unreliably, so the text is set and the change event posted.
   */
  public static String set(String title, String labelStart, String text) throws Exception {
    TextField t = field(title, labelStart);
    SwingUtilities.invokeAndWait(() -> {
      t.setText(text);
      t.dispatchEvent(new TextEvent(t, TextEvent.TEXT_VALUE_CHANGED));
    });
    settle();
    return t.getText();
  }

  /** Clicks into a field, selects its text and types {@code digits} on the keyboard (real key events). */
  public static String type(String title, String labelStart, String digits) throws Exception {
    TextField t = field(title, labelStart);
    click(t);
    SwingUtilities.invokeAndWait(t::selectAll);
    Robot r = robot();
    for (char ch : digits.toCharArray()) {
      int code = KeyEvent.getExtendedKeyCodeForChar(ch);
      r.keyPress(code);
      r.keyRelease(code);
    }
    settle();
    return t.getText();
  }

  /** The current text of a field. */
  public static String value(String title, String labelStart) {
    return field(title, labelStart).getText();
  }

  /** Clicks the button labelled {@code label} with the mouse. */
  public static String click(String title, String label) throws Exception {
    Window w = window(title);
    if (w == null) return "no window " + title + "; showing: " + windows();
    List<Component> all = new ArrayList<>();
    collect(w, all);
    for (Component c : all) {
      if (c instanceof Button b && b.getLabel().trim().equals(label)) {
        boolean closes = label.equals("OK") || label.equals("Cancel");
        // A dialog that OK or Cancel closes must go; a click that did not arrive is repeated.
        for (int attempt = 0; attempt < 3; attempt++) {
          click(b);
          if (!closes || "ok".equals(awaitGone(title, "5"))) return "ok";
        }
        // Under Xvfb without a window manager a robot click on a freshly shown dialog is now and then
        // not delivered (the dialog stays, its event queue idle): press the button as AWT would, and say so.
        System.err.println("GuiProbe: the mouse click on " + title + " > " + label + " did not arrive three times; pressed it by event");
        SwingUtilities.invokeAndWait(() -> b.dispatchEvent(new java.awt.event.ActionEvent(b, java.awt.event.ActionEvent.ACTION_PERFORMED, b.getActionCommand())));
        return "ok".equals(awaitGone(title, "30")) ? "ok" : "clicked " + label + " three times and pressed it by event, " + title + " still shows";
      }
    }
    return title + " has no button " + label + ": " + buttons(title);
  }

  private static void click(Component c) throws Exception {
    pin(c);
    Robot r = robot();
    settle();
    Point p = c.getLocationOnScreen();
    moveTo(r, p.x + c.getWidth() / 2, p.y + c.getHeight() / 2);
    r.mousePress(InputEvent.BUTTON1_DOWN_MASK);
    r.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
    settle();
  }

  /** Clicks the row of the dialog's tree whose text starts with {@code rowStart}. */
  public static String clickTree(String title, String rowStart) throws Exception {
    Window w = window(title);
    if (w == null) return "no window " + title;
    List<Component> all = new ArrayList<>();
    collect(w, all);
    JTree tree = (JTree) all.stream().filter(c -> c instanceof JTree).findFirst().orElse(null);
    if (tree == null) return title + " has no tree";
    for (int row = 0; row < tree.getRowCount(); row++) {
      String text = String.valueOf(tree.getPathForRow(row).getLastPathComponent());
      if (!text.startsWith(rowStart)) continue;
      pin(tree);
      Rectangle r = tree.getRowBounds(row);
      Point p = tree.getLocationOnScreen();
      Robot robot = robot();
      moveTo(robot, p.x + r.x + Math.min(r.width / 2, 60), p.y + r.y + r.height / 2);
      robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
      robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
      settle();
      return "ok";
    }
    List<String> rows = new ArrayList<>();
    for (int row = 0; row < tree.getRowCount(); row++) rows.add(String.valueOf(tree.getPathForRow(row).getLastPathComponent()));
    return "no row starting " + rowStart + " in " + rows;
  }

  /**
   * Puts the component's window where Java believes it is. Without a window manager the X server
   * may show a window elsewhere than Java has been told, and then Java's screen coordinates miss it.
   */
  private static void pin(Component c) throws Exception {
    Window w = c instanceof Window win ? win : SwingUtilities.getWindowAncestor(c);
    if (w == null) return;
    SwingUtilities.invokeAndWait(() -> {
      w.setLocation(w.getLocation());
      w.toFront();
    });
    settle();
  }

  /** Moves the pointer and makes sure it arrived (X can drop a motion event sent right after another). */
  private static void moveTo(Robot r, int x, int y) {
    for (int attempt = 0; attempt < 5; attempt++) {
      r.mouseMove(x, y);
      settle();
      Point at = java.awt.MouseInfo.getPointerInfo().getLocation();
      if (at.x == x && at.y == y) return;
    }
  }

  /** The rows of the dialog's tree, one a line. */
  public static String treeRows(String title) {
    Window w = window(title);
    if (w == null) return "no window " + title;
    List<Component> all = new ArrayList<>();
    collect(w, all);
    JTree tree = (JTree) all.stream().filter(c -> c instanceof JTree).findFirst().orElse(null);
    if (tree == null) return "no tree";
    StringBuilder b = new StringBuilder();
    for (int row = 0; row < tree.getRowCount(); row++) b.append(tree.getPathForRow(row).getLastPathComponent()).append('\n');
    return b.toString();
  }

  /** Moves a window (there is no window manager to place them). */
  public static String move(String title, String x, String y) throws Exception {
    Window w = window(title);
    if (w == null) return "no window " + title + "; showing: " + windows();
    SwingUtilities.invokeAndWait(() -> w.setLocation(Integer.parseInt(x), Integer.parseInt(y)));
    settle();
    return "ok";
  }

  /** Captures the screen (or, with a rectangle "x,y,w,h", part of it) into a PNG. */
  public static String shot(String file, String rect) throws Exception {
    Robot r = robot();
    settle();
    Rectangle area = rect == null || rect.isBlank() ? new Rectangle(Toolkit.getDefaultToolkit().getScreenSize()) : parse(rect);
    BufferedImage img = r.createScreenCapture(area);
    ImageIO.write(img, "png", new File(file));
    return file;
  }

  /** The bounds "x,y,w,h" of a window, to crop a screenshot to it. */
  public static String bounds(String title) {
    Window w = window(title);
    if (w == null) return "no window " + title;
    Rectangle b = w.getBounds();
    return b.x + "," + b.y + "," + b.width + "," + b.height;
  }

  private static Rectangle parse(String rect) {
    String[] p = rect.split(",");
    return new Rectangle(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()), Integer.parseInt(p[2].trim()),
        Integer.parseInt(p[3].trim()));
  }

  /** The dialog's messages (ImageJ's multi-line labels and plain labels), one a line. */
  public static String messages(String title) throws Exception {
    Window w = window(title);
    if (w == null) return "no window " + title;
    List<Component> all = new ArrayList<>();
    collect(w, all);
    StringBuilder b = new StringBuilder();
    for (Component c : all) {
      if (c instanceof ij.gui.MultiLineLabel m) {
        java.lang.reflect.Field f = ij.gui.MultiLineLabel.class.getDeclaredField("lines");
        f.setAccessible(true);
        for (String line : (String[]) f.get(m)) b.append(line).append('\n');
      } else if (c instanceof Label l) {
        b.append(l.getText()).append('\n');
      }
    }
    return b.toString();
  }

  /** ImageJ's status line. */
  public static String status() throws Exception {
    java.lang.reflect.Field f = ij.ImageJ.class.getDeclaredField("statusLine");
    f.setAccessible(true);
    return ((javax.swing.JLabel) f.get(IJ.getInstance())).getText();
  }

  private static final List<String> STATUSES = java.util.Collections.synchronizedList(new ArrayList<>());
  private static boolean watching;

  /**
   * From now on, remembers every text ImageJ's status line shows (the mouse over an image, or
   * ImageJ itself, may replace a line a moment after it was shown, before a test can read it).
   */
  public static String watchStatus() throws Exception {
    STATUSES.clear();
    if (!watching) {
      java.lang.reflect.Field f = ij.ImageJ.class.getDeclaredField("statusLine");
      f.setAccessible(true);
      ((javax.swing.JLabel) f.get(IJ.getInstance())).addPropertyChangeListener("text", e -> {
        if (e.getNewValue() != null && !e.getNewValue().toString().isBlank()) STATUSES.add(e.getNewValue().toString());
      });
      watching = true;
    }
    return "ok";
  }

  /** The status lines shown since {@link #watchStatus}, oldest first, one a line. */
  public static String statuses() {
    synchronized (STATUSES) {
      return String.join("\n", STATUSES);
    }
  }

  /** What the macro recorder has recorded so far. */
  public static String recorded() {
    Recorder r = Recorder.getInstance();
    return r == null ? "no recorder" : r.getText();
  }

  /** A results table's headings and rows, tab-separated, one a line. */
  public static String table(String title) {
    ij.measure.ResultsTable rt = ij.measure.ResultsTable.getResultsTable(title);
    if (rt == null) return "no table " + title;
    StringBuilder b = new StringBuilder(String.join("\t", rt.getHeadings())).append('\n');
    for (int i = 0; i < rt.size(); i++) b.append(rt.getRowAsString(i)).append('\n');
    return b.toString();
  }

  /** An image property of the open image titled {@code title}. */
  public static String prop(String title, String key) {
    ij.ImagePlus imp = WindowManager.getImage(title);
    return imp == null ? "no image " + title : String.valueOf(imp.getProp(key));
  }

  /** The titles of the open images. */
  public static String images() {
    int[] ids = WindowManager.getIDList();
    if (ids == null) return "";
    List<String> out = new ArrayList<>();
    for (int id : ids) out.add(WindowManager.getImage(id).getTitle());
    return String.join("|", out);
  }

  /**
   * Lets the event queue run what was posted before, and the X server deliver the robot's last
   * events. Bounded, unlike {@code Robot.waitForIdle}, which on an Xvfb without a window manager
   * now and then waited for ever.
   */
  private static void settle() {
    try {
      for (int i = 0; i < 2; i++) {
        Thread.sleep(100);
        SwingUtilities.invokeAndWait(() -> {});
      }
    } catch (InterruptedException | java.lang.reflect.InvocationTargetException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Robot robot0() {
    try {
      return robot();
    } catch (AWTException e) {
      throw new IllegalStateException(e);
    }
  }
}
