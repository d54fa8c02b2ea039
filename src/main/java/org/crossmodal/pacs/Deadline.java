package org.crossmodal.pacs;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounds a blocking DIMSE call in time. PixelMed's SCUs set no connect or read timeout on their
 * sockets, so a peer that accepts and never answers would block forever: the call runs on a daemon
 * thread and is abandoned (interrupted) when the time is up; that thread ends when the peer closes.
 */
final class Deadline {
  interface Call<T> {
    T call() throws Exception;
  }

  private Deadline() {}

  static <T> T run(PacsConfig config, Call<T> body) throws PacsException {
    FutureTask<T> task = new FutureTask<>((Callable<T>) body::call);
    Thread t = new Thread(task, "crossmodal-dimse");
    t.setDaemon(true);
    t.start();
    try {
      return task.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      task.cancel(true);
      throw new PacsException("no answer from " + config.peer() + " within " + seconds(config) + " s (timeout)", true, e);
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      throw new PacsException("interrupted while waiting for " + config.peer(), false, e);
    } catch (ExecutionException e) {
      throw DimseErrors.translate(e.getCause(), config);
    }
  }

  private static String seconds(PacsConfig c) {
    return String.format(java.util.Locale.ROOT, "%.1f", c.timeout().toMillis() / 1000.0);
  }
}
