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
  /** A little more than PixelMed's accept poll: how long a port we just closed may stay bound. */
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

  /**
   * Stops listening without waiting: PixelMed's listener notices within its 5 s accept poll and then
   * frees the port; the next {@link #start} on that port waits for it.
   */
  @Override
  public void close() {
    dispatcher.shutdown();
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
