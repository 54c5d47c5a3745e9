package dev.secaudit.probe.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server that answers the ClientHello with a handshake record one byte at a time never trips
 * the read timeout; the total timeout ends the handshake, and the finding says that secaudit
 * closed it and how much had arrived, not that the server "terminated the handshake" (which is
 * what JSSE calls any close, ours included: a hostile review).
 */
class DrippedHandshakeTest {
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r);
    t.setDaemon(true);
    return t;
  });
  private ServerSocket server;

  @AfterEach
  void stop() throws IOException {
    server.close();
    pool.shutdownNow();
  }

  @Test
  void aDrippedHandshakeEndsAtOurTotalTimeoutAndIsSaidToBeOurs() throws IOException {
    server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    pool.submit(() -> {
      while (!server.isClosed()) {
        Socket s = server.accept();
        pool.submit(() -> {
          try (s) {
            s.getInputStream().read(new byte[65536]);
            OutputStream out = s.getOutputStream();
            byte[] record = {0x16, 0x03, 0x03, 0x40, 0x00};
            for (int i = 0; i < 1000; i++) {
              out.write(i < record.length ? record[i] : 0x02);
              out.flush();
              Thread.sleep(150);
            }
          } catch (IOException | InterruptedException e) {
            // secaudit closed it: what the test provokes
          }
          return null;
        });
      }
      return null;
    });
    CertificateProbe probe = new CertificateProbe(new ClientHelloProber.Limits(
        Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(2)), List.of(), null);
    long t0 = System.nanoTime();
    CertificateObservation o = probe.observe("127.0.0.1", server.getLocalPort(), null);
    long took = (System.nanoTime() - t0) / 1_000_000;
    assertThat(took).isBetween(1_900L, 2_600L);
    assertThat(o.error()).matches("TLS handshake failed: not finished within secaudit's total"
        + " timeout of 2\\.0 s \\(settings\\.timeouts\\.total\\); secaudit closed the"
        + " connection after 2\\.[0-9] s,"
        + " when the server had sent [0-9]+ bytes").doesNotContain("terminated");
    int bytes = Integer.parseInt(o.error().replaceAll(".* had sent ([0-9]+) bytes", "$1"));
    assertThat(bytes).isBetween(5, 20);
  }
}
