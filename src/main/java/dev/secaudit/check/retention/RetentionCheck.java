package dev.secaudit.check.retention;

import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.model.Severity;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.SourceOnlyCheck;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.Retention;
import dev.secaudit.probe.SourceObservations;
import dev.secaudit.probe.retention.RetentionObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * retention.window: what a source really keeps (the oldest file, listing item or timestamp) or
 * what its configuration keeps (lifecycle days, logrotate rotate × interval, journald
 * MaxRetentionSec) is within the entry's max_age. Pure: the time is the context's.
 */
public final class RetentionCheck extends DeclaredCheck implements SourceOnlyCheck {
  public RetentionCheck() {
    super(REPORTS, Set.of(Aspect.RETENTION));
  }

  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("retention.window",
          "Data is kept no longer than the"
            + " retention window the page states",
          Severity.MEDIUM,
          "retention",
          ControlAreas.RETENTION,
          "Delete what is older than the window (a scheduled job, a bucket lifecycle rule with"
            + " Expiration.Days, logrotate rotate × interval, journald MaxRetentionSec), or"
            + " correct the stated window.",
          "GDPR Art. 5(1)(e); SOC 2 C1.2, P4.2, P4.3; ISO/IEC 27001:2022 A.8.10"));

  static final String ID = "retention.window";

  /** Oldest items named in a failing finding; the artifact lists more. */
  static final int NAMED = 5;

  @Override
  public boolean appliesTo(Policy policy) {
    return !policy.retention().isEmpty();
  }


  @Override
  public List<Finding> evaluateSources(CheckContext policyContext, SourceObservations sources) {
    List<Finding> out = new ArrayList<>();
    List<Retention> entries = policyContext.policy().retention();
    for (int i = 0; i < entries.size(); i++) {
      Retention entry = entries.get(i);
      RetentionObservation o =
          sources.find(RetentionObservation.class, entry.name()).orElse(null);
      if (o != null) {
        Finding f = judge(policyContext.forSource(entry.name()), entry,
            PolicyPointer.entry(PolicyPointer.RETENTION, i), o);
        out.add(f.withMappings(merged(f.mappings(), entry.mapsTo())));
      }
    }
    return out;
  }

  private static Finding judge(CheckContext ctx, Retention entry, String pointer,
      RetentionObservation o) {
    List<String> evidence = o.artifacts().stream().map(Artifact::id).toList();
    String window = entry.maxAge().toString();
    if (o.failure() != null) {
      return ctx.error(ID, o.location(), "kept at most " + window, o.failure(), evidence,
          pointer);
    }
    if (o.isDated()) {
      return dated(ctx, entry, pointer, o, evidence);
    }
    String expected = "a rule that deletes it within " + window;
    RetentionObservation.Kept kept = o.kept();
    if (kept == null) {
      String why = o.notes().isEmpty() ? "" : ": " + String.join("; ", o.notes());
      return ctx.finding(ID, o.location(), Status.FAIL, expected, "no rule deletes it" + why,
          evidence, pointer);
    }
    if (kept.period() == null) {
      return ctx.finding(ID, kept.subject(), Status.FAIL, expected, "no age limit: "
          + kept.how(), evidence, pointer);
    }
    boolean within = kept.period().compareTo(entry.maxAge().value()) <= 0;
    return ctx.finding(ID, kept.subject(), within ? Status.PASS : Status.FAIL, expected,
        "kept up to " + age(kept.period()) + ": " + kept.how(), evidence, pointer);
  }

  private static Finding dated(CheckContext ctx, Retention entry, String pointer,
      RetentionObservation o, List<String> evidence) {
    String noun = o.location().startsWith("dir:") ? "files"
        : o.location().startsWith("cmd:") ? "timestamps" : "items";
    String window = entry.maxAge().toString();
    String expected = "nothing older than " + window;
    Instant now = ctx.now();
    Instant cutoff = now.minus(entry.maxAge().value());
    List<RetentionObservation.Dated> all = o.dated();
    List<RetentionObservation.Dated> older =
        all.stream().filter(d -> d.time().isBefore(cutoff)).toList();
    String cap = o.incomplete() == null ? "" : " (incomplete: " + o.incomplete() + ")";
    if (all.isEmpty()) {
      return ctx.finding(ID, o.location(), o.incomplete() == null ? Status.PASS : Status.ERROR,
          expected, "no " + noun + " found" + cap, evidence, pointer);
    }
    if (!older.isEmpty()) {
      List<String> named = new ArrayList<>();
      for (int i = 0; i < Math.min(NAMED, older.size()); i++) {
        named.add(age(Duration.between(older.get(i).time(), now)) + " ("
            + older.get(i).label() + ")");
      }
      String more = older.size() > NAMED ? ", …" : "";
      return ctx.finding(ID, o.location(), Status.FAIL, expected, noun + " older than "
          + window + ": " + older.size() + " of " + all.size() + "; oldest "
          + String.join(", ", named) + more + cap, evidence, pointer);
    }
    RetentionObservation.Dated oldest = all.get(0);
    String observed = noun + " older than " + window + ": none of " + all.size() + "; oldest "
        + age(Duration.between(oldest.time(), now)) + " (" + oldest.label() + ")";
    // A capped listing shows only part of what is kept; the rest may be older.
    return ctx.finding(ID, o.location(), o.incomplete() == null ? Status.PASS : Status.ERROR,
        expected, observed + cap, evidence, pointer);
  }

  /** An age as an auditor reads it: "45d", "30d 5h", "3h", "12m", "in the future". */
  static String age(Duration d) {
    if (d.isNegative()) {
      return "in the future";
    }
    long days = d.toDays();
    long hours = d.minusDays(days).toHours();
    if (days > 0) {
      return hours == 0 ? days + "d" : days + "d " + hours + "h";
    }
    if (hours > 0) {
      return hours + "h";
    }
    return d.toMinutes() + "m";
  }

  private static List<Mapping> merged(List<Mapping> own, List<Mapping> entry) {
    TreeSet<Mapping> all = new TreeSet<>(own);
    all.addAll(entry);
    return List.copyOf(all);
  }
}
