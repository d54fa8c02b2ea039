package org.crossmodal.pacs;

/** One patient a PACS search found (patient level); {@code studies} is -1 when the PACS did not say. */
public record PatientMatch(Patient patient, int studies) {}
