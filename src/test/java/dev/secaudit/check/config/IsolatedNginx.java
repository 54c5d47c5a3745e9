package dev.secaudit.check.config;

import dev.secaudit.probe.config.LoopbackNginx;
import dev.secaudit.probe.config.NginxTool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real nginx in a network namespace of its own, whose only interface is its loopback: a
 * config with a wildcard listen ("listen 8080;") binds every address there and no interface of
 * the machine, so nothing outside the test can reach it. Requests are sent by this class's own
 * client, run in a child JVM that enters the namespace (nsenter), and come back as one line per
 * answer. Needs root for unshare and nsenter; {@link #available()} says whether they work here.
 */
final class IsolatedNginx implements AutoCloseable {
  private final Process process;
  private final Path dir;

  private IsolatedNginx(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
  }

  /** Whether nginx is installed and this user may make and enter a network namespace. */
  static boolean available() throws Exception {
    if (!LoopbackNginx.available()) {
      return false;
    }
    Process p = new ProcessBuilder("unshare", "-n", "nsenter", "--help")
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  /** Starts nginx on {@code http} (an http block's body) in a new network namespace. */
  static IsolatedNginx start(Path dir, String http) throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path conf = dev.secaudit.probe.config.ConfigFixtures.write(dir, "nginx/nginx.conf",
        "events {}\nhttp {\n" + LoopbackNginx.tempPaths(dir) + http + "}\n");
    Path prefix = Files.createDirectories(dir.resolve(".nginx-run"));
    // exec keeps one process from unshare to nginx: its pid names the namespace to enter.
    String run = "ip link set lo up && exec " + NginxTool.binary() + " -p " + prefix + "/ -e "
        + prefix.resolve("error.log") + " -c " + conf + " -g 'daemon off; pid "
        + prefix.resolve("nginx.pid") + ";'";
    Process p = new ProcessBuilder("unshare", "-n", "sh", "-c", run).redirectErrorStream(true)
        .redirectOutput(prefix.resolve("stdout.log").toFile()).start();
    return new IsolatedNginx(p, prefix);
  }

  /**
   * The answers to {@code n} GET requests for {@code path} sent one after the other to
   * {@code address}:{@code port} inside the namespace, each as "STATUS SERVER-HEADER".
   */
  List<String> get(String address, int port, String path, int n) throws Exception {
    if (!process.isAlive()) {
      throw new IllegalStateException("nginx ended: " + Files.readString(
          dir.resolve("error.log")) + Files.readString(dir.resolve("stdout.log")));
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    String classes = Path.of(IsolatedNginx.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI()).toString();
    Process client = new ProcessBuilder("nsenter", "--net=/proc/" + process.pid() + "/ns/net",
        java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classes,
        IsolatedNginx.class.getName(), address, String.valueOf(port), path, String.valueOf(n))
        .redirectErrorStream(true).start();
    String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!client.waitFor(120, TimeUnit.SECONDS) || client.exitValue() != 0) {
      client.destroyForcibly();
      throw new AssertionError("client in the namespace failed: " + out);
    }
    return List.of(out.strip().split("\n"));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /**
   * The client, run inside the namespace: ADDRESS PORT PATH N. Waits up to 20 s for nginx to
   * accept the first connection, then sends the requests one connection each and prints each
   * answer's status and Server header.
   */
  public static void main(String[] args) throws Exception {
    InetSocketAddress to = new InetSocketAddress(InetAddress.getByName(args[0]),
        Integer.parseInt(args[1]));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(to, 1000);
        break;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < Integer.parseInt(args[3]); i++) {
      try (Socket s = new Socket()) {
        s.connect(to, 5000);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(("GET " + args[2] + " HTTP/1.1\r\nHost: " + args[0]
            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String reply = new String(s.getInputStream().readAllBytes(),
            StandardCharsets.ISO_8859_1);
        String server = reply.lines().filter(l -> l.regionMatches(true, 0, "Server:", 0, 7))
            .map(l -> l.substring(7).strip()).findFirst().orElse("-");
        lines.add(reply.substring(9, 12) + " " + server);
      }
    }
    System.out.println(String.join("\n", lines));
  }
}
