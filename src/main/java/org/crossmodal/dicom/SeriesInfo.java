package org.crossmodal.dicom;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * One row of the study listing: a series (or an unreadable file, with {@code error} set and no
 * UIDs). {@code frames} counts slices of a volume, frames of a cine, or slices after a mosaic
 * split. Instances are kept in slice order. Carries no patient identifiers.
 * {@code seriesId} tells apart the parts of a series split by image size or orientation
 * ({@link SubSeries}); it is the Series Instance UID itself when there was nothing to split.
 * {@code warning} says what was left out of a series that still loads (null when nothing was).
 */
@JsonPropertyOrder({"studyInstanceUid", "seriesInstanceUid", "modality", "rows", "columns", "frames",
    "instances", "transferSyntaxUid", "photometricInterpretation", "seriesDescription", "error", "seriesId", "warning"})
public record SeriesInfo(
    String studyInstanceUid,
    String seriesInstanceUid,
    String modality,
    int rows,
    int columns,
    int frames,
    int instances,
    String transferSyntaxUid,
    String photometricInterpretation,
    String seriesDescription,
    String error,
    String seriesId,
    String warning,
    @JsonIgnore List<InstanceHeader> instanceHeaders) {

  static SeriesInfo unreadable(String error) {
    return new SeriesInfo(null, null, null, 0, 0, 0, 0, null, null, null, error, null, null, List.of());
  }

  SeriesInfo withError(String message) {
    return new SeriesInfo(studyInstanceUid, seriesInstanceUid, modality, rows, columns, frames, instances, transferSyntaxUid,
        photometricInterpretation, seriesDescription, message, seriesId, warning, instanceHeaders);
  }

  /** What sets this part of a split series apart ("_COLSxROWS", "_axial", ...), "" for a whole series. */
  @JsonIgnore
  public String partSuffix() {
    return seriesId == null || seriesInstanceUid == null ? "" : seriesId.substring(seriesInstanceUid.length());
  }

  @JsonIgnore
  public boolean isLoadable() {
    return error == null;
  }

  /** Body Part Examined of the series' first instance ("" when absent). */
  @JsonIgnore
  public String bodyPartExamined() {
    return instanceHeaders.isEmpty() ? "" : instanceHeaders.get(0).bodyPartExamined();
  }

  /** Study Date (yyyyMMdd) of the series' first instance ("" when absent). */
  @JsonIgnore
  public String studyDate() {
    return instanceHeaders.isEmpty() ? "" : instanceHeaders.get(0).studyDate();
  }

  /** Study Description of the series' first instance ("" when absent). */
  @JsonIgnore
  public String studyDescription() {
    return instanceHeaders.isEmpty() ? "" : instanceHeaders.get(0).studyDescription();
  }

  @JsonIgnore
  public List<Path> files() {
    return instanceHeaders.stream().map(InstanceHeader::file).toList();
  }
}
