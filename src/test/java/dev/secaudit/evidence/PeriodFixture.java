package dev.secaudit.evidence;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A history of daily runs around the period 2026-01-01..2026-01-10, written through the real
 * {@link RunLedger#append}: one HSTS failure that began before the period and was fixed in it, a
 * cookie failure that was waived and then fixed, a TLS error still open at the end, two days
 * without a run, and a run after the period that must not count.
 */
public final class PeriodFixture {
  public static final String HOSTILE = "=cmd|' /C calc'!A0<script>x</script>";

  private PeriodFixture() {}

  public static Path write(Path file) throws IOException {
    run(file, "2025-12-31T06:00:00Z", "hsts.max_age", "app", "", Status.FAIL);
    run(file, "2026-01-01T06:00:00Z", "hsts.max_age", "app", "", Status.FAIL,
        "cookie.secure", "app", "session", Status.PASS);
    run(file, "2026-01-02T06:00:00Z", "hsts.max_age", "app", "", Status.PASS,
        "cookie.secure", "app", "session", Status.PASS);
    // 2026-01-03 and 2026-01-04: no run.
    run(file, "2026-01-05T06:00:00Z", "hsts.max_age", "app", "", Status.PASS,
        "cookie.secure", "app", "session", Status.FAIL,
        "cookie.secure", "app", HOSTILE, Status.FAIL);
    run(file, "2026-01-06T06:00:00Z", "hsts.max_age", "app", "", Status.PASS,
        "cookie.secure", "app", "session", Status.WAIVED);
    run(file, "2026-01-07T12:00:00Z", "hsts.max_age", "app", "", Status.PASS,
        "cookie.secure", "app", "session", Status.PASS);
    run(file, "2026-01-08T06:00:00Z", "hsts.max_age", "app", "", Status.PASS,
        "tls.protocols", "api", "", Status.ERROR);
    run(file, "2026-01-09T06:00:00Z", "hsts.max_age", "app", "", Status.PASS,
        "tls.protocols", "api", "", Status.SKIPPED);
    run(file, "2026-01-10T06:00:00Z", "hsts.max_age", "app", "", Status.PASS,
        "tls.protocols", "api", "", Status.ERROR);
    run(file, "2026-01-11T06:00:00Z", "hsts.max_age", "app", "", Status.FAIL,
        "tls.protocols", "api", "", Status.PASS);
    return file;
  }

  /** Appends one run started at {@code started} with findings given as (check, target, subject, status) quads. */
  static void run(Path file, String started, Object... quads) throws IOException {
    Instant t = Instant.parse(started);
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < quads.length; i += 4) {
      String check = (String) quads[i];
      // tls.protocols carries no mappings, as lines written before mappings were recorded: the
      // report falls back to the catalog's.
      List<Mapping> maps = switch (check) {
        case "hsts.max_age" -> List.of(Mapping.parse("soc2:CC6.7"));
        case "cookie.secure" -> List.of(Mapping.parse("soc2:CC6.1"));
        default -> List.of();
      };
      findings.add(new Finding(check, (String) quads[i + 1], (String) quads[i + 2],
          (Status) quads[i + 3], Severity.MEDIUM, check, "x", "y", List.of(), t, maps, "fix", "",
          0, null));
    }
    RunInfo run = new RunInfo("run-" + started.substring(0, 10), "secaudit", "0.1.0", t,
        t.plusSeconds(5), "acme.yaml", "acme", "ab".repeat(32), List.of("secaudit", "scan"),
        "low", List.of("soc2"));
    ScanResult scan = new ScanResult(ScanResult.SCHEMA, run,
        List.of(new TargetState("app", "https://app.acme.test", TargetState.State.EVALUATED, "")),
        findings, List.of(), List.of());
    // The gate as a scan decides it: a run with an errored check never passed.
    RunLedger.append(file, scan, dev.secaudit.scan.Gate.of(scan, Severity.LOW).outcome().name(),
        null);
  }
}
