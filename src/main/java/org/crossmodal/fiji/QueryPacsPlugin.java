package org.crossmodal.fiji;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.crossmodal.pacs.Pacs;
import org.crossmodal.pacs.PacsConfig;
import org.crossmodal.pacs.QueryFilter;
import org.crossmodal.pacs.StudyMatch;

/**
 * Plugins › CrossModal Transfer › Query PACS…: search a PACS, list the studies in a results table,
 * retrieve the chosen one into the local cache and open it as Open DICOM Studies would. Patient ID,
 * patient name and study date are search terms about a patient: they start empty every time and are
 * never remembered (ImageJ writes remembered values to IJ_Prefs.txt).
 */
public final class QueryPacsPlugin implements PlugIn {
  static final String TABLE = "PACS Studies";
  static final String[] METHODS = {"C-MOVE", "C-GET"};
  /** Preference keys earlier versions used for patient search terms; cleared on every run. */
  static final String[] FORGOTTEN = {"pacs.patient", "pacs.name", "pacs.date"};

  @Override
  public void run(String arg) {
    for (String key : FORGOTTEN) Fields.forget(key);
    GenericDialog gd = new GenericDialog("Query PACS");
    PacsFields.add(gd);
    gd.addStringField("Patient ID", "", 20);
    gd.addStringField("Name of patient (* wildcards)", "", 20);
    gd.addStringField("Date of study (YYYYMMDD or range)", "", 20);
    gd.addStringField("Modality (e.g. US)", Fields.last("pacs.modality", ""), 8);
    Fields.directory(gd, "Cache folder", "pacs.cache", Path.of(System.getProperty("user.home"), ".cache", "crossmodal", "pacs").toString());
    gd.addChoice("Retrieve with (DIMSE)", METHODS, Fields.last("pacs.method", METHODS[0]));
    gd.addCheckbox("Show patient identifiers in the table", false);
    gd.showDialog();
    if (gd.wasCanceled()) return;
    Jobs.run("Query PACS", () -> {
      PacsConfig config = PacsFields.read(gd);
      QueryFilter filter = new QueryFilter(Fields.nextUnremembered(gd), Fields.nextUnremembered(gd), Fields.nextUnremembered(gd),
          Fields.nextString(gd, "pacs.modality"), null);
      Path cache = Path.of(Fields.required(Fields.nextString(gd, "pacs.cache"), "cache folder"));
      String method = gd.getNextChoice();
      Fields.remember("pacs.method", method);
      boolean showPatient = gd.getNextBoolean();
      Pacs pacs = new Pacs(config, method.equals("C-GET") ? Pacs.Method.GET : Pacs.Method.MOVE, IJ::log);
      List<StudyMatch> studies = pacs.findStudies(filter);
      if (studies.isEmpty()) throw new IOException("no study on " + config.peer() + " matches the filters");
      table(studies, showPatient).show(TABLE);
      StudyMatch chosen = choose(studies);
      if (chosen == null) return;
      Pacs.Retrieval r = pacs.retrieve(chosen.studyInstanceUid(), cache);
      IJ.log("Query PACS: study " + r.studyInstanceUid() + ": " + r.transferred() + " files transferred, " + r.alreadyCached()
          + " already cached, in " + r.folder());
      OpenStudiesPlugin.open(r.folder());
    });
  }

  /** One row per study; searchable and filterable in Fiji. Patient columns only when asked for. */
  static ResultsTable table(List<StudyMatch> studies, boolean showPatient) {
    ResultsTable rt = new ResultsTable();
    for (StudyMatch s : studies) {
      rt.incrementCounter();
      s.describe(showPatient).forEach((k, v) -> {
        if (v instanceof Number n) rt.addValue(k, n.doubleValue());
        else rt.addValue(k, v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(v));
      });
    }
    return rt;
  }

  /** A chooser when more than one study matched; macros pass {@code study=[<label>]}. */
  private static StudyMatch choose(List<StudyMatch> studies) {
    if (studies.size() == 1) return studies.get(0);
    String[] labels = studies.stream().map(QueryPacsPlugin::label).toArray(String[]::new);
    GenericDialog gd = new GenericDialog("Choose a study");
    gd.addChoice("Study", labels, labels[0]);
    gd.showDialog();
    return gd.wasCanceled() ? null : studies.get(gd.getNextChoiceIndex());
  }

  /** UID, date and modalities: no patient identifiers. */
  static String label(StudyMatch s) {
    return s.studyInstanceUid() + "  " + s.studyDate() + "  " + String.join(",", s.modalities());
  }
}
