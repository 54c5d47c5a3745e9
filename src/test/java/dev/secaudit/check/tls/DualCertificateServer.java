package dev.secaudit.check.tls;

import dev.secaudit.probe.config.LoopbackNginx;
import dev.secaudit.probe.tls.OpenSslServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * A TLS 1.2 server on 127.0.0.1 holding one or two certificates on one port, as deployed: nginx
 * with two ssl_certificate lines when nginx is installed, openssl s_server with -dcert/-dkey
 * otherwise. Either serves each certificate to the clients whose suites need its kind of key.
 */
public final class DualCertificateServer implements AutoCloseable {
  private final AutoCloseable server;
  public final int port;
  /** "nginx" or "openssl", for messages. */
  public final String by;

  private DualCertificateServer(AutoCloseable server, int port, String by) {
    this.server = server;
    this.port = port;
    this.by = by;
  }

  /**
   * @param first chain and key PEM files of the first certificate
   * @param second those of the second, or null for a server with one certificate
   * @param ciphers an OpenSSL cipher string (the same for both servers)
   * @param groups the key-exchange groups, e.g. X25519:P-256:P-384
   */
  public static DualCertificateServer start(Path dir, Path[] first, Path[] second,
      String ciphers, String groups) throws Exception {
    if (LoopbackNginx.available()) {
      int port = LoopbackNginx.freePort();
      // nginx runs its workers as nobody: every folder above its own must be traversable.
      Files.setPosixFilePermissions(dir,
          java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      Path run = Files.createDirectories(dir.resolve("nginx-" + port));
      StringBuilder certs = new StringBuilder(lines(first));
      if (second != null) {
        certs.append(' ').append(lines(second));
      }
      Path conf = run.resolve("nginx.conf");
      Files.writeString(conf, "events {}\nhttp {\n" + LoopbackNginx.tempPaths(run)
          + "server { listen 127.0.0.1:" + port + " ssl; " + certs
          + " ssl_protocols TLSv1.2; ssl_ciphers '" + ciphers + "'; ssl_ecdh_curve " + groups
          + "; location / { return 204; } }\n}\n");
      return new DualCertificateServer(LoopbackNginx.start(run, conf, port), port, "nginx");
    }
    Assumptions.assumeTrue(OpenSslServer.available(), "neither nginx nor openssl is installed");
    String[] args = second == null
        ? new String[] {"-tls1_2", "-cipher", ciphers, "-groups", groups}
        : new String[] {"-tls1_2", "-cipher", ciphers, "-groups", groups,
            "-dcert", second[0].toString(), "-dkey", second[1].toString()};
    OpenSslServer s = OpenSslServer.start(first, args);
    return new DualCertificateServer(s, s.port, "openssl");
  }

  private static String lines(Path[] pem) {
    return "ssl_certificate " + pem[0] + "; ssl_certificate_key " + pem[1] + ";";
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
