package org.crossmodal.data;

/**
 * A volume with its place in the patient ({@code grid}; null when the file gives none, as ImageJ
 * TIFF stacks and DICOM SEG frames read here do) and the file it came from, for messages.
 */
public record OrientedVolume(Volume volume, PatientGrid grid, String source) {}
