package org.crossmodal.fiji;

import ij.gui.GenericDialog;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.GraphicsEnvironment;
import java.awt.Panel;
import java.awt.TextField;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.swing.JScrollPane;
import javax.swing.JTree;
import javax.swing.tree.DefaultMutableTreeNode;
import javax.swing.tree.TreePath;
import javax.swing.tree.TreeSelectionModel;
import org.crossmodal.dicom.SeriesInfo;

/**
 * Chooses series from a scan: a study → series tree (study date and description; per series its
 * modality, description, frames and size; never patient names). Picking a series, a study (all its
 * series) or the top (all) fills the {@code series} field with Series Instance UIDs, which is what a
 * macro records, so a recorded macro picks the same series wherever the folder moves.
 */
final class SeriesChooser {
  static final String ALL = "all";

  private SeriesChooser() {}

  /** One tree node: its label and the UIDs it stands for. */
  record Node(String label, String uids) {
    @Override
    public String toString() {
      return label;
    }
  }

  /** The chosen series (empty when cancelled); {@code location} names the scan in messages. */
  static List<SeriesInfo> choose(List<SeriesInfo> series, String location) throws IOException {
    if (series.size() == 1) return series;
    Map<String, List<SeriesInfo>> studies = byStudy(series);
    GenericDialog gd = new GenericDialog("Choose DICOM Series");
    gd.addMessage(studies.size() + (studies.size() == 1 ? " study" : " studies") + " with " + series.size() + " series in " + location
        + ": pick a series, a study (all its series) or the top (all).");
    JTree tree = GraphicsEnvironment.isHeadless() ? null : tree(studies, series.size());
    if (tree != null) {
      Panel panel = new Panel(new BorderLayout());
      JScrollPane scroll = new JScrollPane(tree);
      scroll.setPreferredSize(new Dimension(560, Math.min(420, 40 + 20 * (series.size() + studies.size()))));
      panel.add(scroll, BorderLayout.CENTER);
      gd.addPanel(panel);
    }
    gd.addStringField("Series (UIDs, comma-separated, or \"all\")", series.get(0).seriesId(), 48);
    TextField field = Fields.lastStringField(gd);
    if (tree != null && field != null) {
      tree.addTreeSelectionListener(e -> {
        TreePath p = tree.getSelectionPath();
        if (p != null) field.setText(((Node) ((DefaultMutableTreeNode) p.getLastPathComponent()).getUserObject()).uids());
      });
      tree.setSelectionRow(2);
    }
    Fields.help(gd, "open-studies");
    gd.showDialog();
    if (gd.wasCanceled()) return List.of();
    return pick(series, gd.getNextString().trim(), location);
  }

  static Map<String, List<SeriesInfo>> byStudy(List<SeriesInfo> series) {
    Map<String, List<SeriesInfo>> studies = new LinkedHashMap<>();
    for (SeriesInfo s : series) studies.computeIfAbsent(s.studyInstanceUid(), k -> new ArrayList<>()).add(s);
    return studies;
  }

  private static JTree tree(Map<String, List<SeriesInfo>> studies, int count) {
    DefaultMutableTreeNode root = new DefaultMutableTreeNode(new Node("all " + count + " series", ALL));
    for (List<SeriesInfo> study : studies.values()) {
      DefaultMutableTreeNode node = new DefaultMutableTreeNode(new Node(studyLabel(study),
          String.join(",", study.stream().map(SeriesInfo::seriesId).toList())));
      for (SeriesInfo s : study) node.add(new DefaultMutableTreeNode(new Node(seriesLabel(s), s.seriesId())));
      root.add(node);
    }
    JTree tree = new JTree(root);
    tree.getSelectionModel().setSelectionMode(TreeSelectionModel.SINGLE_TREE_SELECTION);
    for (int i = 0; i < tree.getRowCount(); i++) tree.expandRow(i);
    tree.setName("series tree");
    return tree;
  }

  /** "1994-01-30  Echocardiogram  (1 series)": date and description, no patient data. */
  static String studyLabel(List<SeriesInfo> study) {
    SeriesInfo s = study.get(0);
    String d = s.studyDate();
    String date = d.matches("\\d{8}") ? d.substring(0, 4) + "-" + d.substring(4, 6) + "-" + d.substring(6) : "no date";
    String description = s.studyDescription().isBlank() ? "no description" : s.studyDescription();
    return date + "  " + description + "  (" + study.size() + (study.size() == 1 ? " series)" : " series)");
  }

  /** "US  PS LAX MR & AI  10 frames  600x430". */
  static String seriesLabel(SeriesInfo s) {
    String description = s.seriesDescription() == null || s.seriesDescription().isBlank() ? "no description" : s.seriesDescription().trim();
    String unit = s.frames() == 1 ? " image" : "US".equals(s.modality()) ? " frames" : " images";
    return String.format(Locale.ROOT, "%s  %s  %d%s  %dx%d", s.modality(), description, s.frames(), unit, s.columns(), s.rows());
  }

  /**
   * The series a field value names: "all", UIDs, or (macros recorded before UIDs) "N: title" by
   * position; an unknown UID is an error naming the location.
   */
  static List<SeriesInfo> pick(List<SeriesInfo> series, String value, String location) throws IOException {
    if (value.isEmpty() || value.equalsIgnoreCase(ALL) || value.equalsIgnoreCase("all series")) return series;
    java.util.regex.Matcher old = java.util.regex.Pattern.compile("^(\\d+): ").matcher(value);
    if (old.find()) {
      int i = Integer.parseInt(old.group(1)) - 1;
      if (i >= 0 && i < series.size()) return List.of(series.get(i));
    }
    List<SeriesInfo> out = new ArrayList<>();
    for (String uid : value.split(",")) {
      String u = uid.trim();
      // A part of a split series is named by its identifier (UID_suffix); a bare UID still names a whole series.
      SeriesInfo match = series.stream().filter(s -> u.equals(s.seriesId()) || u.equals(s.seriesInstanceUid())).findFirst()
          .orElseThrow(() -> new IOException(location + ": no series " + u + " (it holds " + series.size() + " series)"));
      out.add(match);
    }
    return out;
  }
}
