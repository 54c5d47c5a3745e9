package dev.secaudit.probe.retention;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.model.Redactor;
import dev.secaudit.policy.Retention;
import dev.secaudit.probe.SourceArtifact;
import dev.secaudit.probe.local.ProcessOutput;
import dev.secaudit.probe.local.ProcessTree;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a command without a shell and reads the timestamps it prints. The command is bounded in
 * time (on timeout it is killed with every process it started) and in output, and what it printed
 * is kept, redacted, as evidence.
 */
public final class CommandAges {
  /** Standard output kept and parsed; the rest is read and dropped so the command never blocks. */
  static final int MAX_STDOUT = 1024 * 1024;

  static final int MAX_STDERR = 8 * 1024;

  /** How long the output readers may take to see the end of a killed command's pipes. */
  private static final long DRAIN_MILLIS = 2000;

  private final Redactor redactor;
  private final Clock clock;

  public CommandAges(Redactor redactor, Clock clock) {
    this.redactor = redactor;
    this.clock = clock;
  }

  public RetentionObservation read(String name, Retention.RetentionCommand spec, Path folder) {
    String shown = redactor.text(String.join(" ", spec.argv()));
    String location = "cmd:" + shown;
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    Process process;
    try {
      process = new ProcessBuilder(spec.argv()).directory(folder.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    } catch (IOException | RuntimeException e) {
      return RetentionObservation.failed(name, location, "could not start " + spec.argv().get(0)
          + ": " + redactor.text(String.valueOf(e.getMessage())), List.of());
    }
    ProcessOutput out = ProcessOutput.start(process.getInputStream(), MAX_STDOUT,
        "secaudit-command-output");
    ProcessOutput err = ProcessOutput.start(process.getErrorStream(), MAX_STDERR,
        "secaudit-command-output");
    boolean finished;
    try {
      finished = process.waitFor(spec.timeout().value().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    if (!finished) {
      ProcessTree.kill(process, DRAIN_MILLIS);
    }
    out.join(DRAIN_MILLIS);
    err.join(DRAIN_MILLIS);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    String stdout = redactor.text(out.text());
    String stderr = redactor.text(err.text()).strip();
    int exit = finished ? process.exitValue() : -1;
    StringBuilder transcript = new StringBuilder();
    transcript.append("$ ").append(shown).append('\n')
        .append("# started ").append(started).append(", ").append(millis).append(" ms, ")
        .append(finished ? "exit status " + exit : "killed after the timeout")
        .append(", ").append(out.total()).append(" bytes on stdout")
        .append(out.truncated() ? " (kept the first " + MAX_STDOUT + ")" : "").append('\n');
    if (!stderr.isEmpty()) {
      transcript.append("# stderr: ").append(stderr.replace("\n", "\n# stderr: ")).append('\n');
    }
    transcript.append(stdout);
    List<Artifact> evidence = List.of(Artifact.of(SourceArtifact.COMMAND_OUTPUT.id(name), name,
        ArtifactKind.Known.COMMAND_OUTPUT,
        started, shown + (finished ? " → exit " + exit : " → killed"), transcript.toString()));
    if (!finished) {
      return RetentionObservation.failed(name, location, "did not finish within "
          + spec.timeout() + "; it and the processes it started were killed", evidence);
    }
    if (exit != 0) {
      String firstLine = stderr.isEmpty() ? "" : ": " + stderr.lines().findFirst().orElse("");
      return RetentionObservation.failed(name, location, "exited with status " + exit
          + firstLine, evidence);
    }
    if (out.truncated()) {
      return RetentionObservation.failed(name, location, "printed " + out.total()
          + " bytes, more than the " + MAX_STDOUT + " read; select only the timestamps (or"
          + " the oldest one)", evidence);
    }
    Pattern pattern = spec.pattern() == null ? null : Pattern.compile(spec.pattern());
    List<RetentionObservation.Dated> dated = new ArrayList<>();
    String[] lines = out.text().split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String value = line;
      if (pattern != null) {
        Matcher m = pattern.matcher(line);
        if (!m.find()) {
          continue;
        }
        value = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
      } else if (line.isBlank()) {
        continue;
      }
      Instant t = Timestamps.parse(value);
      if (t == null) {
        String excerpt = redactor.text(value.strip());
        excerpt = excerpt.length() > 60 ? excerpt.substring(0, 60) + "…" : excerpt;
        return RetentionObservation.failed(name, location, "line " + (i + 1)
            + " is not an ISO-8601 timestamp: '" + excerpt + "'", evidence);
      }
      dated.add(new RetentionObservation.Dated("line " + (i + 1), t));
    }
    dated.sort(java.util.Comparator.comparing(RetentionObservation.Dated::time));
    return new RetentionObservation(name, location, null, dated, null, null, List.of(),
        evidence);
  }
}
