package org.crossmodal.pacs;

import com.pixelmed.network.AnyExplicitStorePresentationContextSelectionPolicy;
import com.pixelmed.network.ApplicationEntityMap;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.StorageSOPClassSCP;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Our storage SCP for C-MOVE, open only while one retrieve runs. The listening socket is ours, not
 * PixelMed's (whose dispatcher binds every interface): it binds {@link PacsConfig#storageBind} or the
 * local address that faces the PACS (127.0.0.1 for a PACS on this machine), and closes connections
 * from any host but the PACS at once. Each accepted association is served by PixelMed's
 * {@link StorageSOPClassSCP}, which writes under names of ours ({@link StagingNames}); the
 * {@link CacheFiler} then checks the sender's AE title and the instance before filing it.
 */
final class StorageReceiver implements AutoCloseable {
  private static final int ACCEPT_POLL_MS = 200;
  private final ServerSocket server;
  private final Thread acceptor;
  private volatile boolean stopping;

  private StorageReceiver(ServerSocket server, Set<InetAddress> peers, PacsConfig c, CacheFiler filer, Path staging) {
    this.server = server;
    StagingNames names = new StagingNames();
    this.acceptor = new Thread(() -> {
      while (!stopping) {
        Socket s;
        try {
          s = server.accept();
        } catch (SocketTimeoutException e) {
          continue;
        } catch (IOException e) {
          return; // closed
        }
        if (!peers.contains(s.getInetAddress())) {
          filer.refused("a connection from " + s.getInetAddress().getHostAddress() + " (not the PACS host)");
          closeQuietly(s);
          continue;
        }
        try {
          Thread t = new Thread(new StorageSOPClassSCP(s, c.callingAet(), AssociationFactory.getDefaultMaximumLengthReceived(),
              AssociationFactory.getDefaultReceiveBufferSize(), AssociationFactory.getDefaultSendBufferSize(), staging.toFile(), names,
              filer, null, null, null, new ApplicationEntityMap(), new AnyExplicitStorePresentationContextSelectionPolicy()),
              "crossmodal-storage-association");
          t.setDaemon(true);
          t.start();
        } catch (Exception e) {
          filer.refused("an association that could not start (" + e.getMessage() + ")");
          closeQuietly(s);
        }
      }
    }, "crossmodal-storage-scp");
    acceptor.setDaemon(true);
  }

  static StorageReceiver start(PacsConfig c, CacheFiler filer, Path staging) throws PacsException {
    InetAddress bind = bindAddress(c);
    Set<InetAddress> peers = peerAddresses(c.host());
    ServerSocket server = null;
    try {
      server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(bind, c.storagePort()));
      server.setSoTimeout(ACCEPT_POLL_MS);
      StorageReceiver r = new StorageReceiver(server, peers, c, filer, staging);
      r.acceptor.start();
      return r;
    } catch (IOException e) {
      closeQuietly(server);
      throw new PacsException("the storage SCP could not listen on " + bind.getHostAddress() + ":" + c.storagePort() + " ("
          + e.getMessage() + ")", true, e);
    }
  }

  /** Stops listening; the port is free when this returns. Associations under way finish on their own threads. */
  @Override
  public void close() {
    stopping = true;
    closeQuietly(server);
    try {
      acceptor.join(2L * ACCEPT_POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The configured address, else the local address a packet to the PACS host would leave from. */
  static InetAddress bindAddress(PacsConfig c) throws PacsException {
    try {
      if (c.storageBind() != null) return InetAddress.getByName(c.storageBind());
      InetAddress pacs = InetAddress.getByName(c.host());
      if (pacs.isLoopbackAddress()) return InetAddress.getLoopbackAddress();
      try (DatagramSocket probe = new DatagramSocket()) {
        probe.connect(pacs, c.port()); // no packet is sent: this only asks the routing table
        return probe.getLocalAddress();
      }
    } catch (IOException e) {
      throw new PacsException("no local address for the storage SCP (" + e.getMessage() + "); set one with --storage-bind", false, e);
    }
  }

  private static Set<InetAddress> peerAddresses(String host) throws PacsException {
    try {
      InetAddress[] all = InetAddress.getAllByName(host);
      if (Arrays.stream(all).anyMatch(InetAddress::isLoopbackAddress)) {
        return Set.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"));
      }
      return Arrays.stream(all).collect(Collectors.toUnmodifiableSet());
    } catch (UnknownHostException e) {
      throw new PacsException("unknown PACS host " + host, false, e);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      if (c != null) c.close();
    } catch (Exception e) {
      // closing is best effort
    }
  }
}
