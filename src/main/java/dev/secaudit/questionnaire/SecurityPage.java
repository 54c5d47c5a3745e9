package dev.secaudit.questionnaire;

import dev.secaudit.claim.Standing;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Claim;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.Subprocessors;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import dev.secaudit.model.ControlCharacters;
import gg.jte.output.WriterOutput;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The public security page, built from the policy's claims and the latest scan so that it can
 * never say more than the evidence shows: a statement is on the page only while it stands
 * (verified by a passing check in a recent scan, or attested by an owner within its maximum
 * age); everything else is withheld and listed for review, never published.
 *
 * @param sections the standing statements by category, in the policy's order
 * @param subprocessors the declared subprocessors, as the policy lists them
 * @param subprocessorsNote how the list was checked
 * @param contacts the vulnerability-disclosure contacts, when security.txt verified them
 * @param withheld what was left out, and why: for the review file, never for the page
 * @param warnings what a person should look at although nothing was left out for it
 */
public record SecurityPage(String name, String scanRun, String scanDate, String generatedAt,
    List<Section> sections, List<Vendor> subprocessors, String subprocessorsNote,
    List<String> contacts, String contactsNote, List<Withheld> withheld, List<String> warnings) {

  public SecurityPage {
    sections = List.copyOf(sections);
    subprocessors = List.copyOf(subprocessors);
    contacts = List.copyOf(contacts);
    withheld = List.copyOf(withheld);
    warnings = List.copyOf(warnings);
  }

  public record Section(String title, List<Statement> statements) {
    public Section {
      statements = List.copyOf(statements);
    }
  }

  /**
   * One statement and how it stands.
   *
   * @param claimId the policy's id of the claim: for the publisher, never shown on the page
   * @param verified "" or when an automated check verified it (which checks is not published)
   * @param attested "" or when the person responsible attested it (who is not published)
   */
  public record Statement(String claimId, String text, String verified, String attested) {}

  public record Vendor(String name, String purpose, String location) {}

  public record Withheld(String what, String statement, String reason) {}

  private static final String TEMPLATE = "page/security.jte";
  private static final List<String> NOT_COMPLETENESS =
      List.of("subprocessors.sri", "subprocessors.unobserved");
  private static final List<String> CONTACT_CHECKS =
      List.of("security_txt.present", "security_txt.contact");

  public static SecurityPage build(Policy policy, ScanResult scan, Instant now,
      Duration maxScanAge) {
    AnswerSource source = new AnswerSource(policy, scan, now, maxScanAge);
    Map<String, List<Statement>> byCategory = new LinkedHashMap<>();
    List<Withheld> withheld = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Claim c : policy.claims()) {
      List<dev.secaudit.claim.Claim> parts = source.parts(c.id());
      if (parts.stream().anyMatch(p -> p.standing() == Standing.STATED_GAP)) {
        // A stated gap is never published as a claim; the person publishing is told, as a gap
        // (it needs neither checks nor an attestation to be one).
        warnings.add("not published: claim " + c.id() + " states a gap (\"" + oneLine(c.statement())
            + "\")");
        continue;
      }
      dev.secaudit.claim.ClaimEvidence.Verdict v = source.judge(c);
      if (!v.stands()) {
        List<String> why = new ArrayList<>(v.failed());
        why.addAll(v.unsure());
        withheld.add(new Withheld("claim " + c.id(), c.statement(), String.join("; ", why)));
        continue;
      }
      // The company's word, or a check of its own, does not stand against what the scan found
      // on the same topic: a failed header rule, a TLS version seen accepted.
      String disputed = source.disputed(c.id());
      if (!disputed.isEmpty()) {
        withheld.add(new Withheld("claim " + c.id(), c.statement(),
            "the scan speaks against it: " + disputed));
        continue;
      }
      // "Verified" only as the scan's claim.verified is: checks that test what the statement
      // says passed (a lifetime check does not verify an issuer), and every word of it was read
      // (a probe of the public endpoint does not verify "between frontend, API and DB").
      String notVerified = v.verified() == null ? "" : source.whyNotVerified(c);
      boolean tested = v.verified() != null && notVerified.isEmpty();
      // The page is public: who attested (often an e-mail address) and which checks ran are
      // internal, and stay in the policy, the scan and review.md.
      String attested = c.attest() == null ? ""
          : "attested by the person responsible on " + c.attest().date();
      if (v.verified() != null && !tested && attested.isEmpty()) {
        withheld.add(new Withheld("claim " + c.id(), c.statement(), parts.isEmpty()
            || parts.stream().allMatch(p -> p.standing() == Standing.VERIFIED) ? notVerified
            : "its checks do not test what it says: " + notVerified));
        continue;
      }
      // A statement that rests on a person's word and is read only in part cannot be weighed
      // against the scan: the words not read may be the ones the scan contradicts ("never reveal
      // their version"), so it is not published. Checks that test it stand on their own.
      if (!tested && (parts.isEmpty() || parts.stream().anyMatch(p -> !p.readWhole()))) {
        withheld.add(new Withheld("claim " + c.id(), c.statement(), (parts.isEmpty()
            ? "no topic of docs/claims.md was read in its statement"
            : "its statement was read only in part") + ", so the scan cannot be weighed against"
            + " it: reword it ('secaudit validate' names the words not read)"));
        continue;
      }
      // A part the scan leaves open (its checks passed without showing what it says) is not
      // published on the strength of the attestation beside it.
      List<String> open = parts.stream().filter(p -> p.standing() != Standing.VERIFIED
          && p.standing() != Standing.ATTESTED).map(dev.secaudit.claim.Claim::why).distinct()
          .toList();
      if (!open.isEmpty()) {
        withheld.add(new Withheld("claim " + c.id(), c.statement(), String.join("; ", open)));
        continue;
      }
      String verified = v.verified() == null || !tested ? ""
          : "verified by an automated check" + (source.checkedWhere(c).isEmpty() ? ""
              : " of " + source.checkedWhere(c)) + " on " + day(v.verified().time());
      String category = PageSections.category(c, parts.stream()
          .map(p -> p.part().topic().id()).toList());
      byCategory.computeIfAbsent(category, k -> new ArrayList<>())
          .add(new Statement(c.id(), oneLine(c.statement()), verified, attested));
    }
    List<Section> sections = byCategory.entrySet().stream()
        .map(e -> new Section(PageSections.title(e.getKey()), e.getValue())).toList();

    List<Vendor> vendors = new ArrayList<>();
    String vendorNote = "";
    if (policy.subprocessors() != null) {
      List<Finding> checked = findings(scan, f -> f.checkId().startsWith("subprocessors."));
      List<String> problems = new ArrayList<>(problems(checked));
      // A third party the scan could not place (a warning, not a failure) still means the list
      // may be short; integrity of scripts and vendors not seen say nothing of completeness.
      problems.addAll(checked.stream()
          .filter(f -> f.status() == Status.WARN && !NOT_COMPLETENESS.contains(f.checkId()))
          .map(f -> f.checkId() + " warns on " + f.target()
              + (f.observed().isEmpty() ? "" : ": " + f.observed()))
          .distinct().toList());
      if (!problems.isEmpty()) {
        // A list the scan shows to be incomplete or wrong would claim more than it knows: it is
        // left out, and the page counts as shorter.
        withheld.add(new Withheld("subprocessor list", policy.subprocessors().declared().stream()
            .map(Subprocessors.Subprocessor::name).collect(java.util.stream.Collectors.joining(", ")),
            "the scan disagrees with it: " + String.join("; ", problems)));
      } else {
        for (Subprocessors.Subprocessor s : policy.subprocessors().declared()) {
          vendors.add(new Vendor(oneLine(s.name()), oneLine(nz(s.purpose())),
              oneLine(nz(s.location()))));
        }
        vendorNote = !checked.isEmpty() && source.scanTooOld() == null
            ? "Compared with " + (policy.subprocessors().publishedAt() == null ? ""
                : "the published list and ") + "the site's pages by secaudit on "
                + day(checked.get(0).time()) + "."
            : "As declared by " + policy.name() + ".";
      }
    }

    List<String> contacts = List.of();
    String contactsNote = "";
    if (policy.securityTxt() != null && !policy.securityTxt().contacts().isEmpty()) {
      List<Finding> checked = findings(scan, f -> CONTACT_CHECKS.contains(f.checkId()));
      List<String> problems = new ArrayList<>(problems(checked));
      // The contact is published as the answers weigh security.txt: a stale or malformed file
      // (its Expires passed) does not show a current disclosure contact, whatever its lines say.
      source.parts("/security_txt").stream().filter(p -> p.standing() != Standing.VERIFIED)
          .map(dev.secaudit.claim.Claim::why).filter(w -> !w.isEmpty())
          .forEach(problems::add);
      String age = source.scanTooOld();
      String reason = !problems.isEmpty() ? String.join("; ", problems.stream().distinct().toList())
          : checked.isEmpty() ? "security.txt was not checked in the scan: scan again"
          : age != null ? "verified by " + age : "";
      if (reason.isEmpty()) {
        contacts = policy.securityTxt().contacts().stream().map(SecurityPage::oneLine).toList();
        contactsNote = "Listed in /.well-known/security.txt (RFC 9116), verified by secaudit on "
            + day(checked.get(0).time()) + ".";
      } else {
        withheld.add(new Withheld("vulnerability-disclosure contact",
            String.join(", ", policy.securityTxt().contacts()), reason));
      }
    }
    String run = scan.run() == null ? "" : nz(scan.run().id());
    String scanDate = scan.run() == null || scan.run().started() == null ? ""
        : day(scan.run().started());
    return new SecurityPage(policy.name(), run, scanDate, now.toString(), sections, vendors,
        vendorNote, contacts, contactsNote, withheld, warnings);
  }

  private static List<Finding> findings(ScanResult scan, java.util.function.Predicate<Finding> p) {
    return scan.findings().stream().filter(p).toList();
  }

  private static List<String> problems(List<Finding> findings) {
    return findings.stream()
        .filter(f -> f.status() == Status.FAIL || f.status() == Status.ERROR)
        .map(f -> f.checkId() + " " + f.status().name().toLowerCase(Locale.ROOT) + " on "
            + f.target() + (f.observed().isEmpty() ? "" : ": " + f.observed()))
        .distinct().toList();
  }

  /** What the page says of its statements, above them, in both formats (no markup in it). */
  public String preamble() {
    return "Every statement on this page is either verified by an automated check, marked with"
        + " what it checked: our live systems, or our files and configuration; or attested by the"
        + " person responsible for it, with the date.";
  }

  /** The page as Markdown: every value escaped, so a statement cannot inject markup or links. */
  public String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(md(heading())).append("\n\n");
    b.append(preamble()).append(" Generated by secaudit from the scan of ")
        .append(md(scanDate)).append(".\n");
    for (Section s : sections) {
      b.append("\n## ").append(md(s.title())).append("\n\n");
      for (Statement st : s.statements()) {
        b.append("- ").append(md(st.text())).append(" (").append(md(marks(st))).append(")\n");
      }
    }
    if (!subprocessors.isEmpty()) {
      b.append("\n## Subprocessors\n\n").append(md(subprocessorsNote)).append("\n\n");
      b.append("| Name | Purpose | Location |\n| --- | --- | --- |\n");
      for (Vendor v : subprocessors) {
        b.append("| ").append(md(v.name())).append(" | ").append(md(v.purpose())).append(" | ")
            .append(md(v.location())).append(" |\n");
      }
    }
    if (!contacts.isEmpty()) {
      b.append("\n## Reporting a vulnerability\n\n");
      for (String c : contacts) {
        b.append("- ").append(md(c)).append('\n');
      }
      b.append('\n').append(md(contactsNote)).append('\n');
    }
    return b.toString();
  }

  /** What was left out and why: for the person who publishes the page, never published. */
  public String reviewMarkdown() {
    StringBuilder b = new StringBuilder();
    b.append("# NOT FOR PUBLICATION: review of the security page of ").append(md(name))
        .append("\n\nScan ").append(md(scanRun)).append(" of ").append(md(scanDate))
        .append("; page generated ").append(md(generatedAt)).append(".\n\n");
    if (withheld.isEmpty()) {
      b.append("Nothing was left out of the page.\n");
    } else {
      b.append("## Left out of the page (").append(withheld.size()).append(")\n\n");
      for (Withheld w : withheld) {
        b.append("- ").append(md(w.what())).append(": \"").append(md(w.statement()))
            .append("\". ").append(md(w.reason())).append('\n');
      }
    }
    if (!warnings.isEmpty()) {
      b.append("\n## Warnings\n\n");
      for (String w : warnings) {
        b.append("- ").append(md(w)).append('\n');
      }
    }
    return b.toString();
  }

  /** "verified by ... ; attested by ...", as the page shows a statement's standing. */
  public static String marks(Statement s) {
    return s.verified().isEmpty() ? s.attested()
        : s.attested().isEmpty() ? s.verified() : s.verified() + "; " + s.attested();
  }

  /** Writes security.md, security.html and review.md into {@code dir}, each whole or not at all. */
  public List<Path> write(Path dir) {
    Path md = dir.resolve("security.md");
    Path html = dir.resolve("security.html");
    Path review = dir.resolve("review.md");
    // A forged scan or policy may carry terminal escapes or bidi overrides: written as codes.
    AtomicFile.write(md, os -> os.write(ControlCharacters.escape(markdown())
        .getBytes(StandardCharsets.UTF_8)));
    AtomicFile.write(html, os -> {
      Writer w = ControlCharacters.writer(new OutputStreamWriter(os, StandardCharsets.UTF_8));
      TemplateEngine.createPrecompiled(ContentType.Html).render(TEMPLATE, this,
          new WriterOutput(w));
      w.flush();
    });
    AtomicFile.write(review, os -> os.write(ControlCharacters.escape(reviewMarkdown())
        .getBytes(StandardCharsets.UTF_8)));
    return List.of(md, html, review);
  }

  /**
   * Markdown renders raw HTML and links: the punctuation that can start markup is escaped with a
   * backslash (CommonMark allows it before any punctuation). Only that: a reader of review.md
   * in a plain editor saw "\\(7, 14, or 30 days\\)". Brackets are always escaped, so parentheses
   * and '!' can never make a link or an image and stay as written; '_' inside a word (retention_2)
   * makes no emphasis, and '#' makes a heading only at the start.
   */
  /** "Security at NAME", or "Security" when the policy's name is only a loopback host. */
  public String heading() {
    return PageSections.heading(name);
  }

  static String md(String s) {
    String line = oneLine(s);
    StringBuilder b = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      boolean intraword = ch == '_' && i > 0 && i + 1 < line.length()
          && Character.isLetterOrDigit(line.charAt(i - 1))
          && Character.isLetterOrDigit(line.charAt(i + 1));
      if ("\\`*{}[]<>|&~".indexOf(ch) >= 0 || ch == '_' && !intraword
          || ch == '#' && i == 0) {
        b.append('\\');
      }
      b.append(ch);
    }
    return b.toString();
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").strip();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String day(Instant t) {
    return t == null ? "" : LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
  }
}
