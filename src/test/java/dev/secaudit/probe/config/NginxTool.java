package dev.secaudit.probe.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code nginx -t} on a fixture, when nginx is installed (.ci/run installs it), so
 * the parser's fixtures are proven valid (or invalid at the same line) by nginx itself. A prefix
 * and error log in the temp dir keep it away from the system's files.
 */
public final class NginxTool {
  /** Lines {@link #wrap} puts before the fixture's own http body. */
  public static final int HEAD_LINES = 3;

  private NginxTool() {}

  /** A whole config around an http block's body. */
  public static String wrap(String httpBody) {
    return "worker_processes 1;\nevents { worker_connections 16; }\nhttp {\n" + httpBody
        + "}\n";
  }

  public static Path binary() {
    for (String p : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
      if (Files.isExecutable(Path.of(p))) {
        return Path.of(p);
      }
    }
    return null;
  }

  /** nginx -t accepts the file (no-op without nginx). */
  public static void assertValid(Path dir, Path main) throws Exception {
    String out = test(dir, main);
    if (out != null) {
      assertThat(out).contains("test is successful");
    }
  }

  /** nginx -t refuses the file and names the same file:line (no-op without nginx). */
  public static void assertRejectedAt(Path dir, Path main, String where) throws Exception {
    String out = test(dir, main);
    if (out != null) {
      assertThat(out).contains("test failed");
      String line = where.substring(where.lastIndexOf(':') + 1);
      String file = dir.resolve(where.substring(0, where.lastIndexOf(':'))).toString();
      assertThat(out).contains(" in " + file + ":" + line);
    }
  }

  /** nginx -t's output, or null when nginx is not installed. */
  private static String test(Path dir, Path main) throws IOException, InterruptedException {
    Path nginx = binary();
    if (nginx == null) {
      return null;
    }
    Path prefix = Files.createDirectories(dir.resolve(".nginx-prefix"));
    Process p = new ProcessBuilder(nginx.toString(), "-t", "-q", "-p", prefix + "/",
        "-e", prefix.resolve("error.log").toString(), "-c", main.toString(),
        "-g", "pid " + prefix.resolve("nginx.pid") + ";")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("nginx -t did not finish");
    }
    return (p.exitValue() == 0 ? "test is successful\n" : "test failed\n") + out;
  }
}
