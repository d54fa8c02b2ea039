package org.crossmodal.fiji;

import ij.Prefs;
import ij.gui.GenericDialog;
import java.awt.GraphicsEnvironment;

/**
 * Dialog fields that remember their last value (ImageJ preferences, key {@code crossmodal.NAME}).
 * The first word of every label is unique within its dialog, so macros record and replay it.
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

  static void number(GenericDialog gd, String label, String key, double fallback, int digits) {
    gd.addNumericField(label, Double.parseDouble(last(key, String.valueOf(fallback))), digits);
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
  static String required(String value, String what) throws java.io.IOException {
    if (value == null) throw new java.io.IOException("no " + what + " given");
    return value;
  }

  static double nextNumber(GenericDialog gd, String key) {
    double v = gd.getNextNumber();
    remember(key, v);
    return v;
  }
}
