package org.crossmodal.pacs;

import com.pixelmed.dicom.StoredFilePathStrategy;
import com.pixelmed.network.AnyExplicitStorePresentationContextSelectionPolicy;
import com.pixelmed.network.StorageSOPClassSCPDispatcher;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * Our storage SCP for C-MOVE (PixelMed's dispatcher on {@code config.storagePort()}, AE
 * {@code config.callingAet()}): every instance the PACS sends lands in the staging folder and the
 * {@link CacheFiler} moves it into the cache. It accepts any explicit transfer syntax, so compressed instances arrive
 * as stored, not transcoded. PixelMed listens on all interfaces (it has no bind-address option).
 */
final class StorageReceiver implements AutoCloseable {
  /** A little more than PixelMed's own 5 s accept poll: how long a port we just closed may stay bound. */
  private static final long RELEASE_WAIT_NANOS = 6_000_000_000L;
  private final StorageSOPClassSCPDispatcher dispatcher;

  private StorageReceiver(StorageSOPClassSCPDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  static StorageReceiver start(PacsConfig c, CacheFiler filer, Path staging) throws PacsException {
    awaitFreePort(c.storagePort());
    try {
      StorageSOPClassSCPDispatcher d = new StorageSOPClassSCPDispatcher(c.storagePort(), c.callingAet(), staging.toFile(),
          StoredFilePathStrategy.BYSOPINSTANCEUIDINSINGLEFOLDER, filer, null, null, null, null,
          new AnyExplicitStorePresentationContextSelectionPolicy(), false);
      shortenAcceptPoll(d);
      Thread t = new Thread(d, "crossmodal-storage-scp");
      t.setDaemon(true);
      t.start();
      long end = System.nanoTime() + c.timeout().toNanos();
      while (!d.isReady()) {
        if (System.nanoTime() > end || !t.isAlive()) {
          d.shutdown();
          throw new PacsException("the storage SCP did not start on port " + c.storagePort(), true);
        }
        Thread.sleep(10);
      }
      return new StorageReceiver(d);
    } catch (IOException e) {
      throw new PacsException("the storage SCP could not start on port " + c.storagePort() + ": " + e.getMessage(), true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PacsException("interrupted while starting the storage SCP", false, e);
    }
  }

  /** Stops listening without waiting: the listener frees the port within its accept poll; the next {@link #start} waits for it. */
  @Override
  public void close() {
    dispatcher.shutdown();
  }

  /**
   * PixelMed's listener checks for shutdown only between 5 s accept timeouts (a private field, no
   * setter), which would hold the port 5 s after each retrieve. 200 ms instead; if a PixelMed
   * version lacks the field, {@link #awaitFreePort} still covers the longer wait.
   */
  private static void shortenAcceptPoll(StorageSOPClassSCPDispatcher d) {
    try {
      java.lang.reflect.Field f = StorageSOPClassSCPDispatcher.class.getDeclaredField("timeoutBeforeCheckingForInterrupted");
      f.setAccessible(true);
      f.setInt(d, 200);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // keep PixelMed's own poll
    }
  }

  private static void awaitFreePort(int port) throws PacsException {
    long end = System.nanoTime() + RELEASE_WAIT_NANOS;
    while (true) {
      try (ServerSocket probe = new ServerSocket(port)) {
        return;
      } catch (IOException e) {
        if (System.nanoTime() > end) {
          throw new PacsException("the storage port " + port + " for C-MOVE is in use (" + e.getMessage() + ")", true, e);
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PacsException("interrupted while waiting for the storage port " + port, false, e);
      }
    }
  }
}
