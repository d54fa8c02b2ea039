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

  public static ImageOrigin unknown() {
    return new ImageOrigin(null, "", "", "", "", "");
  }
}
