package org.crossmodal.fiji;

import ij.Prefs;
import ij.gui.GenericDialog;
import java.awt.GraphicsEnvironment;
import java.awt.TextField;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Dialog fields that remember their last value (ImageJ preferences, key {@code crossmodal.NAME}).
 * The first word of every label is unique within its dialog, so macros record and replay it.
 * Output folders default to absolute paths next to the input (never ImageJ's working folder), and
 * every dialog has a Help button showing its page.
 */
final class Fields {
  private Fields() {}

  static String last(String key, String fallback) {
    return Prefs.get("crossmodal." + key, fallback);
  }

  static void remember(String key, Object value) {
    Prefs.set("crossmodal." + key, String.valueOf(value));
  }

  /** A path with a Browse button; headless ImageJ's dialog has no such field, so there it is a text field (same macro key). */
  static void file(GenericDialog gd, String label, String key, String fallback) {
    if (GraphicsEnvironment.isHeadless()) gd.addStringField(label, last(key, fallback), 40);
    else gd.addFileField(label, last(key, fallback), 40);
  }

  static void directory(GenericDialog gd, String label, String key, String fallback) {
    if (GraphicsEnvironment.isHeadless()) gd.addStringField(label, last(key, fallback), 40);
    else gd.addDirectoryField(label, last(key, fallback), 40);
  }

  /** A folder field whose value is given (not remembered): an output derived from the input. */
  static void directoryWithValue(GenericDialog gd, String label, String value) {
    if (GraphicsEnvironment.isHeadless()) gd.addStringField(label, value, 40);
    else gd.addDirectoryField(label, value, 40);
  }

  /** A file field whose value is given (not remembered): an output derived from the input. */
  static void fileWithValue(GenericDialog gd, String label, String value) {
    if (GraphicsEnvironment.isHeadless()) gd.addStringField(label, value, 40);
    else gd.addFileField(label, value, 40);
  }

  static void number(GenericDialog gd, String label, String key, double fallback, int digits) {
    gd.addNumericField(label, Double.parseDouble(last(key, String.valueOf(fallback))), digits);
  }

  /** The last string field added, or null in headless ImageJ (whose dialogs have no components). */
  static TextField lastStringField(GenericDialog gd) {
    var v = gd.getStringFields();
    return v == null || v.isEmpty() ? null : (TextField) v.lastElement();
  }

  static TextField lastNumericField(GenericDialog gd) {
    var v = gd.getNumericFields();
    return v == null || v.isEmpty() ? null : (TextField) v.lastElement();
  }

  /**
   * Keeps {@code output} next to {@code input}: whenever the input changes and the output still
   * holds what was derived from the earlier input (the user has not typed one of their own), the
   * output follows.
   */
  static void follow(TextField input, TextField output, Function<String, String> derive) {
    if (input == null || output == null) return;
    String[] derived = {derive.apply(input.getText().trim())};
    input.addTextListener(e -> {
      String next = derive.apply(input.getText().trim());
      if (same(output.getText(), derived[0]) || output.getText().isBlank()) output.setText(next);
      derived[0] = next;
    });
  }

  /** The same path, whatever trailing separator a folder field adds. */
  static boolean same(String a, String b) {
    return strip(a).equals(strip(b));
  }

  private static String strip(String p) {
    String t = p.trim();
    while (t.length() > 1 && (t.endsWith("/") || t.endsWith(java.io.File.separator))) t = t.substring(0, t.length() - 1);
    return t;
  }

  /** {@code name} next to {@code input} (a file or folder), as an absolute path; in the home folder when there is no input. */
  static String nextTo(String input, String name) {
    if (input == null || input.isBlank()) return home(name);
    Path p = Path.of(input).toAbsolutePath().normalize();
    Path parent = p.getParent() == null ? p : p.getParent();
    return parent.resolve(name).toString();
  }

  /** {@code input}'s name without extension, followed by {@code suffix}: "echo.dcm" → "echo-segmentation". */
  static String stemOf(String input, String suffix, String fallback) {
    if (input == null || input.isBlank()) return fallback;
    Path name = Path.of(input).getFileName();
    return name == null ? fallback : name.toString().replaceAll("(?i)\\.(nii\\.gz|nii|tiff?|dcm|zip|png|jpe?g|model\\.zip|yaml|yml|json)$", "")
        + suffix;
  }

  /** The remembered output when it is an absolute path, else {@code derived} (an absolute path next to the input). */
  static String output(String key, String derived) {
    String v = last(key, "");
    return !v.isBlank() && Path.of(v).isAbsolute() ? v : derived;
  }

  /**
   * Whether a running macro gives {@code key}: a dialog's default (which may come from the last
   * configuration, not the macro's) must not override the macro's configuration.
   */
  static boolean macroGives(String key) {
    String options = ij.Macro.getOptions();
    return options == null || ij.Macro.getValue(options, key, null) != null;
  }

  /**
   * The next choice, or, when a running macro names a value that is not among the choices (an image
   * that is not open), that value: ImageJ would quietly take the default instead, and the command
   * would run on another image than the macro says.
   */
  static String nextChoiceAsGiven(GenericDialog gd, String key) {
    String chosen = gd.getNextChoice();
    String options = ij.Macro.getOptions();
    String given = options == null ? null : ij.Macro.getValue(options, key, null);
    return given != null && !given.equals(chosen) ? given : chosen;
  }

  /** A folder under ~/CrossModal, where runs go when nothing says otherwise. */
  static String home(String name) {
    return Path.of(System.getProperty("user.home"), "CrossModal", name).toAbsolutePath().toString();
  }

  /**
   * An output path as given, made absolute: a relative one is taken relative to {@code base} (the
   * input's folder), never to ImageJ's working folder.
   */
  static Path absolute(String value, String base) {
    Path p = Path.of(value);
    if (p.isAbsolute()) return p.normalize();
    Path b = base == null || base.isBlank() ? Path.of(home("")) : Path.of(base).toAbsolutePath();
    Path dir = Files.isDirectory(b) ? b : b.getParent() == null ? b : b.getParent();
    return dir.resolve(p).normalize();
  }

  /** The Help button: the command's page, from the plugin jar. */
  static void help(GenericDialog gd, String page) {
    gd.addHelp(helpPage(page));
  }

  static String helpPage(String page) {
    try (InputStream in = Fields.class.getResourceAsStream("help/" + page + ".html")) {
      if (in == null) throw new IllegalStateException("no help page " + page);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("help page " + page + ": " + e.getMessage(), e);
    }
  }

  /** The next string field's value, remembered; null when empty. */
  static String nextString(GenericDialog gd, String key) {
    String v = gd.getNextString().trim();
    remember(key, v);
    return v.isEmpty() ? null : v;
  }

  /** The next string field's value, not remembered (patient search terms); null when empty. */
  static String nextUnremembered(GenericDialog gd) {
    String v = gd.getNextString().trim();
    return v.isEmpty() ? null : v;
  }

  /** Removes a remembered value. */
  static void forget(String key) {
    Prefs.set("crossmodal." + key, (String) null);
  }

  /** A field that must not be empty: its value, or an error saying it is missing. */
  static String required(String value, String what) throws IOException {
    if (value == null) throw new IOException("no " + what + " given");
    return value;
  }

  static double nextNumber(GenericDialog gd, String key) {
    double v = gd.getNextNumber();
    remember(key, v);
    return v;
  }
}
