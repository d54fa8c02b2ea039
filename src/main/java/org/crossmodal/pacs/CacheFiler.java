package org.crossmodal.pacs;

import com.pixelmed.network.ReceivedObjectHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Called by PixelMed once a received instance is completely written: moves it into the cache and
 * counts it. Only the instances asked for are filed: our storage SCP listens on all interfaces, and
 * anything else that arrives stays in the staging folder, which is deleted.
 */
final class CacheFiler extends ReceivedObjectHandler {
  private final StudyCache cache;
  private final Set<String> expected;
  private final AtomicInteger received = new AtomicInteger();
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

  CacheFiler(StudyCache cache, List<InstanceRef> expected) {
    this.cache = cache;
    this.expected = expected.stream().map(InstanceRef::sopInstanceUid).collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public void sendReceivedObjectIndication(String fileName, String transferSyntax, String callingAETitle) {
    if (fileName == null) return;
    try {
      if (cache.accept(Path.of(fileName), expected)) received.incrementAndGet();
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
