package dev.secaudit.check.retention;

import dev.secaudit.check.CheckContext;
import dev.secaudit.check.SourcePlaces;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Value;
import dev.secaudit.policy.Retention;
import dev.secaudit.probe.retention.RetentionObservation;
import java.time.Duration;
import java.util.List;

/**
 * retention.floor: the data is kept at least the entry's min_age. "All requests are logged for
 * 30 days" promises the logs exist that long; a ceiling met by logs kept 3 days said nothing of
 * it (a blind review, founder24). A configuration shows the floor where it names the least any
 * of the data survives (logrotate rotate × interval, maxage); a listing shows only that its
 * oldest item has lived that long, and a younger oldest item does not show data is removed
 * early (the data may be new), so it is left to a person.
 */
final class RetentionFloor {
  private RetentionFloor() {}

  static final String ID = "retention.floor";

  static Finding judge(CheckContext ctx, Retention entry, String pointer,
      RetentionObservation o) {
    String least = entry.minAge().toString();
    Finding.Builder finding = ctx.finding(ID).subject(o.location())
        .about(SourcePlaces.subject(o.location()))
        .evidence(o.artifacts().stream().map(Artifact::id).toList()).rule(pointer)
        .expected("kept at least " + least,
            new Value.Duration(entry.minAge().value().toSeconds()));
    if (o.failure() != null) {
      return finding.status(Status.ERROR).observed(o.failure()).build();
    }
    Duration min = entry.minAge().value();
    if (o.isDated()) {
      if (o.dated().isEmpty()) {
        return finding.status(Status.WARN).observed("nothing listed"
            + (o.incomplete() == null ? "" : " (incomplete: " + o.incomplete() + ")")
            + ": nothing shows how long it is kept").build();
      }
      RetentionObservation.Dated oldest = o.dated().get(0);
      Duration age = Duration.between(oldest.time(), ctx.now());
      String seen = "oldest " + RetentionCheck.age(age) + " (" + oldest.label() + ")";
      if (age.compareTo(min) >= 0) {
        return finding.status(Status.PASS).observed(seen + ": it was kept at least " + least,
            RetentionCheck.shown(age)).build();
      }
      return finding.status(Status.WARN).observed(seen + ": nothing listed is " + least
          + " old yet, so whether it is kept that long is not shown (the data may be newer"
          + " than that, or removed sooner): a person decides", RetentionCheck.shown(age))
          .build();
    }
    RetentionObservation.Kept kept = o.kept();
    if (kept == null) {
      String why = o.notes().isEmpty() ? "" : " (" + String.join("; ", o.notes()) + ")";
      return finding.status(Status.WARN).observed("no rule covers it" + why + ", so nothing"
          + " shows how long it is kept: a person decides").build();
    }
    finding.subject(kept.subject())
        .about(RetentionCheck.kept(kept.subject(), o.location()));
    if (kept.floor() == null) {
      return finding.status(Status.WARN).observed("not shown: " + kept.floorHow()
          + ": a person decides").build();
    }
    if (kept.floor().equals(RetentionObservation.Kept.NEVER_REMOVED)) {
      return finding.status(Status.PASS).observed("never removed: " + kept.floorHow()).build();
    }
    boolean enough = kept.floor().compareTo(min) >= 0;
    return finding.status(enough ? Status.PASS : Status.FAIL).observed("kept at least "
        + RetentionCheck.age(kept.floor()) + ": " + kept.floorHow(),
        RetentionCheck.shown(kept.floor())).build();
  }
}
