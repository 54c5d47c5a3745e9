package dev.secaudit.check.hygiene;

import dev.secaudit.model.Counted;
import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.SourceOnlyCheck;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.SourcePlaces;
import dev.secaudit.check.NothingJudged;
import dev.secaudit.probe.local.NoFiles;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.policy.DataHygiene;
import dev.secaudit.policy.Policy;
import dev.secaudit.probe.SourceObservations;
import dev.secaudit.probe.hygiene.DataScan;
import dev.secaudit.probe.hygiene.Detectors;
import dev.secaudit.probe.hygiene.FileProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * data.personal_data and data.secrets: one FAIL per file and kind found, at the file and first
 * line, with the count, the lines and masked samples; a WARN for a file only partly read or a
 * glob that matched nothing (NothingJudged); an ERROR for a file or place that could not be
 * read.
 */
public final class DataHygieneCheck extends DeclaredCheck implements SourceOnlyCheck {
  public DataHygieneCheck() {
    super(REPORTS, Set.of(Aspect.DATA_FILES));
  }

  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("data.personal_data",
          "Logs and exports hold no personal"
            + " data in clear",
          Severity.MEDIUM,
          "data_hygiene",
          "soc2:P4.2 soc2:C1.1 gdpr:5(1)(c) gdpr:25(1) gdpr:25(2) gdpr:32(1)(a) iso27001:5.34"
            + " iso27001:8.11 iso27001:8.12",
          "Stop writing the data (log ids, not emails; never log card numbers), mask it where it is"
            + " needed (last four digits, j***@example.com), and purge or re-mask the files already"
            + " written; card numbers in logs are in PCI DSS scope.",
          "GDPR Art. 5(1)(c) and 25; OWASP Logging Cheat Sheet; PCI DSS 4.0 Req. 3.3-3.5;"
            + " ISO 13616 (IBAN mod-97); ISO/IEC 7812 (Luhn)"),
      CheckInfo.of("data.secrets",
          "Logs and exports hold no credentials in"
            + " clear",
          Severity.HIGH,
          "data_hygiene",
          // Not 8.15: credentials absent from a log say nothing of logs produced, kept or
          // protected, and the requirement read as met from this one check (a blind review).
          "soc2:CC6.1 soc2:C1.1 gdpr:32(1)(b) iso27001:8.12",
          "Rotate the credentials found, then redact them before they are written (mask"
            + " Authorization headers, strip user:password from URLs, filter password parameters"
            + " and JSON fields, never log tokens).",
          "OWASP Logging Cheat Sheet (data to exclude: passwords); CWE-532; CWE-598 (credentials"
            + " in query strings); RFC 6750 §5.3; RFC 7519"));

  static final String PERSONAL = "data.personal_data";
  static final String SECRETS = "data.secrets";
  /** Payment data and account numbers weigh more than contact details. */
  private static final Set<String> HIGH_KINDS = Set.of("iban", "card");
  private static final Map<String, String> NAMES = Map.of("email", "email addresses", "phone",
      "phone numbers", "iban", "IBANs (mod-97 valid)", "card", "card numbers (Luhn valid)",
      "url_password", "passwords in URLs", "password", "passwords in query strings or JSON"
          + " fields", "bearer", "bearer tokens", "jwt", "JWTs");

  @Override
  public boolean appliesTo(Policy policy) {
    return !policy.dataHygiene().isEmpty();
  }

  @Override
  public List<Finding> evaluateSources(CheckContext policyContext, SourceObservations sources) {
    List<Finding> out = new ArrayList<>();
    List<DataHygiene> entries = policyContext.policy().dataHygiene();
    for (DataScan scan : sources.of(DataScan.class)) {
      for (int i = 0; i < entries.size(); i++) {
        if (scan.source().equals(entries.get(i).name())) {
          out.addAll(judge(policyContext.forSource(scan.source()), scan, entries.get(i),
              PolicyPointer.entry(PolicyPointer.DATA_HYGIENE, i)));
        }
      }
    }
    return out;
  }

  private List<Finding> judge(CheckContext ctx, DataScan scan, DataHygiene entry,
      String pointer) {
    List<Finding> out = new ArrayList<>();
    List<String> evidence = List.of(scan.artifactId());
    if (scan.failure() != null) {
      out.add(about(ctx, PERSONAL, scan.location()).status(Status.ERROR)
          .expected("readable files").observed(scan.failure()).rule(pointer).build());
      return out;
    }
    List<String> lookFor = entry.lookFor().isEmpty() ? Detectors.DATA_CATEGORIES : entry.lookFor();
    boolean personal = lookFor.stream().anyMatch(DataHygiene.PERSONAL_KINDS::contains);
    boolean secrets = lookFor.stream().anyMatch(k -> !DataHygiene.PERSONAL_KINDS.contains(k));
    boolean personalFound = false;
    boolean secretsFound = false;
    int read = 0;
    int binary = 0;
    for (DataScan.DataFile f : scan.files()) {
      if (f.binary()) {
        binary++;
        continue;
      }
      read++;
      for (DataScan.KindCount k : f.kinds()) {
        boolean isPersonal = DataHygiene.PERSONAL_KINDS.contains(k.kind());
        personalFound |= isPersonal;
        secretsFound |= !isPersonal;
        String name = NAMES.getOrDefault(k.kind(), k.kind() + " secrets");
        // One finding per kind of value in a file: its first line is where to look. The data
        // is the file and the count, never a sample: what was found stays masked in the
        // sentence only.
        out.add(about(ctx, isPersonal ? PERSONAL : SECRETS, f.path())
            .subject(f.path() + ":" + k.lines().get(0) + " " + k.kind()).status(Status.FAIL)
            .severity(HIGH_KINDS.contains(k.kind()) ? Severity.HIGH : null)
            .expected("no " + name + " in clear", NONE)
            .observed(name + ": " + k.count() + " found on line"
                + (k.lines().size() == 1 ? " " : "s ") + lines(k) + "; samples: "
                + String.join(", ", k.samples()), new Value.Count(k.count(), null))
            .evidence(evidence).rule(pointer).build());
      }
      if (f.truncated()) {
        boolean capped = f.bytes() >= ((long) entry.maxFileMb() << 20);
        out.add(about(ctx, PERSONAL, f.path()).status(Status.WARN).expected("the whole file read")
            .observed("only the first " + f.bytes() + " bytes read (" + (capped ? "max_file_mb "
                + entry.maxFileMb() : "time budget spent") + "): the rest was not searched")
            .evidence(evidence).rule(pointer).build());
      }
    }
    for (FileProblem u : scan.unreadable()) {
      out.add(about(ctx, PERSONAL, u.path()).status(Status.ERROR).expected("a readable file")
          .observed("not read: " + u.why()).evidence(evidence).rule(pointer).build());
    }
    // Every glob on its own: one that found nothing leaves its place unjudged for each kind the
    // entry looks for, whatever the other globs found.
    for (NoFiles none : scan.empty()) {
      for (String id : personal && secrets ? List.of(PERSONAL, SECRETS)
          : List.of(personal ? PERSONAL : SECRETS)) {
        out.add(NothingJudged.nothingAt(about(ctx, id, "files:" + none.place())
            .expected("files to search").evidence(evidence).rule(pointer), none));
      }
    }
    if (scan.files().isEmpty()) {
      return out;
    }
    if (read == 0) {
      // Binary files are skipped unread: "none found" would be about no text at all.
      out.add(about(ctx, PERSONAL, scan.location()).status(Status.WARN)
          .expected("text files to search").observed("nothing judged: every file matched ("
              + binary + ") is binary and was skipped").evidence(evidence).rule(pointer).build());
      return out;
    }
    String coverage = Counted.of(read, "file") + " read" + (binary > 0 ? ", " + binary
        + " binary skipped" : "") + notes(scan);
    if (personal && !personalFound) {
      out.add(about(ctx, PERSONAL, scan.location()).status(Status.PASS)
          .expected("no personal data in clear", NONE).observed("none found; " + coverage, NONE)
          .evidence(evidence).rule(pointer).build());
    }
    if (secrets && !secretsFound) {
      out.add(about(ctx, SECRETS, scan.location()).status(Status.PASS)
          .expected("no secrets in clear", NONE).observed("none found; " + coverage, NONE)
          .evidence(evidence).rule(pointer).build());
    }
    return out;
  }

  /** How many values of a kind a file may hold in clear, and how many a clean search found. */
  private static final Value NONE = new Value.Count(0, null);

  /** A finding about the file {@code path}, or about the place searched ("files:logs/*.log"). */
  private static Finding.Builder about(CheckContext ctx, String id, String path) {
    Subject place = SourcePlaces.subject(path);
    return ctx.finding(id).subject(path)
        .about(place != null ? place : new Subject(Subject.Kind.FILE, path));
  }

  private static String lines(DataScan.KindCount k) {
    String shown = k.lines().stream().map(String::valueOf)
        .collect(java.util.stream.Collectors.joining(", "));
    return shown + (k.count() > k.lines().size() ? ", …" : "");
  }

  private static String notes(DataScan scan) {
    StringBuilder sb = new StringBuilder();
    scan.notes().stream().limit(3).forEach(n -> sb.append("; ").append(n));
    return sb.toString();
  }
}
