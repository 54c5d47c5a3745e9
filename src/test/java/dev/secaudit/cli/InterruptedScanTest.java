package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a real secaudit process scanning a slow loopback server: it exits 130 with one line
 * saying the scan was interrupted and wrote no report, and the reports an earlier run left in the
 * folder are untouched and named as that run's (newuser25: it exited 130 in silence, and the old
 * reports looked current).
 */
class InterruptedScanTest {
  @TempDir Path dir;

  @Test
  void sigintBeforeTheReportsSaysSoAndLeavesTheEarlierRunsFilesAsTheyWere() throws Exception {
    CountDownLatch asked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    boolean[] slow = {false};
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", ex -> {
      if (slow[0]) {
        asked.countDown();
        try {
          release.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    Process scan = null;
    try {
      Path policy = dir.resolve("policy.yaml");
      Files.writeString(policy, "version: 1\nname: slow\nsettings: {timeouts: {connect: 60s,"
          + " read: 300s, total: 300s, target: 300s}}\ntargets:\n  - {name: site, url:"
          + " \"http://127.0.0.1:" + server.getAddress().getPort() + "\"}\nheaders:\n"
          + "  Content-Security-Policy: {required: true}\n");
      Path out = dir.resolve("out");
      // The earlier run: a whole set of reports, as a scan that finished wrote them.
      Cli.Result earlier = Cli.run(Map.of(), null, "scan", "-p", policy.toString(), "-o",
          out.toString(), "--color", "never");
      assertThat(earlier.code()).as(earlier.out() + earlier.err())
          .isEqualTo(ExitCode.FAILED.code);
      Map<String, byte[]> before = files(out);
      assertThat(before).containsKeys("scan.json", "report.html", "findings.csv");

      slow[0] = true;
      Path stderr = dir.resolve("stderr.txt");
      scan = secaudit("scan", "-p", policy.toString(), "-o", out.toString(), "--color",
          "never").redirectError(stderr.toFile()).redirectOutput(dir.resolve("stdout.txt")
              .toFile()).start();
      assertThat(asked.await(2, TimeUnit.MINUTES)).as("the scan reached the server").isTrue();
      Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(scan.pid())).start();
      assertThat(kill.waitFor(1, TimeUnit.MINUTES)).isTrue();
      assertThat(kill.exitValue()).isZero();
      assertThat(scan.waitFor(2, TimeUnit.MINUTES)).as("the scan ended on SIGINT").isTrue();

      String err = Files.readString(stderr);
      assertThat(scan.exitValue()).as(err).isEqualTo(ExitCode.INTERRUPTED.code).isEqualTo(130);
      List<String> said = err.lines().filter(l -> l.startsWith("secaudit: interrupted")).toList();
      assertThat(said).as(err).singleElement().asString()
          .contains("no report of this run was written")
          .contains("the reports in " + out + " are an earlier run's (scan.json written ")
          .endsWith("left as they were");
      Map<String, byte[]> after = files(out);
      assertThat(after.keySet()).isEqualTo(before.keySet());
      before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
    } finally {
      release.countDown();
      if (scan != null) {
        scan.destroyForcibly();
      }
      server.stop(0);
    }
  }

  /** Every file in the folder (hidden ones too: a report left half-written), by name. */
  private static Map<String, byte[]> files(Path folder) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.list(folder)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  /**
   * secaudit as its own process, on this JVM and class path. A SIGINT the test's own process was
   * started ignoring (a background job of a shell) would be ignored by the child too, and the
   * JVM then keeps it ignored: the child is started through a shell-free step that restores the
   * default, or the test is skipped where none is at hand.
   */
  private static ProcessBuilder secaudit(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    if (sigintIgnored()) {
      Path python = Stream.of("/usr/bin/python3", "/usr/local/bin/python3").map(Path::of)
          .filter(Files::isExecutable).findFirst().orElse(null);
      Assumptions.assumeTrue(python != null, "SIGINT is ignored here and no python3 restores it");
      command.addAll(List.of(python.toString(), "-c", "import os, signal, sys;"
          + " signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])"));
    }
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  /** Whether this process ignores SIGINT (Linux: bit 2 of SigIgn in /proc/self/status). */
  private static boolean sigintIgnored() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseLong(line.substring(7).strip(), 16) & 0x2) != 0;
      }
    }
    return false;
  }
}
