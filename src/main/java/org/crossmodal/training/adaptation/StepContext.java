package org.crossmodal.training.adaptation;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * What the methods see of one student step. {@code ramp} rises from 0 to 1 over the run
 * (2/(1+e^(−10p))−1 of progress p); {@code pseudoLabelled}: whether the ultrasound labels count yet
 * (not in the warm-up); {@code images}: MRI and ultrasound images of the step together;
 * {@code ultrasound}: [images, labels, weights] of the ultrasound batch; {@code ultrasoundDomain}: the
 * batch norms ultrasound uses. Arrays made here belong to {@code manager}, closed after the step.
 */
public record StepContext(NDManager manager, float ramp, boolean pseudoLabelled, int images, NDList ultrasound,
    int ultrasoundDomain) {}
