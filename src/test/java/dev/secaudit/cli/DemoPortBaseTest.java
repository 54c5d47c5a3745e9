package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secaudit demo --port-base PORT}: the demo's HTTPS site on PORT and its redirect on
 * PORT+1, on loopback only; a port in use is the user's to change, named, exit 2 (newuser25: the
 * ports could not be chosen).
 */
class DemoPortBaseTest {
  @TempDir Path dir;

  @Test
  void theDemoServesOnThePortsAskedFor() throws Exception {
    int base = twoFreePorts();
    Cli.Result r = Cli.run("demo", "-o", dir.resolve("out").toString(), "--color", "never",
        "--port-base", String.valueOf(base));
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("demo target: https://127.0.0.1:" + base
        + " and http://127.0.0.1:" + (base + 1));
    assertThat(Files.readString(dir.resolve("out/policy.yaml")))
        .contains("https://127.0.0.1:" + base).contains("http://127.0.0.1:" + (base + 1));
  }

  @Test
  void aPortInUseIsNamedAndNothingIsScanned() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      // The HTTPS port taken, then (one lower base) the redirect's.
      for (int base : new int[] {port, port - 1}) {
        Path out = dir.resolve("out-" + base);
        Cli.Result r = Cli.run("demo", "-o", out.toString(), "--port-base",
            String.valueOf(base));
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.USAGE.code);
        assertThat(r.err()).contains("--port-base " + base + ": 127.0.0.1:" + port
            + " is in use").contains("choose another --port-base");
        assertThat(out.resolve("scan.json")).doesNotExist();
      }
    }
    Cli.Result r = Cli.run("demo", "-o", dir.resolve("x").toString(), "--port-base", "65535");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(r.err()).contains("--port-base 65535: give a port from 1 to 65534");
  }

  /** A port whose next is free too, as far as this test can tell (closed again at once). */
  private static int twoFreePorts() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket first = new ServerSocket(0, 1, loopback)) {
        int port = first.getLocalPort();
        if (port >= 65534) {
          continue;
        }
        try (ServerSocket next = new ServerSocket(port + 1, 1, loopback)) {
          return port;
        } catch (java.io.IOException taken) {
          // try another
        }
      }
    }
    throw new AssertionError("no two free ports side by side on loopback");
  }
}
