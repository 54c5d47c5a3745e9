package dev.secaudit.check.cookie;

import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cookie checks' verdicts, merged by (check id, subject), the finding's key: the same cookie
 * seen on several answers is one finding citing each of them. Its status is the worst any answer
 * earned (Secure on / but not on /login fails, naming /login first), never the first or last
 * seen; a key twice would leave baselines, waivers and fingerprints to pick one of two verdicts.
 */
final class CookieVerdicts {
  private final Map<String, Merged> byKey = new LinkedHashMap<>();
  private int sequence;

  void add(String checkId, String subject, Status status, Severity severity, String expected,
      String observed, String evidence, String pointer, int ruleIndex) {
    add(checkId, subject, status, severity, expected, new Seen(observed, null, null), evidence,
        pointer, ruleIndex);
  }

  void add(String checkId, String subject, Status status, Severity severity, String expected,
      Seen observed, String evidence, String pointer, int ruleIndex) {
    add(checkId, subject, status, severity, new Worded(expected, null), observed, null,
        evidence, pointer, ruleIndex);
  }

  /** A verdict whose expectation, and possibly observation, are values as well as prose. */
  void add(String checkId, String subject, Status status, Severity severity, Worded expected,
      String observed, Value observedValue, String evidence, String pointer, int ruleIndex) {
    add(checkId, subject, status, severity, expected, new Seen(observed, null, null),
        observedValue, evidence, pointer, ruleIndex);
  }

  /** The same, observed on an answer that {@code observed} may name. */
  void add(String checkId, String subject, Status status, Severity severity, Worded expected,
      Seen observed, Value observedValue, String evidence, String pointer, int ruleIndex) {
    Candidate c = new Candidate(checkId, subject, status, severity, expected, pointer,
        ruleIndex, sequence++);
    Merged m = byKey.computeIfAbsent(checkId + "\u0000" + subject, k -> new Merged(c));
    if (c.betterThan(m.representative)) {
      m.representative = c;
    }
    m.statusOf.merge(observed.text(), status, (a, b) -> a.compareTo(b) <= 0 ? a : b);
    // A value is kept per distinct observation: the same attributes on two pages are two
    // cookie values (each names its URL), though one sentence.
    boolean fresh = m.observed.computeIfAbsent(observed.text(), k -> new LinkedHashSet<>())
        .add(observed.where() == null ? "" : observed.where());
    if (observed.where() == null && observed.answer() != null) {
      m.pageAnswers.computeIfAbsent(observed.text(), k -> new LinkedHashSet<>())
          .add(observed.answer());
    }
    if (fresh || observedValue != null && !m.observedValues.contains(observedValue)) {
      m.observedValues.add(observedValue);
    }
    if (evidence != null && !evidence.isEmpty()) {
      m.evidence.add(evidence);
    }
  }

  List<Finding> findings(CheckContext ctx) {
    List<Merged> all = new ArrayList<>(byKey.values());
    all.sort(Comparator.comparing((Merged m) -> m.representative.subject)
        .thenComparing(m -> m.representative.checkId)
        .thenComparing(m -> m.representative.status));
    List<Finding> out = new ArrayList<>();
    for (Merged m : all) {
      Candidate r = m.representative;
      Finding.Builder f = ctx.finding(r.checkId).subject(r.subject).status(r.status)
          .severity(r.severity).expected(r.expected.prose(), r.expected.value())
          .observed(m.observedText(), m.observedValue())
          .evidence(List.copyOf(m.evidence)).rule(r.pointer);
      if (!r.checkId.equals(CookieCheck.REQUIRED)) {
        f.about(Subject.cookie(r.subject)); // cookie.required names a rule's glob
      }
      out.add(f.build());
    }
    return out;
  }

  static final class Merged {
    Candidate representative;
    /** Each distinct observation, and where it was seen: "" for a page, else the answer. */
    final Map<String, Set<String>> observed = new LinkedHashMap<>();
    final Set<String> evidence = new LinkedHashSet<>();
    /** The pages' answers ("GET https://a/login") that showed each observation. */
    final Map<String, Set<String>> pageAnswers = new LinkedHashMap<>();
    /** Each distinct observation's value, null where it was prose only. */
    final List<Value> observedValues = new ArrayList<>();
    /** The verdict each distinct observation earned, to put the one judged first. */
    final Map<String, Status> statusOf = new LinkedHashMap<>();

    Merged(Candidate first) {
      this.representative = first;
    }

    Value observedValue() {
      return Value.ofAll(observedValues);
    }

    /**
     * Each observation once: as on the pages when a page showed it (the other answers that did
     * the same named after it), else with the answer that showed it. Before, the same cookie on a
     * page and on a CORS answer read "HttpOnly missing; set on a CORS probe's …: HttpOnly
     * missing", as if two things were wrong.
     */
    String observedText() {
      if (observed.size() == 1) {
        return part(observed.entrySet().iterator().next(), false);
      }
      // Several Set-Cookie headers seen differently: each stands apart, named by the answer
      // that sent it, so two attribute lists never read as one (a blind review saw "Secure;
      // HttpOnly; ...; Expires=...; Secure; HttpOnly; ..." from two pages, without a source).
      List<String> parts = new ArrayList<>();
      int n = 0;
      List<Map.Entry<String, Set<String>>> worstFirst = new ArrayList<>(observed.entrySet());
      worstFirst.sort(Comparator.comparing(e -> statusOf.get(e.getKey())));
      for (Map.Entry<String, Set<String>> e : worstFirst) {
        parts.add("(" + ++n + ") " + part(e, true));
      }
      return observed.size() + " different Set-Cookie headers: " + String.join(" ", parts);
    }

    private String part(Map.Entry<String, Set<String>> e, boolean named) {
      List<String> others = e.getValue().stream().filter(w -> !w.isEmpty()).toList();
      if (e.getValue().contains("")) {
        Set<String> pages = pageAnswers.get(e.getKey());
        // One answer is named by the evidence; several are named here, so the finding says
        // on which responses the cookie was set as it was.
        String on = pages != null && (named || pages.size() > 1)
            ? "on " + String.join(", ", pages) + ": " : "";
        return on + e.getKey() + (others.isEmpty() ? "" : " (the same on "
            + String.join("; ", others) + ")");
      }
      return "set on " + others.get(0) + ": " + e.getKey() + (others.size() == 1 ? ""
          : " (the same on " + String.join("; ", others.subList(1, others.size())) + ")");
    }
  }

  /**
   * An observation, and the answer it was made on when that is not one of the pages ({@code
   * where} null for a page or one of its redirect hops); {@code answer} names any answer, as
   * "GET https://a/login", for when several observations must each say where they were made.
   */
  record Seen(String text, String where, String answer) {}

  /** What a rule expects: in the check's words, and as a value when it has one. */
  record Worded(String prose, Value value) {}

  record Candidate(String checkId, String subject, Status status, Severity severity,
      Worded expected, String pointer, int ruleIndex, int sequence) {

    boolean betterThan(Candidate other) {
      if (this == other) {
        return false;
      }
      if (status != other.status) {
        return status.compareTo(other.status) < 0; // the worst verdict is the finding's
      }
      boolean mineFromPolicy = ruleIndex >= 0;
      boolean theirsFromPolicy = other.ruleIndex >= 0;
      if (mineFromPolicy != theirsFromPolicy) {
        return mineFromPolicy;
      }
      int bySeverity = effectiveSeverity().compareTo(other.effectiveSeverity());
      if (bySeverity != 0) {
        return bySeverity > 0;
      }
      if (ruleIndex != other.ruleIndex) {
        return ruleIndex < other.ruleIndex;
      }
      return sequence < other.sequence;
    }

    Severity effectiveSeverity() {
      return severity != null ? severity : CookieCheck.declaredSeverity(checkId);
    }
  }
}
