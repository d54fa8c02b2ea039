package org.crossmodal.model;

/** Which domain's batch-norm statistics a network uses now; shared by all its {@link DomainBatchNorm}s. */
public final class DomainSwitch {
  public static final int MRI = 0;
  public static final int ULTRASOUND = 1;

  private int active = MRI;

  public int active() {
    return active;
  }

  /** Selects {@code domain} until the scope closes, then the domain active before. */
  public ModeScope use(int domain) {
    int previous = active;
    active = domain;
    return () -> active = previous;
  }
}
