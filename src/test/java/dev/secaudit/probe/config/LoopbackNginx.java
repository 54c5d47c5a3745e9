package dev.secaudit.probe.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx serving a test's config on a loopback port, so one config can be judged as a file
 * and as the answers it gives. TLS uses a throwaway certificate for 127.0.0.1 that the test can
 * trust ({@link #trustStore()}). The caller skips the test when {@link NginxTool#binary()} is
 * null (.ci/run installs nginx).
 */
public final class LoopbackNginx implements AutoCloseable {
  private final Path dir;
  private final Process process;
  private final int port;

  private LoopbackNginx(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.port = port;
  }

  /** Whether nginx is installed here. */
  public static boolean available() {
    return NginxTool.binary() != null;
  }

  /** A free loopback port (the window until nginx binds it is the usual test race). */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * ssl_certificate lines for a certificate naming 127.0.0.1 and localhost, made once per folder
   * with openssl.
   */
  public static String certificate(Path dir) throws Exception {
    Path cert = dir.resolve("loopback-cert.pem");
    Path key = dir.resolve("loopback-key.pem");
    if (!Files.exists(cert)) {
      Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
          "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=localhost", "-addext",
          "subjectAltName=IP:127.0.0.1,DNS:localhost", "-days", "2", "-keyout", key.toString(),
          "-out", cert.toString()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("openssl req failed");
      }
    }
    return "ssl_certificate " + cert + "; ssl_certificate_key " + key + ";";
  }

  /** A trust store holding the certificate {@link #certificate} made in {@code dir}. */
  public static KeyStore trustStore(Path dir) throws Exception {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    ks.setCertificateEntry("loopback", CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(
            dir.resolve("loopback-cert.pem")))));
    return ks;
  }

  /**
   * Starts nginx on {@code config} (a whole nginx.conf whose servers listen on {@code port}) and
   * waits until the port accepts connections. Temp paths, pid and logs stay in {@code dir}.
   */
  public static LoopbackNginx start(Path dir, Path config, int port) throws Exception {
    // Run as root, nginx's workers are 'nobody': the temp dir must be traversable.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path prefix = Files.createDirectories(dir.resolve(".nginx-run"));
    String globals = "daemon off; pid " + prefix.resolve("nginx.pid") + ";";
    Process p = new ProcessBuilder(NginxTool.binary().toString(), "-p", prefix + "/", "-e",
        prefix.resolve("error.log").toString(), "-c", config.toString(), "-g", globals)
        .redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return new LoopbackNginx(dir, p, port);
      } catch (IOException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new IllegalStateException("nginx did not start: "
              + Files.readString(prefix.resolve("error.log")), e);
        }
        p.waitFor(20, TimeUnit.MILLISECONDS);
      }
    }
  }

  /**
   * The temp paths an http block needs when nginx runs as root in a test (made here, so nginx -t
   * finds them too).
   */
  public static String tempPaths(Path dir) throws IOException {
    Path prefix = dir.resolve(".nginx-run");
    StringBuilder sb = new StringBuilder("access_log off;\n");
    for (String t : new String[] {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
      Path temp = Files.createDirectories(prefix.resolve(t));
      sb.append(t).append("_temp_path ").append(temp).append(";\n");
    }
    return sb.toString();
  }

  /**
   * nginx with one TLS server on a free loopback port, its certificate from
   * {@link #certificate(Path)}, and {@code directives} inside the server block.
   */
  public static LoopbackNginx startTls(Path dir, String directives) throws Exception {
    int port = freePort();
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, "events {}\nhttp {\n" + tempPaths(dir) + "server { listen 127.0.0.1:"
        + port + " ssl; " + certificate(dir) + " " + directives + " }\n}\n");
    return start(dir, conf, port);
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
