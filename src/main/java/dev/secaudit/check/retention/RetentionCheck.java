package dev.secaudit.check.retention;

import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.model.Severity;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.SourcePlaces;
import dev.secaudit.check.NothingJudged;
import dev.secaudit.probe.local.NoFiles;
import dev.secaudit.check.SourceOnlyCheck;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.model.Location;
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
          "GDPR Art. 5(1)(e); SOC 2 C1.2, P4.2, P4.3; ISO/IEC 27001:2022 A.8.10"),
      CheckInfo.of(RetentionFloor.ID,
          "Data is kept at least as long as the page promises (its min_age)",
          Severity.MEDIUM,
          "retention",
          ControlAreas.RETENTION,
          "Keep the rotated files or items for the promised time (logrotate rotate × interval,"
            + " maxage), or correct the stated window.",
          "SOC 2 C1.1, CC7.2; ISO/IEC 27001:2022 A.8.15"));

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
      if (o == null) {
        continue;
      }
      CheckContext ctx = policyContext.forSource(entry.name());
      String pointer = PolicyPointer.entry(PolicyPointer.RETENTION, i);
      List<Finding> judged = new ArrayList<>();
      if (entry.maxAge() != null) {
        judged.add(judge(ctx, entry, pointer, o));
      }
      if (entry.minAge() != null) {
        judged.add(RetentionFloor.judge(ctx, entry, pointer, o));
      }
      for (Finding f : judged) {
        out.add(f.withMappings(merged(f.mappings(), entry.mapsTo())));
      }
    }
    return out;
  }

  private static Finding judge(CheckContext ctx, Retention entry, String pointer,
      RetentionObservation o) {
    List<String> evidence = o.artifacts().stream().map(Artifact::id).toList();
    String window = entry.maxAge().toString();
    Value max = new Value.Duration(entry.maxAge().value().toSeconds());
    Finding.Builder finding = ctx.finding(ID).subject(o.location())
        .about(SourcePlaces.subject(o.location())).evidence(evidence).rule(pointer);
    if (o.failure() != null) {
      return finding.status(Status.ERROR).expected("kept at most " + window, max)
          .observed(o.failure()).build();
    }
    if (o.isDated()) {
      return dated(ctx, entry, o, finding.expected("nothing older than " + window, max));
    }
    finding.expected("a rule that deletes it within " + window, max);
    RetentionObservation.Kept kept = o.kept();
    if (kept == null) {
      String why = o.notes().isEmpty() ? "" : ": " + String.join("; ", o.notes());
      return finding.status(Status.FAIL).observed("no rule deletes it" + why).build();
    }
    finding.subject(kept.subject()).about(kept(kept.subject(), o.location()));
    if (kept.period() == null) {
      return finding.status(Status.FAIL).observed("no age limit: " + kept.how()).build();
    }
    boolean within = kept.period().compareTo(entry.maxAge().value()) <= 0;
    return finding.status(within ? Status.PASS : Status.FAIL).observed("kept up to "
        + age(kept.period()) + ": " + kept.how(), shown(kept.period())).build();
  }

  /**
   * What a configuration rule that keeps the data is written in: the file its subject begins
   * with (file:line, or a file's name), else the source's own place (a lifecycle rule's id).
   */
  static Subject kept(String subject, String location) {
    Location at = Location.leading(subject);
    if (at != null) {
      return new Subject(Subject.Kind.FILE, at.file());
    }
    return subject.contains(" ") ? SourcePlaces.subject(location)
        : new Subject(Subject.Kind.FILE, subject);
  }

  private static Finding dated(CheckContext ctx, Retention entry, RetentionObservation o,
      Finding.Builder finding) {
    String noun = o.location().startsWith("dir:") ? "files"
        : o.location().startsWith("cmd:") ? "timestamps" : "items";
    String window = entry.maxAge().toString();
    Instant now = ctx.now();
    Instant cutoff = now.minus(entry.maxAge().value());
    List<RetentionObservation.Dated> all = o.dated();
    List<RetentionObservation.Dated> older =
        all.stream().filter(d -> d.time().isBefore(cutoff)).toList();
    String cap = o.incomplete() == null ? "" : " (incomplete: " + o.incomplete() + ")";
    if (all.isEmpty()) {
      if (o.incomplete() != null) {
        return finding.status(Status.ERROR)
            .observed("no " + noun + " found" + cap, new Value.Count(0, null)).build();
      }
      // An empty folder or listing shows nothing about how long anything is kept.
      boolean dir = o.location().startsWith("dir:") && entry.source().directory() != null;
      return NothingJudged.nothingAt(finding, new NoFiles(dir ? entry.source().directory().glob()
          + " under " + o.location().substring(4) : o.location(),
          "no " + (dir ? "file matches" : noun + " found at"), false));
    }
    // The age compared with the window is the oldest one's, as the sentence shows it.
    Duration oldestAge = Duration.between(all.get(0).time(), now);
    if (!older.isEmpty()) {
      List<String> named = new ArrayList<>();
      for (int i = 0; i < Math.min(NAMED, older.size()); i++) {
        named.add(age(Duration.between(older.get(i).time(), now)) + " ("
            + older.get(i).label() + ")");
      }
      String more = older.size() > NAMED ? ", …" : "";
      return finding.status(Status.FAIL).observed(noun + " older than " + window + ": "
          + older.size() + " of " + all.size() + "; oldest " + String.join(", ", named) + more
          + cap, shown(oldestAge)).build();
    }
    RetentionObservation.Dated oldest = all.get(0);
    String observed = noun + " older than " + window + ": none of " + all.size() + "; oldest "
        + age(oldestAge) + " (" + oldest.label() + ")";
    if (o.incomplete() != null) {
      // A capped listing shows only part of what is kept; the rest may be older.
      return finding.status(Status.ERROR).observed(observed + cap, shown(oldestAge)).build();
    }
    // Nothing listed had reached the window, so nothing had yet to be deleted: the snapshot
    // cannot tell a store that deletes from one that keeps everything (a blind review,
    // founder24: "deleted automatically after at most 30 days" published as verified from a
    // folder whose oldest file was 20 days old). A folder there since before the window, with
    // nothing in it that old, shows what was put in it then is no longer kept.
    Instant since = o.since();
    if (since != null && !since.isAfter(cutoff)) {
      return finding.status(Status.PASS).observed(observed + "; the folder has been there at"
          + " least " + age(Duration.between(since, now)) + ", longer than the window, and"
          + " holds nothing put in it more than " + window + " ago", shown(oldestAge)).build();
    }
    return finding.status(Status.WARN).observed(observed + ", under the " + window
        + " window: no deletion observed yet (nothing listed was old enough to be deleted)",
        shown(oldestAge)).build();
  }

  /**
   * An age as {@link #age} shows it (whole days and hours, hours, or minutes), so the value
   * says no more than the sentence; null for a time in the future.
   */
  static Value shown(Duration d) {
    if (d.isNegative()) {
      return null;
    }
    Duration whole = d.toHours() > 0 ? Duration.ofHours(d.toHours())
        : Duration.ofMinutes(d.toMinutes());
    return new Value.Duration(whole.toSeconds());
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
