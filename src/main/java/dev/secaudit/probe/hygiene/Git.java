package dev.secaudit.probe.hygiene;

import dev.secaudit.probe.local.ProcessOutput;
import dev.secaudit.probe.local.ProcessTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs git on one repository as a process: an argument vector (no shell), a timeout after which
 * the process is killed, and output read as a stream by the caller. The repository's own config
 * cannot make git run programs here: no pager, no external diff or textconv, no fsmonitor.
 */
final class Git {
  /** How a run ended: exit code (-1 when killed), whether it ran out of time, stderr's start. */
  record Run(int exit, boolean timedOut, String stderr) {
    boolean ok() {
      return exit == 0 && !timedOut;
    }
  }

  /** Reads git's standard output; it may stop early (a cap), the process is then killed. */
  interface OutputReader {
    void read(InputStream stdout) throws IOException;
  }

  private final Path root;
  private final String executable;

  Git(Path root, String executable) {
    this.root = root;
    this.executable = executable;
  }

  Run run(List<String> args, Duration timeout, OutputReader reader) {
    List<String> argv = new ArrayList<>(List.of(executable, "--no-pager", "-C", root.toString(),
        // Auditing a checkout owned by another user is the normal case for a scanner.
        "-c", "safe.directory=" + root, "-c", "core.fsmonitor=false", "-c", "core.quotepath=off",
        "-c", "diff.external=", "-c", "log.showSignature=false"));
    argv.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.PIPE);
    pb.environment().keySet().removeIf(k -> k.startsWith("GIT_"));
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("LC_ALL", "C");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Run(-1, false, "cannot run " + executable + ": " + e.getMessage());
    }
    try {
      p.getOutputStream().close();
    } catch (IOException ignored) {
      // stdin is only closed so git never waits on it
    }
    var killed = new java.util.concurrent.atomic.AtomicBoolean();
    Thread watchdog = new Thread(() -> {
      try {
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          killed.set(true);
          ProcessTree.kill(p, 0);
        }
      } catch (InterruptedException e) {
        // the run ended before the timeout
      }
    }, "secaudit-git-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    // The first 2 KiB of stderr hold git's message; the rest is read and dropped.
    ProcessOutput err = ProcessOutput.start(p.getErrorStream(), 2048, "secaudit-git-stderr");
    try (InputStream out = p.getInputStream()) {
      reader.read(out);
    } catch (IOException e) {
      // The process was killed, or the reader stopped: the exit code tells which.
    }
    try {
      // Output read to its end, or closed early (a cap): git exits on EOF or on the broken pipe.
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        ProcessTree.kill(p, 5000);
      }
      watchdog.interrupt();
      watchdog.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int exit = p.isAlive() ? -1 : p.exitValue();
    err.join(1000);
    String stderr = err.text().strip();
    return new Run(killed.get() ? -1 : exit, killed.get(), stderr);
  }
}
