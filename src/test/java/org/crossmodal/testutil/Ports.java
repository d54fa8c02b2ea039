package org.crossmodal.testutil;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * TCP ports for servers the tests start (Orthanc, the storage SCP, a port that must refuse). Asking
 * the kernel for a free port and closing it again is a race: the kernel hands the same number to
 * the next outgoing connection or {@code bind(0)} of any process. A reserved port lies outside the
 * kernel's ephemeral range (so the kernel never hands it out), was free when reserved, and carries
 * a file lock held for the life of this JVM, so test JVMs of other checkouts on this machine never
 * reserve the same one.
 */
public final class Ports {
  private static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "crossmodal-test-ports");
  private static final List<FileChannel> HELD = new ArrayList<>();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ports() {}

  /** A port reserved for this JVM (see the class comment); free when returned. */
  public static synchronized int reserve() throws IOException {
    int[] range = outsideEphemeral();
    Files.createDirectories(LOCKS);
    for (int attempt = 0; attempt < 2000; attempt++) {
      int port = range[0] + RANDOM.nextInt(range[1] - range[0]);
      FileChannel ch = FileChannel.open(LOCKS.resolve(port + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException mine) {
        lock = null;
      }
      if (lock == null || !free(port)) {
        ch.close();
        continue;
      }
      HELD.add(ch);
      return port;
    }
    throw new IOException("no free port to reserve in " + range[0] + ".." + range[1]);
  }

  /** Free on every interface (Orthanc binds them all). */
  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A range of 2000+ ports the kernel does not hand out by itself: below its ephemeral range if room, else above. */
  static int[] outsideEphemeral() {
    int low = 32768, high = 60999;
    try {
      String[] r = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
      low = Integer.parseInt(r[0]);
      high = Integer.parseInt(r[1]);
    } catch (IOException | RuntimeException e) {
      // not Linux: keep the usual range
    }
    if (low - 2000 > 10000) return new int[] {10000, low};
    if (high < 63000) return new int[] {high + 1, 65535};
    throw new IllegalStateException("the ephemeral port range " + low + ".." + high + " leaves no room for reserved ports");
  }
}
