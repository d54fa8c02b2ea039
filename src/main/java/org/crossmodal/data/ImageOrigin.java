package org.crossmodal.data;

import java.nio.file.Path;

/**
 * Where an image came from and what it says it shows, for naming results after it, for a DICOM SEG
 * of it, and for checking it against what a model was trained for: the file or folder it was read
 * from, the Series Instance UID, Modality, Body Part Examined and the study's and series'
 * descriptions ("" when unknown; never patient identifiers).
 */
public record ImageOrigin(Path source, String seriesInstanceUid, String modality, String bodyPartExamined,
    String studyDescription, String seriesDescription) {

  public ImageOrigin {
    seriesInstanceUid = seriesInstanceUid == null ? "" : seriesInstanceUid;
    modality = modality == null ? "" : modality.trim();
    bodyPartExamined = bodyPartExamined == null ? "" : bodyPartExamined.trim();
    studyDescription = studyDescription == null ? "" : studyDescription.trim();
    seriesDescription = seriesDescription == null ? "" : seriesDescription.trim();
  }

  /** A file without DICOM attributes (NIfTI, TIFF, PNG). */
  public static ImageOrigin file(Path source, String modality) {
    return new ImageOrigin(source, "", modality, "", "", "");
  }

  /** This origin with {@code modality} where it says none; unchanged where it says one. */
  public ImageOrigin orModality(String modality) {
    return !this.modality.isEmpty() || modality == null ? this
        : new ImageOrigin(source, seriesInstanceUid, modality, bodyPartExamined, studyDescription, seriesDescription);
  }

  public static ImageOrigin unknown() {
    return new ImageOrigin(null, "", "", "", "", "");
  }

  /** Image properties that carry an origin with an ImageJ image (kept when it is saved as TIFF). */
  public static final String SOURCE = "CrossModal.source", SERIES = "SeriesInstanceUID", MODALITY = "Modality",
      BODY_PART = "BodyPartExamined", STUDY = "StudyDescription", SERIES_DESCRIPTION = "SeriesDescription";

  /** Puts this origin into {@code imp}'s properties. */
  public void attach(ij.ImagePlus imp) {
    if (source != null) imp.setProp(SOURCE, source.toAbsolutePath().toString());
    if (!seriesInstanceUid.isEmpty()) imp.setProp(SERIES, seriesInstanceUid);
    if (!modality.isEmpty()) imp.setProp(MODALITY, modality);
    if (!bodyPartExamined.isEmpty()) imp.setProp(BODY_PART, bodyPartExamined);
    if (!studyDescription.isEmpty()) imp.setProp(STUDY, studyDescription);
    if (!seriesDescription.isEmpty()) imp.setProp(SERIES_DESCRIPTION, seriesDescription);
  }

  /** The origin an ImageJ image carries: its properties, else the file it was opened from. */
  public static ImageOrigin of(ij.ImagePlus imp) {
    String src = imp.getProp(SOURCE);
    Path source = src != null ? Path.of(src) : null;
    if (source == null && imp.getOriginalFileInfo() != null && imp.getOriginalFileInfo().directory != null
        && imp.getOriginalFileInfo().fileName != null) {
      source = Path.of(imp.getOriginalFileInfo().directory, imp.getOriginalFileInfo().fileName);
    }
    return new ImageOrigin(source, imp.getProp(SERIES), imp.getProp(MODALITY), imp.getProp(BODY_PART), imp.getProp(STUDY),
        imp.getProp(SERIES_DESCRIPTION));
  }
}
