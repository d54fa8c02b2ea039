package org.crossmodal.simulate;

/**
 * Acoustic properties of one tissue: scattering strength (relative amplitude of its speckle),
 * how much the MRI texture modulates it, acoustic impedance (MRayl; steps between tissues reflect),
 * and attenuation (dB/cm/MHz).
 */
public record Tissue(String name, double scattering, double textureModulation, double impedance, double attenuation) {}
