package dev.secaudit.probe.retention;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.model.Redactor;
import dev.secaudit.probe.SourceArtifact;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * journald's time-based retention: MaxRetentionSec in the [Journal] section of journald.conf,
 * overridden by the drop-ins of journald.conf.d in file-name order (the last assignment wins, as
 * systemd reads them). Unset or 0, journald removes old entries only to respect its size limits.
 */
public final class JournaldConfig {
  static final int MAX_DROP_INS = 256;

  /** systemd.time(7) units; a month is 30.44 days and a year 365.25, as systemd counts them. */
  private static final Map<String, BigDecimal> UNIT_SECONDS = Map.ofEntries(
      Map.entry("us", new BigDecimal("0.000001")), Map.entry("usec", new BigDecimal("0.000001")),
      Map.entry("ms", new BigDecimal("0.001")), Map.entry("msec", new BigDecimal("0.001")),
      Map.entry("s", BigDecimal.ONE), Map.entry("sec", BigDecimal.ONE),
      Map.entry("second", BigDecimal.ONE), Map.entry("seconds", BigDecimal.ONE),
      Map.entry("m", BigDecimal.valueOf(60)), Map.entry("min", BigDecimal.valueOf(60)),
      Map.entry("minute", BigDecimal.valueOf(60)), Map.entry("minutes", BigDecimal.valueOf(60)),
      Map.entry("h", BigDecimal.valueOf(3600)), Map.entry("hr", BigDecimal.valueOf(3600)),
      Map.entry("hour", BigDecimal.valueOf(3600)), Map.entry("hours", BigDecimal.valueOf(3600)),
      Map.entry("d", BigDecimal.valueOf(86400)), Map.entry("day", BigDecimal.valueOf(86400)),
      Map.entry("days", BigDecimal.valueOf(86400)),
      Map.entry("w", BigDecimal.valueOf(604800)), Map.entry("week", BigDecimal.valueOf(604800)),
      Map.entry("weeks", BigDecimal.valueOf(604800)),
      Map.entry("M", BigDecimal.valueOf(2_630_016)), Map.entry("month", BigDecimal.valueOf(2_630_016)),
      Map.entry("months", BigDecimal.valueOf(2_630_016)),
      Map.entry("y", BigDecimal.valueOf(31_557_600)), Map.entry("year", BigDecimal.valueOf(31_557_600)),
      Map.entry("years", BigDecimal.valueOf(31_557_600)));

  private static final Pattern SPAN_PART = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]*)");

  private final Redactor redactor;
  private final Clock clock;

  public JournaldConfig(Redactor redactor, Clock clock) {
    this.redactor = redactor;
    this.clock = clock;
  }

  public RetentionObservation read(String name, Path main) {
    String location = "journald:" + main;
    List<Path> files = new ArrayList<>();
    files.add(main);
    Path dropIns = main.resolveSibling(main.getFileName() + ".d");
    if (Files.isDirectory(dropIns)) {
      try (Stream<Path> s = Files.list(dropIns)) {
        List<Path> confs = s.filter(p -> p.getFileName().toString().endsWith(".conf"))
            .sorted(java.util.Comparator.comparing(p -> p.getFileName().toString()))
            .limit(MAX_DROP_INS + 1L).toList();
        if (confs.size() > MAX_DROP_INS) {
          return RetentionObservation.failed(name, location, "more than " + MAX_DROP_INS
              + " drop-ins in " + dropIns, List.of());
        }
        files.addAll(confs);
      } catch (IOException e) {
        return RetentionObservation.failed(name, location, "cannot list " + dropIns + ": "
            + e.getMessage(), List.of());
      }
    }
    String value = null;
    String where = null;
    StringBuilder evidence = new StringBuilder();
    for (Path f : files) {
      String text;
      try {
        text = ConfigFile.read(f);
      } catch (ConfigFile.Unreadable e) {
        return RetentionObservation.failed(name, location, e.getMessage(), List.of());
      }
      String shown = f == main ? main.getFileName().toString()
          : main.getFileName() + ".d/" + f.getFileName();
      evidence.append("# ").append(f).append('\n').append(redactor.text(text));
      if (!text.endsWith("\n")) {
        evidence.append('\n');
      }
      boolean inJournal = false;
      String[] lines = text.split("\r?\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
          continue;
        }
        if (line.startsWith("[")) {
          inJournal = line.equals("[Journal]");
          continue;
        }
        int eq = line.indexOf('=');
        if (inJournal && eq > 0 && line.substring(0, eq).strip().equals("MaxRetentionSec")) {
          value = line.substring(eq + 1).strip();
          where = shown + ":" + (i + 1);
        }
      }
    }
    List<Artifact> artifacts = List.of(Artifact.of(SourceArtifact.CONFIG.id(name), name,
        ArtifactKind.Known.CONFIG_FILE,
        clock.instant(), files.size() + " journald configuration file(s)", evidence.toString()));
    if (value == null || value.isEmpty()) {
      return new RetentionObservation(name, location, null, null, null,
          new RetentionObservation.Kept(where == null ? main.getFileName().toString() : where,
              null, "MaxRetentionSec is not set: journald removes old entries only to stay"
                  + " within its size limits (SystemMaxUse), never by age"),
          List.of(), artifacts);
    }
    Duration span = span(value);
    if (span == null) {
      return RetentionObservation.failed(name, location, where + ": MaxRetentionSec="
          + value + " is not a systemd time span (such as 30d or 1month)", artifacts);
    }
    String how = "MaxRetentionSec=" + value;
    return new RetentionObservation(name, location, null, null, null,
        new RetentionObservation.Kept(where, span.isZero() ? null : span, span.isZero()
            ? how + " turns time-based removal off: entries are removed only for size" : how),
        List.of(), artifacts);
  }

  /** A systemd time span ("30d", "1w 2d", "6h30min", "3600"), or null when it is none. */
  static Duration span(String text) {
    Matcher m = SPAN_PART.matcher(text);
    BigDecimal seconds = BigDecimal.ZERO;
    int end = 0;
    boolean any = false;
    while (end < text.length() && m.find(end) && m.start() == end) {
      String unit = m.group(2).isEmpty() ? "s" : m.group(2);
      BigDecimal factor = UNIT_SECONDS.get(unit);
      if (factor == null && !unit.equals("M")) {
        factor = UNIT_SECONDS.get(unit.toLowerCase(java.util.Locale.ROOT));
      }
      if (factor == null) {
        return null;
      }
      seconds = seconds.add(new BigDecimal(m.group(1)).multiply(factor));
      end = m.end();
      any = true;
    }
    if (!any || !text.substring(end).isBlank()) {
      return null;
    }
    return Duration.ofSeconds(seconds.setScale(0, RoundingMode.DOWN).longValueExact());
  }
}
