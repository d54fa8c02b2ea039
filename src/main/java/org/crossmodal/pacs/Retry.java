package org.crossmodal.pacs;

import java.util.function.Consumer;

/** Bounded retries with exponential backoff; permanent failures (e.g. a rejected association) are not retried. */
final class Retry {
  interface Attempt<T> {
    T run() throws PacsException;
  }

  private Retry() {}

  /** Runs {@code attempt} up to {@code config.attempts()} times; the error names {@code what} and the last cause. */
  static <T> T run(PacsConfig config, String what, Consumer<String> log, Attempt<T> attempt) throws PacsException {
    long delay = config.backoff().toMillis();
    for (int i = 1; ; i++) {
      try {
        return attempt.run();
      } catch (PacsException e) {
        if (!e.retryable() || i >= config.attempts()) {
          String tries = i > 1 ? " (gave up after " + i + " attempts)" : "";
          throw new PacsException(what + ": " + e.getMessage() + tries, false, e);
        }
        log.accept(what + ": attempt " + i + " of " + config.attempts() + " failed (" + e.getMessage() + "); retrying in "
            + delay + " ms");
        try {
          Thread.sleep(delay);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new PacsException(what + ": interrupted while waiting to retry", false, e);
        }
        delay *= 2;
      }
    }
  }
}
