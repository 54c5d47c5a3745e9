package dev.secaudit.scan;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The words a scan writes of its own: check ids, titles, remediations and references, statuses
 * and severities, framework requirements, the policy's target and source names, rule pointers and
 * artifact ids. A value the run observed from a server (a cookie's value, a captured token) is
 * masked wherever it appears; one that is also among these words would mask them instead
 * (a blind cross-check: `Set-Cookie: session=Secure` rewrote `cookie.secure` to
 * `cookie.[REDACTED]` in every finding of the run, breaking waivers and baselines, and a value
 * equal to part of a target's name renamed the target). Such a value is still masked where it was
 * seen (the Set-Cookie header's value, a credential header), but not everywhere: printing a word
 * secaudit writes anyway tells a reader nothing of the server's cookie. Values from the policy
 * (${env:} secrets, its credentials) are masked everywhere as before. None of these words comes
 * from a server (the catalog's texts and the policy's names), so sparing a value found among them
 * shows nothing a reader could not read in any report.
 */
final class OwnWords {
  private final String words;

  private OwnWords(String words) {
    this.words = words;
  }

  static OwnWords of(CheckCatalog catalog, List<Finding> findings, List<TargetState> states,
      List<Artifact> artifacts) {
    Set<String> own = new LinkedHashSet<>();
    for (CheckInfo c : catalog.all()) {
      own.add(c.id());
      own.add(c.title());
      own.add(c.remediation());
      own.add(c.reference());
      c.mappings().forEach(m -> own.add(m.toString()));
    }
    for (Status s : Status.values()) {
      own.add(s.name());
    }
    for (Severity s : Severity.values()) {
      own.add(s.name());
    }
    for (Finding f : findings) {
      own.add(f.checkId());
      own.add(f.target());
      own.add(f.title());
      own.add(f.remediation());
      own.add(f.policyPointer());
      f.mappings().stream().map(Mapping::toString).forEach(own::add);
    }
    states.forEach(s -> own.add(s.name()));
    artifacts.forEach(a -> own.add(a.id()));
    StringBuilder all = new StringBuilder();
    for (String w : own) {
      if (w != null) {
        all.append(w.toLowerCase(Locale.ROOT)).append('\n');
      }
    }
    return new OwnWords(all.toString());
  }

  /** The observed values to mask everywhere: all but those found in these words. */
  List<String> outside(List<String> observed) {
    List<String> out = new ArrayList<>();
    for (String v : observed) {
      if (v == null || !words.contains(v.toLowerCase(Locale.ROOT))) {
        out.add(v);
      }
    }
    return out;
  }
}
