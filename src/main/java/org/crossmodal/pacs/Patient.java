package org.crossmodal.pacs;

/** Patient identifiers of a match: shown only when the user asks, never logged. */
public record Patient(String name, String id, String birthDate) {}
