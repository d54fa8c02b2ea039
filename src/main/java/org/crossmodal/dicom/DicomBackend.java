package org.crossmodal.dicom;

import java.nio.file.Path;

/**
 * The seam between the project and a DICOM toolkit. PixelMed implements it here because dcm4che is
 * not obtainable on this project's machines (see docs/dicom-ingest.md); a dcm4che backend would
 * implement the same two methods.
 */
public interface DicomBackend {
  /** Reads attributes and checks that pixel data is present and complete, without decoding it. */
  InstanceHeader readHeader(Path file) throws DicomFileException;

  /** Decodes all frames of one instance. */
  DecodedInstance decode(Path file) throws DicomFileException;

  /** The backend used unless a caller picks another. */
  static DicomBackend standard() {
    return PixelMedBackend.INSTANCE;
  }
}
