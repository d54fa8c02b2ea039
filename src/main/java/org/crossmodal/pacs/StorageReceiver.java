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
  private final StorageSOPClassSCPDispatcher dispatcher;
  private final Thread thread;

  private StorageReceiver(StorageSOPClassSCPDispatcher dispatcher, Thread thread) {
    this.dispatcher = dispatcher;
    this.thread = thread;
  }

  static StorageReceiver start(PacsConfig c, CacheFiler filer, Path staging) throws PacsException {
    try (ServerSocket probe = new ServerSocket(c.storagePort())) {
      probe.setReuseAddress(true);
    } catch (IOException e) {
      throw new PacsException("the storage port " + c.storagePort() + " for C-MOVE is in use (" + e.getMessage() + ")", true, e);
    }
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
      return new StorageReceiver(d, t);
    } catch (IOException e) {
      throw new PacsException("the storage SCP could not start on port " + c.storagePort() + ": " + e.getMessage(), true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PacsException("interrupted while starting the storage SCP", false, e);
    }
  }

  @Override
  public void close() {
    dispatcher.shutdown();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
