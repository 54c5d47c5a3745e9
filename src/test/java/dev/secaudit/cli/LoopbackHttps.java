package dev.secaudit.cli;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.secaudit.probe.tls.TestPki;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;

/** An HTTPS server on a free loopback port, its certificate issued now by the test CA given. */
final class LoopbackHttps {
  private LoopbackHttps() {}

  /** Not started: the caller adds its contexts first. */
  static HttpsServer create(TestPki pki) throws Exception {
    HttpsServer https = HttpsServer.create(new InetSocketAddress(
        InetAddress.getByName("127.0.0.1"), 0), 16);
    https.setHttpsConfigurator(new HttpsConfigurator(
        pki.issue(TestPki.Spec.good(Instant.now())).serverContext()));
    return https;
  }
}
