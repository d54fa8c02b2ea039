package org.crossmodal.pacs;

/** One series of a study on the PACS; {@code instances} is -1 when the PACS did not say. */
public record SeriesMatch(String studyInstanceUid, String seriesInstanceUid, String modality, String seriesNumber,
    String description, int instances) {}
