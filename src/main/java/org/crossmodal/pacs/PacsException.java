package org.crossmodal.pacs;

import java.io.IOException;

/** A PACS operation failed; {@code retryable} when trying again later may help (refused, timeout, network). */
public final class PacsException extends IOException {
  private final boolean retryable;

  public PacsException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public PacsException(String message, boolean retryable) {
    this(message, retryable, null);
  }

  public boolean retryable() {
    return retryable;
  }
}
