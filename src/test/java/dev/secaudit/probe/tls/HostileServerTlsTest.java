package dev.secaudit.probe.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.TlsVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Servers that misbehave after reading the hello: each probe ends within its limits with a clear
 * reason, never an exception.
 */
class HostileServerTlsTest {
  static final ClientHelloProber.Limits LIMITS = new ClientHelloProber.Limits(
      Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofMillis(800));
  /**
   * For servers that do answer (a reset, a close, a banner): the 300 ms read limit is no part of what such
   * a test holds, and on a loaded machine the server thread may take longer than that to act
   * (a new user's `mvn verify` at load 25 read "no answer within the read (300 ms) timeout").
   */
  static final ClientHelloProber.Limits PATIENT = new ClientHelloProber.Limits(
      Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(20));

  /** Accepts connections, reads the hello, then does {@code behaviour}. */
  static final class Hostile implements AutoCloseable {
    final ServerSocket server;
    final CountDownLatch release = new CountDownLatch(1);

    Hostile(Consumer<Socket> behaviour) throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread t = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket s = server.accept();
            Thread h = new Thread(() -> {
              try (s) {
                // Read the whole hello: closing with unread bytes would send a reset instead.
                java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
                byte[] header = new byte[5];
                in.readFully(header);
                in.readFully(new byte[((header[3] & 0xff) << 8) | (header[4] & 0xff)]);
                behaviour.accept(s);
              } catch (IOException e) {
                // the prober went away
              }
            });
            h.setDaemon(true);
            h.start();
          } catch (IOException e) {
            return;
          }
        }
      });
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      release.countDown();
      server.close();
    }
  }

  static VersionProbe probe(Hostile h) {
    return probe(h, LIMITS);
  }

  static VersionProbe probe(Hostile h, ClientHelloProber.Limits limits) {
    return new ClientHelloProber(limits, new SplittableRandom(1))
        .probe("127.0.0.1", h.port(), null, TlsVersion.TLS_1_2);
  }

  static void write(Socket s, byte[] b) {
    try {
      OutputStream out = s.getOutputStream();
      out.write(b);
      out.flush();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void garbageIsNotTls() throws Exception {
    try (Hostile h = new Hostile(s -> write(s, "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes()))) {
      VersionProbe p = probe(h);
      assertThat(p.outcome()).isEqualTo(VersionProbe.Outcome.NOT_TESTABLE);
      assertThat(p.reason()).isEqualTo("the server answered plain HTTP (not TLS)");
    }
  }

  @Test
  void truncatedRecord() throws Exception {
    // A handshake record announcing 80 bytes, of which 3 arrive before the close.
    try (Hostile h = new Hostile(s -> write(s, new byte[] {22, 3, 3, 0, 80, 2, 0, 0}))) {
      VersionProbe p = probe(h);
      assertThat(p.outcome()).isEqualTo(VersionProbe.Outcome.NOT_TESTABLE);
      assertThat(p.reason()).startsWith("the connection ended inside a record of 80 bytes");
    }
  }

  @Test
  void alertIsARefusalWithItsName() throws Exception {
    try (Hostile h = new Hostile(s -> write(s, new byte[] {21, 3, 3, 0, 2, 2, 70}))) {
      VersionProbe p = probe(h);
      assertThat(p.outcome()).isEqualTo(VersionProbe.Outcome.REFUSED);
      assertThat(p.reason()).isEqualTo("alert protocol_version");
      assertThat(p.answer()).isEqualTo("fatal alert protocol_version (70)");
    }
  }

  /** handshake_failure may mean no suite in common: every part is asked, and the reason says so. */
  @Test
  void handshakeFailureToEveryPartIsNoSuiteInCommon() throws Exception {
    try (Hostile h = new Hostile(s -> write(s, new byte[] {21, 3, 3, 0, 2, 2, 40}))) {
      VersionProbe p = probe(h);
      assertThat(p.outcome()).isEqualTo(VersionProbe.Outcome.REFUSED);
      assertThat(p.reason()).startsWith("no suite in common: sent "
          + dev.secaudit.model.CipherSuites.CLASSIC_PARTS.size() + " TLS 1.2 hellos")
          .contains("part 1 (106 suites): alert handshake_failure")
          .doesNotContain("may be");
      // What came back is no refusal of the version: the summary does not call it one.
      assertThat(p.summary()).startsWith("TLS 1.2 not negotiated: no suite in common")
          .doesNotContain("refused");
      assertThat(p.answer()).isEqualTo("fatal alert handshake_failure (40)");
    }
  }

  @Test
  void hangEndsAtTheReadTimeout() throws Exception {
    try (Hostile h = new Hostile(s -> {
      try {
        s.getInputStream().read(new byte[1 << 16]);
        s.getInputStream().read();
      } catch (IOException e) {
        // closed by the prober
      }
    })) {
      long start = System.nanoTime();
      VersionProbe p = probe(h);
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(p.outcome()).isEqualTo(VersionProbe.Outcome.NOT_TESTABLE);
      assertThat(p.reason()).isEqualTo("no answer within the read (300 ms) timeout");
      assertThat(ms).isLessThan(LIMITS.total().toMillis() + 1000);
    }
  }

  @Test
  void enumerationAgainstAServerThatStallsAfterItsFirstAnswerCostsOneTimeout() throws Exception {
    java.util.concurrent.atomic.AtomicInteger connections =
        new java.util.concurrent.atomic.AtomicInteger();
    byte[] serverHello = new byte[5 + 4 + 38];
    java.nio.ByteBuffer.wrap(serverHello).put(new byte[] {22, 3, 3, 0, 42, 2, 0, 0, 38, 3, 3})
        .position(5 + 4 + 2 + 32).put(new byte[] {0, (byte) 0xc0, 0x2f, 0});
    try (Hostile h = new Hostile(s -> {
      if (connections.incrementAndGet() == 1) {
        write(s, serverHello);
        return;
      }
      try {
        while (s.getInputStream().read() >= 0) {
          // hold the connection open without answering
        }
      } catch (IOException e) {
        // closed by the prober
      }
    })) {
      VersionProbe accepted = new VersionProbe(TlsVersion.TLS_1_2, VersionProbe.Outcome.ACCEPTED,
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", null, "hello", "answer", 1);
      long start = System.nanoTime();
      List<SuiteEnumeration> all = new CipherSuiteEnumerator(
          new ClientHelloProber(LIMITS, new SplittableRandom(1)))
          .enumerate("127.0.0.1", h.port(), null, List.of(accepted));
      long ms = (System.nanoTime() - start) / 1_000_000;
      SuiteEnumeration e = all.get(0);
      assertThat(e.suiteNames()).containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
      assertThat(e.incomplete()).isEqualTo("no answer within the read (300 ms) timeout");
      assertThat(e.connections()).isEqualTo(2);
      assertThat(e.groups()).isEmpty();
      assertThat(ms).isLessThan(LIMITS.total().toMillis() + 1000);
    }
  }

  @Test
  void dripEndsAtTheTotalTimeout() throws Exception {
    // One byte of a valid-looking record every 100 ms: each read is fast, the whole is not.
    try (Hostile h = new Hostile(s -> {
      byte[] record = {22, 3, 3, 0x40, 0};
      try {
        for (int i = 0; i < 200; i++) {
          write(s, new byte[] {record[Math.min(i, 4)]});
          Thread.sleep(100);
        }
      } catch (InterruptedException | RuntimeException e) {
        // the prober went away
      }
    })) {
      long start = System.nanoTime();
      VersionProbe p = probe(h);
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(p.outcome()).isEqualTo(VersionProbe.Outcome.NOT_TESTABLE);
      assertThat(p.reason()).isEqualTo("no answer within the total (800 ms) timeout");
      assertThat(ms).isLessThan(LIMITS.total().toMillis() + 1000);
    }
  }

  @Test
  void certificateProbeGivesUpOnAHangingServerWithinItsLimits() throws Exception {
    try (Hostile h = new Hostile(s -> {
      try {
        s.getInputStream().read(new byte[1 << 16]);
        s.getInputStream().read();
      } catch (IOException e) {
        // closed by the probe
      }
    })) {
      long start = System.nanoTime();
      CertificateObservation c = new CertificateProbe(LIMITS, java.util.List.of(), null)
          .observe("127.0.0.1", h.port(), null);
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(c.error()).startsWith("TLS handshake failed");
      assertThat(c.chain()).isEmpty();
      assertThat(ms).isLessThan(LIMITS.total().toMillis() + 1000);
    }
  }

  @Test
  void resetBeforeAnyByteIsRetriedOnceAndIsNoRefusal() throws Exception {
    java.util.concurrent.atomic.AtomicInteger connections =
        new java.util.concurrent.atomic.AtomicInteger();
    try (Hostile h = new Hostile(s -> {
      connections.incrementAndGet();
      try {
        s.setSoLinger(true, 0); // close with RST
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    })) {
      VersionProbe p = probe(h, PATIENT);
      assertThat(p.outcome()).isEqualTo(VersionProbe.Outcome.NOT_TESTABLE);
      assertThat(p.reason()).isEqualTo(ClientHelloProber.RESET_TWICE);
      assertThat(p.answer()).contains("retried once");
      assertThat(connections.get()).isEqualTo(2);
    }
  }

  @Test
  void aResetThenAnAlertGivesTheAlertsVerdict() throws Exception {
    java.util.concurrent.atomic.AtomicInteger connections =
        new java.util.concurrent.atomic.AtomicInteger();
    try (Hostile h = new Hostile(s -> {
      try {
        if (connections.incrementAndGet() == 1) {
          s.setSoLinger(true, 0);
        } else {
          write(s, new byte[] {21, 3, 3, 0, 2, 2, 70});
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    })) {
      VersionProbe p = probe(h);
      assertThat(p.outcome()).isEqualTo(VersionProbe.Outcome.REFUSED);
      assertThat(p.reason()).isEqualTo("alert protocol_version");
      assertThat(connections.get()).isEqualTo(2);
    }
  }

  @Test
  void resetBeforeTheHelloIsReadIsNoRefusalEither() throws Exception {
    // Reset at once, before reading: the prober's write or its read sees it, depending on timing.
    try (ResettingServer server = new ResettingServer()) {
      for (TlsVersion v : TlsVersion.values()) {
        VersionProbe p = new ClientHelloProber(LIMITS, new SplittableRandom(1))
            .probe("127.0.0.1", server.port(), null, v);
        assertThat(p.outcome()).as(p.answer()).isEqualTo(VersionProbe.Outcome.NOT_TESTABLE);
        assertThat(p.reason()).isEqualTo(ClientHelloProber.RESET_TWICE);
      }
    }
  }

  @Test
  void closeBeforeAnyByteIsNoRefusal() throws Exception {
    try (Hostile h = new Hostile(s -> { })) {
      VersionProbe p = probe(h);
      assertThat(p.outcome()).isEqualTo(VersionProbe.Outcome.NOT_TESTABLE);
      assertThat(p.reason()).isEqualTo("closed the connection without answering (a close is no"
          + " refusal)");
    }
  }

  @Test
  void aFullHandshakeNamesWhatAnsweredInsteadOfTls() throws Exception {
    java.util.Map<String, byte[]> answers = new java.util.LinkedHashMap<>();
    answers.put("the server answered an SSH banner (not TLS) on 127.0.0.1:%d:"
        + " 'SSH-2.0-OpenSSH_9.2p1 Debian-2'", "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".getBytes());
    // Python's http.server answers a request line it cannot read with a bare page (HTTP/0.9).
    answers.put("the server answered plain HTTP (not TLS) on 127.0.0.1:%d: '<!DOCTYPE HTML>'",
        "<!DOCTYPE HTML>\n<html lang=\"en\">\n".getBytes());
    answers.put("the server answered an SMTP or FTP greeting (not TLS) on 127.0.0.1:%d:"
        + " '220 mail.example.test ESMTP'", "220 mail.example.test ESMTP\r\n".getBytes());
    answers.put("the server answered bytes that are not TLS on 127.0.0.1:%d"
        + " (first bytes 00ff7f8081fe0102)", new byte[] {0, -1, 127, -128, -127, -2, 1, 2});
    answers.put("the server closed the connection on 127.0.0.1:%d without answering the"
        + " ClientHello", new byte[0]);
    for (java.util.Map.Entry<String, byte[]> a : answers.entrySet()) {
      try (Hostile h = new Hostile(s -> write(s, a.getValue()))) {
        CertificateObservation c = new CertificateProbe(PATIENT, java.util.List.of(), null)
            .observe("127.0.0.1", h.port(), null);
        assertThat(c.error()).isEqualTo("TLS handshake failed: " + a.getKey().formatted(h.port()));
      }
    }
  }
}
