package dev.secaudit.probe.hygiene;

import dev.secaudit.policy.DataHygiene;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.probe.SourceObservation;
import dev.secaudit.probe.local.Deadline;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the files each data_hygiene entry names, line by line within its caps, and counts what
 * the detectors find. Never throws for a file it cannot read: that is recorded.
 */
public final class DataHygieneProbe {
  /**
   * @param budget time for one entry (listing and reading)
   * @param maxLineBytes longest line kept; the rest of a longer line is skipped
   */
  public record Limits(Duration budget, int maxLineBytes) {
    public static final Limits DEFAULTS = new Limits(Duration.ofSeconds(120), 64 * 1024);
  }

  private final Limits limits;
  private final Clock clock;

  public DataHygieneProbe(Limits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  public static DataHygieneProbe standard(Clock clock) {
    return new DataHygieneProbe(Limits.DEFAULTS, clock);
  }

  public List<SourceObservation> observe(LoadedPolicy loaded) {
    List<SourceObservation> out = new ArrayList<>();
    for (DataHygiene d : loaded.policy().dataHygiene()) {
      if (d.name() != null) {
        out.add(scan(d, loaded));
      }
    }
    return out;
  }

  DataScan scan(DataHygiene entry, LoadedPolicy loaded) {
    Deadline deadline = Deadline.in(limits.budget());
    List<String> globs = entry.paths().stream().map(g -> loaded.resolve(g).toString()).toList();
    FileWalk.Result walk = FileWalk.expand(globs,
        new FileWalk.Limits(entry.maxFiles(), entry.maxDepth(), deadline));
    Detectors detectors = Detectors.data(entry.lookFor());
    Path base = loaded.file() == null ? null
        : Path.of(loaded.file()).toAbsolutePath().getParent();
    List<DataScan.DataFile> files = new ArrayList<>();
    List<FileProblem> unreadable = new ArrayList<>();
    List<String> notes = new ArrayList<>(walk.notes());
    walk.unreadable().forEach(u -> unreadable.add(new FileProblem(shown(base, Path.of(u.path())),
        u.why())));
    TextReader.Limits perFile = new TextReader.Limits((long) entry.maxFileMb() << 20,
        limits.maxLineBytes(), deadline);
    for (Path file : walk.files()) {
      String path = shown(base, file);
      if (deadline.passed()) {
        notes.add("time budget spent: " + path + " and later files not read");
        break;
      }
      Map<String, Tally> tallies = new LinkedHashMap<>();
      TextReader.Outcome o = TextReader.read(file, perFile, (n, text) -> {
        for (Hit h : detectors.scan(text, path, true)) {
          tallies.computeIfAbsent(h.kind(), k -> new Tally()).add(n, h.masked());
        }
      });
      if (o.failure() != null) {
        unreadable.add(new FileProblem(path, o.failure()));
        continue;
      }
      List<DataScan.KindCount> kinds = new ArrayList<>();
      tallies.forEach((k, t) -> kinds.add(new DataScan.KindCount(k, t.count, t.lines, t.samples)));
      kinds.sort(java.util.Comparator.comparing(DataScan.KindCount::kind));
      files.add(new DataScan.DataFile(path, o.lines(), o.bytes(), o.truncated(), o.binary(),
          kinds));
    }
    return new DataScan(entry.name(), "files:" + String.join(",", globs), null, files,
        unreadable, notes, walk.empty(), clock.instant());
  }

  /** Under the policy's folder: relative, as the policy wrote it; elsewhere: absolute. */
  private static String shown(Path base, Path file) {
    Path abs = file.toAbsolutePath();
    return base != null && abs.startsWith(base) ? base.relativize(abs).toString()
        : abs.toString();
  }

  private static final class Tally {
    int count;
    final List<Integer> lines = new ArrayList<>();
    final List<String> samples = new ArrayList<>();
    final java.util.Set<String> sampled = new java.util.HashSet<>();

    void add(int line, String masked) {
      count++;
      if (lines.size() < DataScan.LINES && (lines.isEmpty() || lines.get(lines.size() - 1) != line)) {
        lines.add(line);
      }
      if (samples.size() < DataScan.SAMPLES && sampled.add(masked)) {
        samples.add(masked + " (line " + line + ")");
      }
    }
  }
}
