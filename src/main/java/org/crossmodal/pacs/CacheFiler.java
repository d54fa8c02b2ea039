package org.crossmodal.pacs;

import com.pixelmed.network.ReceivedObjectHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Called by PixelMed once a received instance is completely written: moves it into the cache and counts it. */
final class CacheFiler extends ReceivedObjectHandler {
  private final StudyCache cache;
  private final AtomicInteger received = new AtomicInteger();
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

  CacheFiler(StudyCache cache) {
    this.cache = cache;
  }

  @Override
  public void sendReceivedObjectIndication(String fileName, String transferSyntax, String callingAETitle) {
    if (fileName == null) return;
    try {
      cache.accept(Path.of(fileName));
      received.incrementAndGet();
    } catch (IOException e) {
      errors.add(e.getMessage());
    }
  }

  int received() {
    return received.get();
  }

  List<String> errors() {
    return List.copyOf(errors);
  }
}
