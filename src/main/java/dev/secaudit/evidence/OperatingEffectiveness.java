package dev.secaudit.evidence;

import dev.secaudit.compliance.Framework;
import dev.secaudit.evidence.LedgerEntry.Result;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How each control operated over an observation period, computed from the run history alone: the
 * test of operating effectiveness a SOC 2 Type II auditor performs, done for every run instead of
 * a sample. Pure: the same history, period and frameworks always give an equal report.
 *
 * <p>A run <em>tests</em> a control (check id) when it has a finding of that check that judged
 * it: PASS, FAIL, ERROR, WARN or WAIVED. SKIPPED, MANUAL and INFO findings judge nothing (a
 * check switched off or left TODO, an attestation, an observation), so a run with only those is
 * a gap: its day counts as without a tested run. A tested run is an <em>exception</em> when any
 * of its findings is FAIL, ERROR or WARN, <em>waived</em> when none is but one is WAIVED (an
 * accepted risk is not a control operating), and <em>operating</em> only when the rest are PASS.
 * ERROR and WARN are exceptions, not gaps, because the run did try the control and could not show
 * it operating (an error, a weakness short of a failure, a claim left unverified): a SOC 2
 * auditor who cannot perform the test on a sampled item counts that item as a deviation, and a
 * control the evidence does not show operating must never raise the pass rate.
 */
public final class OperatingEffectiveness {
  private OperatingEffectiveness() {}

  /** What the report is asked for; days are UTC calendar days, both ends included. */
  public record Period(LocalDate from, LocalDate to, LocalDate sample) {
    public Period {
      if (to.isBefore(from)) {
        throw new IllegalArgumentException("the period ends (" + to + ") before it starts ("
            + from + ")");
      }
    }

    Instant start() {
      return from.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    Instant end() {
      return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    boolean contains(Instant t) {
      return !t.isBefore(start()) && t.isBefore(end());
    }

    long days() {
      return to.toEpochDay() - from.toEpochDay() + 1;
    }
  }

  /** How one run came out for one control or requirement. */
  public enum Outcome {
    OPERATING,
    EXCEPTION,
    WAIVED,
    NOT_TESTED,
    /**
     * Every finding said the control did not apply (no DHE suite to judge, an optional header not
     * sent): neither operating nor a gap, and out of the tested count.
     */
    NOT_APPLICABLE;

    static Outcome of(Collection<Status> statuses) {
      boolean waived = false;
      boolean passed = false;
      boolean notApplicable = false;
      boolean other = false;
      for (Status s : statuses) {
        if (deviates(s)) {
          return EXCEPTION;
        }
        waived |= s == Status.WAIVED;
        passed |= s == Status.PASS;
        notApplicable |= s == Status.NOT_APPLICABLE;
        other |= s != Status.NOT_APPLICABLE && s != Status.INFO;
      }
      return waived ? WAIVED : passed ? OPERATING
          : notApplicable && !other ? NOT_APPLICABLE : NOT_TESTED;
    }

    /** Whether a run with this outcome tested the control: counted in the rates' denominator. */
    public boolean tested() {
      return this == OPERATING || this == EXCEPTION || this == WAIVED;
    }

    /**
     * A finding that keeps its run from showing the control operating although the run tried:
     * failed, errored, or warned (not fully met, or not verified).
     */
    public static boolean deviates(Status s) {
      return s == Status.FAIL || s == Status.ERROR || s == Status.WARN;
    }

    /** A finding that says something about the control: a verdict, not a skip or a note. */
    static boolean judges(Status s) {
      return s != Status.SKIPPED && s != Status.MANUAL && s != Status.INFO
          && s != Status.NOT_APPLICABLE;
    }
  }

  /**
   * One run's controls by outcome, for the pass rate over time: a control is a check, judged in
   * that run by {@link Outcome#of} over its findings, as the period's tallies judge it.
   */
  public record RunTally(LedgerEntry run, int tested, int operating, int exceptions, int waived) {
    /** Operating over tested controls, 0..1, or -1 when the run tested none. */
    public double passRate() {
      return tested == 0 ? -1 : (double) operating / tested;
    }
  }

  /** Every run's tally, in the order given. */
  public static List<RunTally> runTallies(List<LedgerEntry> runs) {
    List<RunTally> out = new ArrayList<>();
    for (LedgerEntry run : runs) {
      int operating = 0;
      int exceptions = 0;
      int waived = 0;
      for (ControlRun c : ControlRun.of(run).values()) {
        switch (c.outcome()) {
          case OPERATING -> operating++;
          case EXCEPTION -> exceptions++;
          case WAIVED -> waived++;
          case NOT_TESTED, NOT_APPLICABLE -> { }
        }
      }
      out.add(new RunTally(run, operating + exceptions + waived, operating, exceptions, waived));
    }
    return out;
  }

  /** Consecutive UTC days, both ends included. */
  public record DayRange(LocalDate first, LocalDate last) {
    public long days() {
      return last.toEpochDay() - first.toEpochDay() + 1;
    }

    @Override
    public String toString() {
      return first.equals(last) ? first.toString() : first + ".." + last;
    }
  }

  /**
   * Tested runs by outcome, the pass rate over them, and the days no run tested.
   *
   * @param partlyTested runs that judged some of a requirement's checks but not all, or a
   *     control on some of its targets but not all, and showed no exception: not counted as
   *     tested
   */
  public record Tally(int tested, int operating, int exceptions, int waived,
      List<DayRange> gaps, int partlyTested) {
    public Tally {
      gaps = List.copyOf(gaps);
    }

    public Tally(int tested, int operating, int exceptions, int waived, List<DayRange> gaps) {
      this(tested, operating, exceptions, waived, gaps, 0);
    }

    /** Operating over tested runs, one decimal ("97.5%"), or "n/a" when nothing was tested. */
    public String passRate() {
      return tested == 0 ? "n/a"
          : String.format(Locale.ROOT, "%.1f%%", 100.0 * operating / tested);
    }

    public long daysWithoutRun() {
      return gaps.stream().mapToLong(DayRange::days).sum();
    }
  }

  /**
   * A failure of one (check, target, subject) from its first failing run (FAIL, ERROR or WARN) to
   * the first later run that shows it fixed: the key present with PASS, or gone while the check
   * still judged that target. A WAIVED, WARN, INFO or untested key stays open: accepting, half
   * fixing, noting or not looking is not remediating.
   *
   * @param fixed the run that showed it fixed, or null when it was still open at the period's end
   */
  public record ControlException(String target, String subject, Status worst, LedgerEntry first,
      LedgerEntry last, int failingRuns, LedgerEntry fixed) {
    public Duration timeToRemediate() {
      return fixed == null ? null : Duration.between(first.started(), fixed.started());
    }
  }

  /** One FAIL, ERROR or WARN finding of one run in the period: the raw exception log. */
  public record FailingResult(LedgerEntry run, String check, String target, String subject,
      Status status) {}

  /**
   * @param untestedTargets targets some run of the period judged the control on none of while it
   *     judged it on others ("" for policy-wide findings): why its runs were partly tested
   */
  public record Control(String checkId, List<Mapping> mappings, Tally tally,
      LedgerEntry firstRun, LedgerEntry lastRun, List<ControlException> exceptions,
      List<String> untestedTargets) {
    public Control {
      mappings = List.copyOf(mappings);
      exceptions = List.copyOf(exceptions);
      untestedTargets = List.copyOf(untestedTargets);
    }

    public Control(String checkId, List<Mapping> mappings, Tally tally, LedgerEntry firstRun,
        LedgerEntry lastRun, List<ControlException> exceptions) {
      this(checkId, mappings, tally, firstRun, lastRun, exceptions, List.of());
    }

    /** Mean time to remediate over the exceptions that were fixed, or null when none was. */
    public Duration meanTimeToRemediate() {
      List<Duration> fixed = exceptions.stream().map(ControlException::timeToRemediate)
          .filter(d -> d != null).toList();
      return fixed.isEmpty() ? null : fixed.stream().reduce(Duration.ZERO, Duration::plus)
          .dividedBy(fixed.size());
    }

    public long openExceptions() {
      return exceptions.stream().filter(e -> e.fixed() == null).count();
    }
  }

  /**
   * A framework requirement over the period: the checks mapped to it, taken together.
   *
   * @param notRun checks this version's catalogue maps to it that no run of the period ran: its
   *     tally says nothing of them
   */
  public record Requirement(String framework, String id, String title, List<String> checks,
      Tally tally, List<String> notRun) {
    public Requirement {
      checks = List.copyOf(checks);
      notRun = List.copyOf(notRun);
    }

    public Requirement(String framework, String id, String title, List<String> checks,
        Tally tally) {
      this(framework, id, title, checks, tally, List.of());
    }

    /** No check in the history gives evidence for it: it is attested or manual. */
    public boolean manual() {
      return checks.isEmpty();
    }
  }

  /**
   * The state of every control on the sampled day, as the last run started on or before its end
   * recorded it.
   *
   * @param run that run, or null when the history has none up to that day
   */
  public record Sample(LocalDate day, LedgerEntry run, Map<String, Outcome> outcomes) {
    public Sample {
      outcomes = java.util.Collections.unmodifiableMap(new TreeMap<>(outcomes));
    }

    /** The run was on the sampled day itself, not an earlier one carried forward. */
    public boolean sameDay() {
      return run != null && run.started().atZone(ZoneOffset.UTC).toLocalDate().equals(day);
    }
  }

  /**
   * @param firstStarted when the history's first run started, or null for an empty history
   * @param unpinnedRuns how many runs follow the newest pinned line: 0 when the head is pinned,
   *     -1 when no pin was given ({@link RunLedger#unpinnedRuns})
   */
  public record Report(
      Period period,
      String head,
      int historyRuns,
      Instant firstStarted,
      List<LedgerEntry> runs,
      List<String> policies,
      Tally overall,
      List<Control> controls,
      List<Requirement> requirements,
      List<FailingResult> failures,
      Sample sample,
      int unpinnedRuns) {
    public Report {
      runs = List.copyOf(runs);
      policies = List.copyOf(policies);
      controls = List.copyOf(controls);
      requirements = List.copyOf(requirements);
      failures = List.copyOf(failures);
    }

    /** The same report, knowing how many runs follow the newest pin. */
    public Report pinned(int unpinned) {
      return new Report(period, head, historyRuns, firstStarted, runs, policies, overall,
          controls, requirements, failures, sample, unpinned);
    }

    /**
     * The history is vouched for up to its head: intact, and its head pinned. An intact chain
     * alone proves integrity only, as {@code history verify} says: whoever can write the file
     * can rewrite it whole with recomputed hashes.
     */
    public boolean verified() {
      return unpinnedRuns == 0;
    }

    /** What the chain proves, as the report says it. */
    public String chain() {
      String counted = historyRuns + " run" + (historyRuns == 1 ? "" : "s") + ", head sha256 "
          + head;
      if (verified()) {
        return "verified: " + counted + " (intact, and the head is pinned)";
      }
      return "intact: " + counted + "; " + BundleVerification.INTEGRITY_ONLY + ": " + (unpinnedRuns
          < 0 ? "no --pin was given, so a history rewritten whole with recomputed hashes would"
              + " pass too" : "the " + unpinnedRuns + " run(s) after the newest --pin are"
              + " vouched for by the chain alone");
    }

    /** Each run's pass rate, decided here so the period report only draws it. */
    public List<RunTally> runTallies() {
      return OperatingEffectiveness.runTallies(runs);
    }
  }

  /**
   * Builds the report.
   *
   * @param history every run of a verified history, oldest first
   * @param frameworks the frameworks whose every requirement is listed
   * @param catalogMappings mappings for check ids whose history lines predate recorded mappings
   */
  public static Report of(List<LedgerEntry> history, Period period, List<Framework> frameworks,
      java.util.function.Function<String, List<Mapping>> catalogMappings) {
    return of(history, period, frameworks, catalogMappings, Map.of());
  }

  /**
   * As above; {@code catalogChecks}: the checks this version's catalogue maps to each
   * requirement, of which a requirement names those no run of the period ran.
   */
  public static Report of(List<LedgerEntry> history, Period period, List<Framework> frameworks,
      java.util.function.Function<String, List<Mapping>> catalogMappings,
      Map<Mapping, List<String>> catalogChecks) {
    List<LedgerEntry> upToEnd = history.stream()
        .filter(e -> e.started().isBefore(period.end())).toList();
    List<LedgerEntry> inPeriod = upToEnd.stream()
        .filter(e -> period.contains(e.started())).toList();

    // Each check per run in the period, in run order.
    Map<String, Map<LedgerEntry, ControlRun>> byCheck = new TreeMap<>();
    Map<String, Set<Mapping>> mappings = new TreeMap<>();
    List<FailingResult> failures = new ArrayList<>();
    for (LedgerEntry run : inPeriod) {
      ControlRun.of(run).forEach((check, c) ->
          byCheck.computeIfAbsent(check, k -> new LinkedHashMap<>()).put(run, c));
      for (Result r : run.results()) {
        if (Outcome.deviates(r.status())) {
          failures.add(new FailingResult(run, r.check(), r.target(), r.subject(), r.status()));
        }
      }
      run.mappings().forEach((check, ms) ->
          mappings.computeIfAbsent(check, k -> new TreeSet<>()).addAll(ms));
    }
    Map<String, List<ControlException>> exceptions = exceptions(upToEnd, period);

    List<Control> controls = new ArrayList<>();
    for (Map.Entry<String, Map<LedgerEntry, ControlRun>> e : byCheck.entrySet()) {
      String check = e.getKey();
      Set<Mapping> ms = mappings.get(check);
      List<Mapping> ordered = new ArrayList<>(ms == null || ms.isEmpty()
          ? new TreeSet<>(catalogMappings.apply(check)) : ms);
      Map<LedgerEntry, Outcome> outcomes = new LinkedHashMap<>();
      Set<String> untested = new TreeSet<>();
      int partly = 0;
      for (Map.Entry<LedgerEntry, ControlRun> run : e.getValue().entrySet()) {
        outcomes.put(run.getKey(), run.getValue().outcome());
        untested.addAll(run.getValue().untested());
        partly += run.getValue().partly() ? 1 : 0;
      }
      List<LedgerEntry> tested = outcomes.entrySet().stream()
          .filter(o -> o.getValue().tested()).map(Map.Entry::getKey).toList();
      Tally t = tally(outcomes, period);
      controls.add(new Control(check, ordered,
          new Tally(t.tested(), t.operating(), t.exceptions(), t.waived(), t.gaps(), partly),
          tested.isEmpty() ? null : tested.get(0),
          tested.isEmpty() ? null : tested.get(tested.size() - 1),
          exceptions.getOrDefault(check, List.of()), List.copyOf(untested)));
    }

    List<Requirement> requirements = new ArrayList<>();
    for (Framework fw : frameworks) {
      for (Framework.Requirement req : fw.requirements()) {
        Mapping wanted = new Mapping(fw.id(), req.id());
        List<String> checks = controls.stream()
            .filter(c -> c.mappings().contains(wanted)).map(Control::checkId).toList();
        Map<LedgerEntry, Outcome> outcomes = new LinkedHashMap<>();
        int partly = 0;
        for (LedgerEntry run : inPeriod) {
          List<Status> statuses = new ArrayList<>();
          boolean allJudged = true;
          for (String check : checks) {
            ControlRun its = byCheck.get(check).get(run);
            if (its == null) {
              allJudged = false;
              continue;
            }
            statuses.addAll(its.statuses());
            allJudged &= its.whole();
          }
          if (statuses.isEmpty()) {
            continue;
          }
          Outcome o = Outcome.of(statuses);
          // A run that judged only some of the checks the period maps to the requirement did not
          // test it as the other runs did (a blind review: CC6.6 "operating" on a day only the
          // sshd check ran, not the header checks). An exception still counts; a clean partial
          // run is not a test of the requirement, and its day stays a gap.
          if (!allJudged && o != Outcome.EXCEPTION) {
            partly += o.tested() ? 1 : 0;
            continue;
          }
          outcomes.put(run, o);
        }
        Tally t = tally(outcomes, period);
        List<String> notRun = catalogChecks.getOrDefault(wanted, List.of()).stream()
            .filter(c -> !checks.contains(c)).toList();
        requirements.add(new Requirement(fw.id(), req.id(), req.title(), checks,
            new Tally(t.tested(), t.operating(), t.exceptions(), t.waived(), t.gaps(), partly),
            notRun));
      }
    }

    Map<LedgerEntry, Outcome> anyRun = new LinkedHashMap<>();
    inPeriod.forEach(r -> anyRun.put(r, Outcome.OPERATING));
    Tally overall = tally(anyRun, period);
    Set<String> policies = new java.util.LinkedHashSet<>();
    inPeriod.forEach(r -> policies.add(r.policyName() + " " + r.policySha256()));
    String head = history.isEmpty() ? RunLedger.GENESIS
        : history.get(history.size() - 1).lineSha256();
    return new Report(period, head, history.size(),
        history.isEmpty() ? null : history.get(0).started(), inPeriod, List.copyOf(policies),
        overall, controls, requirements, failures, sample(history, period.sample()), -1);
  }

  private static Tally tally(Map<LedgerEntry, Outcome> outcomes, Period period) {
    int operating = 0;
    int exceptions = 0;
    int waived = 0;
    Set<LocalDate> days = new TreeSet<>();
    for (Map.Entry<LedgerEntry, Outcome> o : outcomes.entrySet()) {
      switch (o.getValue()) {
        case OPERATING -> operating++;
        case EXCEPTION -> exceptions++;
        case WAIVED -> waived++;
        case NOT_TESTED, NOT_APPLICABLE -> {
          continue;
        }
      }
      days.add(o.getKey().started().atZone(ZoneOffset.UTC).toLocalDate());
    }
    return new Tally(operating + exceptions + waived, operating, exceptions, waived,
        gaps(days, period));
  }

  /** The days of the period with no tested run, as ranges of consecutive days. */
  static List<DayRange> gaps(Set<LocalDate> covered, Period period) {
    List<DayRange> gaps = new ArrayList<>();
    LocalDate start = null;
    for (LocalDate d = period.from(); !d.isAfter(period.to()); d = d.plusDays(1)) {
      if (!covered.contains(d)) {
        start = start == null ? d : start;
      } else if (start != null) {
        gaps.add(new DayRange(start, d.minusDays(1)));
        start = null;
      }
    }
    if (start != null) {
      gaps.add(new DayRange(start, period.to()));
    }
    return gaps;
  }

  /**
   * Failure episodes per check, followed through every run up to the period's end (one that began
   * before the period shows its true start), keeping those still open when the period began or
   * opened in it.
   */
  private static Map<String, List<ControlException>> exceptions(List<LedgerEntry> runs, Period period) {
    record Open(Status worst, LedgerEntry first, LedgerEntry last, int runs) {}
    Map<String, Map<List<String>, Open>> open = new TreeMap<>();
    Map<String, List<ControlException>> closed = new TreeMap<>();
    for (LedgerEntry run : runs) {
      Map<String, Map<List<String>, Status>> seen = new LinkedHashMap<>();
      Set<List<String>> checkedTargets = new java.util.HashSet<>();
      for (Result r : run.results()) {
        seen.computeIfAbsent(r.check(), k -> new LinkedHashMap<>())
            .merge(List.of(r.target(), r.subject()), r.status(),
                (a, b) -> a.compareTo(b) <= 0 ? a : b);
        if (Outcome.judges(r.status())) {
          checkedTargets.add(List.of(r.check(), r.target()));
        }
      }
      for (Map.Entry<String, Map<List<String>, Status>> c : seen.entrySet()) {
        for (Map.Entry<List<String>, Status> k : c.getValue().entrySet()) {
          Status s = k.getValue();
          if (Outcome.deviates(s)) {
            open.computeIfAbsent(c.getKey(), x -> new LinkedHashMap<>()).merge(k.getKey(),
                new Open(s, run, run, 1), (was, now) -> new Open(
                    was.worst().compareTo(s) <= 0 ? was.worst() : s, was.first(), run,
                    was.runs() + 1));
          }
        }
      }
      for (Map.Entry<String, Map<List<String>, Open>> c : open.entrySet()) {
        Map<List<String>, Status> now = seen.getOrDefault(c.getKey(), Map.of());
        var it = c.getValue().entrySet().iterator();
        while (it.hasNext()) {
          var k = it.next();
          Status s = now.get(k.getKey());
          boolean fixed = s == null
              ? checkedTargets.contains(List.of(c.getKey(), k.getKey().get(0)))
              // A control that no longer applies (no DHE suite left to be weak) is no exception.
              : s == Status.PASS || s == Status.NOT_APPLICABLE;
          if (fixed) {
            Open o = k.getValue();
            if (!run.started().isBefore(period.start())) {
              closed.computeIfAbsent(c.getKey(), x -> new ArrayList<>()).add(new ControlException(
                  k.getKey().get(0), k.getKey().get(1), o.worst(), o.first(), o.last(), o.runs(),
                  run));
            }
            it.remove();
          }
        }
      }
    }
    open.forEach((check, keys) -> keys.forEach((k, o) -> closed.computeIfAbsent(check,
        x -> new ArrayList<>()).add(new ControlException(k.get(0), k.get(1), o.worst(), o.first(),
        o.last(), o.runs(), null))));
    closed.values().forEach(list -> list.sort(java.util.Comparator
        .comparingLong((ControlException x) -> x.first().seq())
        .thenComparing(ControlException::target).thenComparing(ControlException::subject)));
    return closed;
  }

  private static Sample sample(List<LedgerEntry> history, LocalDate day) {
    if (day == null) {
      return null;
    }
    Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    LedgerEntry last = null;
    for (LedgerEntry e : history) {
      if (e.started().isBefore(end)) {
        last = e;
      }
    }
    Map<String, List<Status>> statuses = new TreeMap<>();
    if (last != null) {
      last.results().forEach(r ->
          statuses.computeIfAbsent(r.check(), k -> new ArrayList<>()).add(r.status()));
    }
    Map<String, Outcome> outcomes = new TreeMap<>();
    statuses.forEach((check, s) -> outcomes.put(check, Outcome.of(s)));
    return new Sample(day, last, outcomes);
  }
}
