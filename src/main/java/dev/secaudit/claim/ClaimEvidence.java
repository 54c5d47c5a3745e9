package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import dev.secaudit.policy.ClaimChecks;
import dev.secaudit.policy.Globs;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The evidence one scan holds for the policy's claims: each claim's own findings and its
 * attestation, judged against today (attestations age after the scan too) and the scan's age.
 */
public final class ClaimEvidence {
  private final ScanResult scan;
  private final Instant now;
  private final Map<String, Pattern> globs = new HashMap<>();
  private final Map<String, Predicate<Finding>> selectors = new HashMap<>();
  private final String notScanned;
  private final String scanTooOld;
  private SentenceReader reader;

  /**
   * @param maxScanAge a scan older than this verifies nothing any more
   */
  public ClaimEvidence(ScanResult scan, Instant now, Duration maxScanAge) {
    this.scan = scan;
    this.now = now;
    // Asked once per claim and per section: the scan and the clock do not change meanwhile.
    this.notScanned = notScanned(scan);
    this.scanTooOld = scanTooOld(scan, now, maxScanAge);
  }

  public ScanResult scan() {
    return scan;
  }

  /** Built on the first claim judged: a scan whose policy has no claims reads no sentence. */
  private SentenceReader reader() {
    if (reader == null) {
      reader = new SentenceReader(Vocabulary.builtIn());
    }
    return reader;
  }

  /**
   * Where one claim stands on the latest evidence, for answers and for the security page alike.
   *
   * @param evidence what backs it: the claim's findings and the attestation
   * @param failed why the evidence contradicts it (empty when nothing failed)
   * @param unsure why it is neither contradicted nor supported: errors, staleness, absence
   * @param verified the claim.verified finding, or null when the claim has no checks or none ran
   * @param checkIds the checks behind it, in the scan's order
   * @param attestationCurrent its attestation is in the scan and still within its age today
   * @param checksPassed every check it lists ran in the scan and passed, none skipped
   * @param beside failures of its rule's checks that its statement does not state
   *     ({@link StatedChecks}): named beside it, weighing on it neither way
   */
  public record Verdict(dev.secaudit.policy.Claim claim, List<String> evidence, List<String> failed,
      List<String> unsure, Finding verified, List<String> checkIds, boolean attestationCurrent,
      boolean checksPassed, List<String> beside) {
    /** Current and passing: the only standing a claim can be stated or answered "Yes" from. */
    public boolean stands() {
      return failed.isEmpty() && unsure.isEmpty();
    }
  }

  public Verdict judge(dev.secaudit.policy.Claim c) {
    List<String> evidence = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> unsure = new ArrayList<>();
    Set<String> checkIds = new LinkedHashSet<>();
    List<String> beside = new ArrayList<>();
    Finding verified = null;
    boolean attestationCurrent = false;
    boolean checksPassed = false;
    String scanAge = scanTooOld();
    boolean judged = false;
    if (!c.checks().isEmpty()) {
      judged = true;
      Finding f = claimFinding("claim.verified", c.id());
      verified = f;
      if (f == null) {
        unsure.add(c.id() + " is not in the scan: scan again");
      } else {
        evidence.add(describe(f));
        // A rule's findings of what the statement does not state are named beside it, as the
        // scan's claim.verified names them: they refute nothing it says.
        StatedChecks stated = StatedChecks.of(c, findings(c.checks()), reader(),
            Vocabulary.builtIn());
        beside.addAll(stated.beside());
        List<Finding> behind = stated.judged();
        behind.forEach(t -> checkIds.add(t.checkId()));
        behind.stream().limit(5).forEach(t -> evidence.add(describe(t)));
        // The checks' own findings decide, not the claim.verified status recorded beside them:
        // that status also weighs the claim's words (Verification), which each part does here.
        ChecksOutcome outcome = ChecksOutcome.of(c.checks(), behind);
        if (outcome.status() == Status.FAIL) {
          // The reviewer needs what was observed, not only that something failed.
          List<String> why = behind.stream()
              .filter(t -> t.judgedStatus() == Status.FAIL
                  || t.judgedStatus() == Status.ERROR)
              .limit(3)
              .map(t -> t.checkId() + " on " + t.target() + ": " + t.observed())
              .toList();
          failed.add(c.id() + " failed its checks"
              + (why.isEmpty() ? ": " + outcome.observed() : " (" + String.join("; ", why)
                  + ")"));
        } else if (outcome.status() != Status.PASS) {
          unsure.add(c.id() + " is " + outcome.status().name().toLowerCase(Locale.ROOT)
              + " in the scan: " + outcome.observed());
        } else if (scanAge != null) {
          unsure.add(c.id() + " was verified by " + scanAge);
        } else if (!notScanned().isEmpty()) {
          unsure.add(c.id() + " passed on the targets scanned, but " + notScanned());
        } else {
          checksPassed = true;
        }
      }
    }
    dev.secaudit.policy.Claim.Attestation a = c.attest();
    if (a != null) {
      judged = true;
      evidence.add(attestedBy(a) + ", current for " + a.maxAge()
          + (a.evidence().isEmpty() ? "" : "; " + String.join(", ", a.evidence())));
      Finding f = claimFinding("claim.attestation", c.id());
      String stale = staleToday(a);
      if (f == null) {
        unsure.add(c.id() + " attestation is not in the scan: scan again");
      } else if (f.status() == Status.FAIL && !currentAt(a, f.time())) {
        // The scan's own text names the owner's address; an answer names the attestation.
        unsure.add(c.id() + " attestation is stale: " + attestedBy(a) + ", current for "
            + a.maxAge());
      } else if (f.status() != Status.MANUAL && f.status() != Status.FAIL) {
        unsure.add(c.id() + " attestation is " + f.status().name().toLowerCase(Locale.ROOT)
            + " in the scan");
      } else if (stale != null) {
        unsure.add(c.id() + " attestation " + stale);
      } else {
        attestationCurrent = true;
      }
    }
    if (!judged) {
      unsure.add(c.id() + " has neither checks nor an attestation");
    }
    return new Verdict(c, List.copyOf(evidence), List.copyOf(failed), List.copyOf(unsure),
        verified, List.copyOf(checkIds), attestationCurrent, checksPassed, List.copyOf(beside));
  }

  /**
   * Why what the checks saw is not the whole population, or "" when it is: a merge missing a
   * shard ({@code merge --partial}) scanned some targets only, and one shard's own result holds
   * its part only; a claim verified on the others says nothing of those.
   */
  public String notScanned() {
    return notScanned;
  }

  private static String notScanned(ScanResult scan) {
    List<TargetState> missing = TargetState.withoutEvidence(scan.targets());
    List<TargetState> elsewhere = missing.stream().filter(TargetState::otherShards).toList();
    List<TargetState> unscanned = missing.stream().filter(t -> !t.otherShards()).toList();
    List<String> parts = new ArrayList<>();
    if (!unscanned.isEmpty()) {
      parts.add(unscanned.size() + " target(s) of the population were not scanned: "
          + names(unscanned.stream().map(TargetState::name).toList()));
    }
    if (!elsewhere.isEmpty()) {
      parts.add(otherShards(elsewhere, scan.run() == null ? null : scan.run().shard()));
    }
    return String.join("; ", parts);
  }

  /**
   * What one shard's result lacks for a claim over the population: the targets other shards
   * scan, each with its shard, and how to have the claim judged.
   *
   * @param shard this result's part, or null when not known (it is named by the others' then)
   */
  public static String otherShards(List<TargetState> elsewhere,
      dev.secaudit.model.RunInfo.ShardPart shard) {
    return (shard == null ? "this result" : "shard " + shard.label()) + " holds only its own"
        + " part: " + elsewhere.size() + " target(s) of the population were not scanned here"
        + " but by other shards (" + names(elsewhere.stream().map(t -> t.name() + " "
            + t.reason()).toList()) + "); merge every shard's scan.json to judge a claim over"
        + " all of them";
  }

  /** The first ten names, and how many more. */
  public static String names(List<String> names) {
    return String.join(", ", names.subList(0, Math.min(10, names.size())))
        + (names.size() > 10 ? " and " + (names.size() - 10) + " more" : "");
  }

  /**
   * The names of the scan's network targets, the endpoints a claim "on every endpoint" speaks
   * of: local sources (a directory, a config file, logs) are listed among the scan's targets
   * too, under their own scheme (dir:, nginx:, files:), and are no endpoints.
   */
  public Set<String> endpoints() {
    Set<String> names = new LinkedHashSet<>();
    for (var t : scan.targets()) {
      String url = t.url() == null ? "" : t.url().toLowerCase(Locale.ROOT);
      if (url.startsWith("https://") || url.startsWith("http://")) {
        names.add(t.name());
      }
    }
    return names;
  }

  /** The network targets, as "name (url)": what a question on one page is compared with. */
  public List<String> probed() {
    List<String> out = new ArrayList<>();
    for (var t : scan.targets()) {
      String url = t.url() == null ? "" : t.url().toLowerCase(Locale.ROOT);
      if (url.startsWith("https://") || url.startsWith("http://")) {
        out.add(t.name() + " (" + t.url() + ")");
      }
    }
    return out;
  }

  /** The path a per-path finding's subject ends with: "X-Frame-Options on /login". */
  private static final Pattern ON_PATH = Pattern.compile(" on (/\\S*)$");

  private static final Pattern LIVE = Pattern.compile(
      "(?i)https?://.*|(\\[[0-9a-f:]+\\]|[a-z0-9.-]+):\\d+");

  /**
   * What a claim's checks looked at, in a page's words: "our live systems" only when every
   * finding is of an endpoint; a logrotate config or a folder of reports read on disk is "our
   * files and configuration", which a reader must not take for a probe of the running service;
   * "" when the scan lists no targets.
   */
  public String checkedWhere(List<String> checkGlobs) {
    // A TLS target is an address ("api.acme.test:443"), probed live like a site.
    Set<String> endpoints = new LinkedHashSet<>();
    scan.targets().stream().filter(t -> t.url() != null && LIVE.matcher(t.url()).matches())
        .forEach(t -> endpoints.add(t.name()));
    Set<String> targets = new LinkedHashSet<>();
    findings(checkGlobs).forEach(f -> targets.add(f.target()));
    if (scan.targets().isEmpty()) {
      // A scan.json written by hand may list no targets: what was checked is not known.
      return "";
    }
    boolean live = targets.stream().anyMatch(endpoints::contains);
    boolean local = targets.stream().anyMatch(t -> !endpoints.contains(t));
    return live && local ? "our live systems and of our files and configuration"
        : live ? "our live systems" : "our files and configuration";
  }

  /**
   * The scan's findings a claim's or a topic's checks select (check-id globs, or a policy rule's
   * pointer: {@link ClaimChecks}), claim findings left out.
   */
  public List<Finding> findings(List<String> checkGlobs) {
    List<Predicate<Finding>> each = checkGlobs.stream()
        .map(g -> selectors.computeIfAbsent(g, ClaimChecks::selector)).toList();
    // A waiver accepts a risk; it does not change what was seen: claims are judged on the
    // findings as the checks judged them, and an answer names the waiver (waivedBy).
    return scan.findings().stream()
        .filter(t -> !t.checkId().startsWith("claim."))
        .filter(t -> each.stream().anyMatch(p -> p.test(t)))
        .map(Finding::unwaived)
        .toList();
  }

  /**
   * The waivers the scan applied to findings of these checks, as "finding waived by W-1
   * (approved by ciso@acme.test, expires 2026-12-31)", or "" when none was waived.
   */
  public String waivedBy(java.util.Collection<String> checkIds) {
    Set<String> by = new LinkedHashSet<>();
    for (Finding f : scan.findings()) {
      Finding.Waiver w = f.waiver();
      if (f.status() == Status.WAIVED && w != null && checkIds.contains(f.checkId())) {
        List<String> who = new ArrayList<>();
        if (w.approver() != null && !w.approver().isBlank()) {
          who.add("approved by " + w.approver());
        }
        if (w.expires() != null && !w.expires().isBlank()) {
          who.add("expires " + w.expires());
        }
        by.add(w.id() + (who.isEmpty() ? "" : " (" + String.join(", ", who) + ")"));
      }
    }
    return by.isEmpty() ? "" : (by.size() == 1 ? "finding waived by " : "findings waived by ")
        + String.join(", ", by);
  }

  /** Globs compiled once per run: a sheet asks hundreds of questions over the same findings. */
  public boolean globMatches(String glob, String value) {
    return globs.computeIfAbsent(glob, g -> Pattern.compile(Globs.toRegex(g)))
        .matcher(value).matches();
  }

  /**
   * The scan's verdict on one policy claim as a whole, in the word every output writes beside
   * its sentence (refuted, unverified, verified, attested, stale), or null when the scan holds
   * none (a section's claim). A part may stand otherwise ("Secure" verified in a claim whose
   * HttpOnly failed); a reader takes the word beside the page's sentence for the sentence, so it
   * is this one (a blind review read "(verified)" beside a claim.verified FAIL).
   */
  public String verdictWord(String claimId) {
    Finding checked = claimFinding("claim.verified", claimId);
    Finding attested = claimFinding("claim.attestation", claimId);
    Status v = checked == null ? null : checked.judgedStatus();
    Status a = attested == null ? null : attested.judgedStatus();
    boolean attestationRefuted = a == Status.FAIL
        && attested.observed().contains("refuted by the scan");
    if (v == Status.FAIL || attestationRefuted) {
      return "refuted";
    }
    if (v == Status.PASS) {
      return "verified";
    }
    if (a == Status.MANUAL) {
      return "attested";
    }
    if (v == Status.WARN) {
      return "unverified";
    }
    return a == Status.FAIL ? "stale" : null;
  }

  private Finding claimFinding(String checkId, String claimId) {
    for (Finding f : scan.findings()) {
      if (f.checkId().equals(checkId) && f.subject().equals(claimId)) {
        return f;
      }
    }
    return null;
  }

  /**
   * The targets where a refuted claim's checks passed and none failed, as "hsts.header on demo":
   * the control is in place there. A target with a failure beside its passes is left out (one
   * check may pass an aspect another fails, a server block a location drops), so this is never
   * more than the evidence shows of where the control holds.
   */
  public static List<String> heldOn(List<Finding> found) {
    Map<String, Set<String>> passedBy = new java.util.LinkedHashMap<>();
    Set<String> lapsed = new java.util.HashSet<>();
    for (Finding f : found) {
      // A rule judged path by path ("X-Content-Type-Options on /api/status.json") lapses on
      // that path: the other paths of the target where it passed still hold it (a blind review
      // got No for a header sent on 2 of 3 responses).
      java.util.regex.Matcher path = ON_PATH.matcher(f.subject());
      String where = f.target() + (path.find() ? " " + path.group(1) : "");
      if (f.status() == Status.PASS) {
        passedBy.computeIfAbsent(where, t -> new LinkedHashSet<>()).add(f.checkId());
      } else if (f.status() == Status.FAIL || f.status() == Status.ERROR) {
        lapsed.add(where);
      }
    }
    List<String> held = new ArrayList<>();
    passedBy.forEach((target, checks) -> {
      if (!lapsed.contains(target)) {
        held.add(String.join(", ", checks) + " on " + target);
      }
    });
    return held;
  }

  public static String describe(Finding f) {
    return f.checkId() + (f.subject().isEmpty() ? "" : " [" + f.subject() + "]") + " on "
        + f.target() + " at " + f.time() + ": " + f.status();
  }

  /** Attestations age after the scan too: judged against today, not the scan's day. */
  /** "attested by CTO on 2026-10-01 (32 days ago)": who by role or name, when, and age. */
  public String attestedBy(dev.secaudit.policy.Claim.Attestation a) {
    String age;
    try {
      long days = ChronoUnit.DAYS.between(LocalDate.parse(a.date()),
          LocalDate.ofInstant(now, ZoneOffset.UTC));
      age = " (" + (days == 0 ? "today" : days == 1 ? "1 day ago" : days + " days ago") + ")";
    } catch (java.time.DateTimeException e) {
      age = "";
    }
    return "attested by " + a.shownAs() + " on " + a.date() + age;
  }

  /**
   * Whether an attestation was current when the scan judged it: a claim.attestation FAIL of a
   * current one is the scan refuting what it says, which the claims weigh again themselves.
   */
  private static boolean currentAt(dev.secaudit.policy.Claim.Attestation a, Instant when) {
    if (when == null) {
      return false;
    }
    LocalDate day = LocalDate.ofInstant(when, ZoneOffset.UTC);
    LocalDate date = LocalDate.parse(a.date());
    return !date.isAfter(day)
        && ChronoUnit.DAYS.between(date, day) <= a.maxAge().value().toDays();
  }

  private String staleToday(dev.secaudit.policy.Claim.Attestation a) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    long age = ChronoUnit.DAYS.between(LocalDate.parse(a.date()), today);
    return age > a.maxAge().value().toDays() ? "has gone stale since the scan (" + age
        + " days old, max " + a.maxAge() + ")" : null;
  }

  /** Why the scan is too old to verify anything, or null while it is recent enough. */
  public String scanTooOld() {
    return scanTooOld;
  }

  private static String scanTooOld(ScanResult scan, Instant now, Duration maxScanAge) {
    Instant started = scan.run() == null ? null : scan.run().started();
    if (started == null) {
      return "a scan without a start time";
    }
    Duration age = Duration.between(started, now);
    if (age.compareTo(maxScanAge) <= 0) {
      return null;
    }
    // In the unit the ages are told in: "0 days old (max 0d)" read as a contradiction.
    return maxScanAge.isZero() ? "a scan " + spoken(age) + " old, and a maximum scan age of 0s"
        + " accepts no scan: give a longer one" : "a scan " + spoken(age) + " old (max "
        + dev.secaudit.policy.PolicyDuration.written(maxScanAge) + "): scan again";
  }

  /** A scan's age in its largest whole unit: "3 days", "5 hours", "1 minute", "40 seconds". */
  static String spoken(Duration age) {
    long[] sizes = {86_400, 3_600, 60, 1};
    String[] units = {"day", "hour", "minute", "second"};
    long s = Math.max(0, age.getSeconds());
    for (int i = 0; i < sizes.length; i++) {
      if (s >= sizes[i] || i == sizes.length - 1) {
        long n = s / sizes[i];
        return n + " " + units[i] + (n == 1 ? "" : "s");
      }
    }
    throw new IllegalStateException("unreachable");
  }
}
