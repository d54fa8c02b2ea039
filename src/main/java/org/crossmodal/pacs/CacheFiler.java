package org.crossmodal.pacs;

import com.pixelmed.network.ReceivedObjectHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Called by PixelMed once a received instance is completely written under a staging name of ours:
 * files it into the cache if it came from the PACS's AE title and is one of the instances asked for
 * (study, series and SOP Instance UID as listed by the query); anything else is deleted and noted.
 */
final class CacheFiler extends ReceivedObjectHandler {
  private final StudyCache cache;
  private final Map<String, InstanceRef> expected;
  private final String senderAet;
  private final Consumer<String> log;
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
  private int received;

  /** {@code senderAet}: the AE title the instances must come from; null for C-GET (they come on our own association). */
  CacheFiler(StudyCache cache, List<InstanceRef> expected, String senderAet, Consumer<String> log) {
    this.cache = cache;
    this.expected = expected.stream().collect(Collectors.toUnmodifiableMap(InstanceRef::sopInstanceUid, Function.identity(), (a, b) -> a));
    this.senderAet = senderAet;
    this.log = log;
  }

  @Override
  public void sendReceivedObjectIndication(String fileName, String transferSyntax, String callingAETitle) {
    if (fileName == null) return;
    Path file = Path.of(fileName);
    try {
      String caller = callingAETitle == null ? "" : callingAETitle.trim();
      if (senderAet != null && !senderAet.equals(caller)) {
        refused("an instance from AE '" + caller + "' (only " + senderAet + " may send)");
        Files.deleteIfExists(file);
        return;
      }
      String why = cache.accept(file, expected);
      if (why == null) {
        synchronized (this) {
          received++;
        }
      } else {
        refused(why);
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      errors.add(e.getMessage());
    }
  }

  void refused(String what) {
    log.accept("storage SCP refused " + what);
  }

  synchronized int received() {
    return received;
  }

  List<String> errors() {
    return List.copyOf(errors);
  }
}
