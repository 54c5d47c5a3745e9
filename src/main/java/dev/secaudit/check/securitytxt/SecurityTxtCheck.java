package dev.secaudit.check.securitytxt;

import dev.secaudit.model.Value;
import dev.secaudit.model.Subject;
import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.model.Severity;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.probe.securitytxt.SecurityTxtParser;
import dev.secaudit.probe.securitytxt.SecurityTxtParser.Document;
import dev.secaudit.probe.securitytxt.SecurityTxtParser.Field;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.SecurityTxt;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Judges /.well-known/security.txt against RFC 9116 and the policy: that it is published over
 * HTTPS, names the contacts the policy lists, expires neither in the past nor too far ahead, is
 * well formed and, when the policy asks, carries an OpenPGP cleartext signature.
 */
public final class SecurityTxtCheck extends DeclaredCheck {
  public SecurityTxtCheck() {
    super(REPORTS, Set.of(Aspect.SECURITY_TXT));
  }

  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("security_txt.present",
          "security.txt is published over HTTPS",
          Severity.MEDIUM,
          "security_txt",
          ControlAreas.DISCLOSURE,
          "Publish /.well-known/security.txt over HTTPS as text/plain; charset=utf-8.",
          "RFC 9116 §3"),
      CheckInfo.of("security_txt.contact",
          "security.txt names a contact",
          Severity.MEDIUM,
          "security_txt",
          ControlAreas.DISCLOSURE,
          "Add at least one Contact: line (mailto: or https: URI).",
          "RFC 9116 §2.5.3"),
      CheckInfo.of("security_txt.expires",
          "security.txt Expires is present, valid and near",
          Severity.MEDIUM,
          "security_txt",
          ControlAreas.DISCLOSURE,
          "Add exactly one Expires: in RFC 3339 format, in the future and less"
            + " than a year ahead; renew it before it passes.",
          "RFC 9116 §2.5.5"),
      CheckInfo.of("security_txt.format",
          "security.txt fields follow RFC 9116",
          Severity.LOW,
          "security_txt",
          ControlAreas.DISCLOSURE,
          "Serve text/plain; charset=utf-8; use https:// URIs; list Preferred-Languages"
            + " at most once; make Canonical match the URL.",
          "RFC 9116 §2.5, §3"),
      CheckInfo.of("security_txt.policy",
          "security.txt links a disclosure policy that answers",
          Severity.LOW,
          "security_txt",
          ControlAreas.DISCLOSURE,
          "Add Policy: https://… pointing to your vulnerability disclosure policy (scope, safe"
            + " harbour, what reporters can expect), and keep that page answering.",
          "RFC 9116 §2.5.7"),
      CheckInfo.of("security_txt.signature",
          "security.txt is signed with OpenPGP",
          Severity.LOW,
          "security_txt",
          ControlAreas.DISCLOSURE,
          "Sign the file with an OpenPGP cleartext signature.",
          "RFC 9116 §2.3"));

  static final String PRESENT = "security_txt.present";
  static final String CONTACT = "security_txt.contact";
  static final String EXPIRES = "security_txt.expires";
  static final String FORMAT = "security_txt.format";
  static final String SIGNATURE = "security_txt.signature";
  static final String POLICY = "security_txt.policy";

  private static final String SECTION = PolicyPointer.SECURITY_TXT;
  /** Fields whose value is a URI that must use https:// when it is a web URI (RFC 9116 §2.5). */
  private static final List<String> URI_FIELDS =
      List.of("Canonical", "Encryption", "Policy", "Acknowledgments", "Hiring");
  private static final Pattern URI_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*");
  private static final int PROBLEMS_SHOWN = 3;

  @Override
  public boolean appliesTo(Policy policy) {
    return policy.securityTxt() != null;
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    SecurityTxt rules = ctx.policy().securityTxt();
    HttpFetch fetch = ctx.observations().securityTxt();
    List<String> judged = judgedIds(rules);
    List<Finding> out = new ArrayList<>();
    if (fetch == null || fetch.hops().isEmpty()) {
      Subject file = new Subject(Subject.Kind.URL, fetch != null ? fetch.url()
          : ctx.target().url());
      for (String id : judged) {
        out.add(finding(ctx, id, file, "", List.of()).status(Status.ERROR)
            .expected("security.txt fetched").observed("not observed: no fetch of"
                + " /.well-known/security.txt was recorded").build());
      }
      return out;
    }
    List<String> evidence = fetch.hops().stream().map(HttpExchange::id).toList();
    HttpExchange last = fetch.last();
    Subject asked = new Subject(Subject.Kind.URL, fetch.first().url());
    if (last.bodyUnjudged() != null) {
      // A file cut short is not the file: its missing fields may be in the part not received.
      for (String id : judged) {
        out.add(finding(ctx, id, asked, "", evidence).status(Status.ERROR)
            .expected("security.txt fetched").observed("fetch of " + last.url() + " failed: "
                + last.bodyUnjudged()).build());
      }
      return out;
    }
    // The answer's status code, as the redirect check gives it.
    Value answered = new Value.Setting("status", String.valueOf(last.status()));

    Document doc = last.status() == 200 ? SecurityTxtParser.parse(last.body()) : null;
    String absent = absence(fetch, last, doc);
    if (absent != null) {
      Status status = rules.required() ? Status.FAIL : Status.SKIPPED;
      out.add(finding(ctx, PRESENT, asked, "", evidence).status(status)
          .expected("200 at /.well-known/security.txt over HTTPS")
          .observed(absent + (rules.required() ? "" : " (not required by the policy)"), answered)
          .rule(SECTION + "/required").build());
      for (String id : judged.subList(1, judged.size())) {
        out.add(finding(ctx, id, asked, "", evidence).status(Status.SKIPPED)
            .expected("a published security.txt").observed("no security.txt to judge: "
                + absent).build());
      }
      return out;
    }

    Finding.Builder present = finding(ctx, PRESENT, asked, "", evidence).expected("200 over HTTPS");
    if (last.isHttps()) {
      out.add(present.status(Status.PASS).observed("200 at " + last.url() + redirects(fetch),
          answered).build());
    } else {
      out.add(present.status(Status.FAIL).observed("served over plain HTTP only (" + last.url()
          + ")" + redirects(fetch), answered).build());
    }
    contacts(ctx, rules, doc, evidence, out);
    expires(ctx, rules, doc, evidence, out);
    format(ctx, fetch, last, doc, evidence, out);
    SecurityTxtPolicyLink.judge(ctx, doc, ctx.observations().securityTxtPolicy(),
        ctx.observations().securityTxtPolicyNotFetched(), evidence, out);
    if (rules.requireSignature()) {
      signature(ctx, new Subject(Subject.Kind.URL, last.url()), doc, evidence, out);
    }
    return out;
  }

  private static List<String> judgedIds(SecurityTxt rules) {
    return rules.requireSignature()
        ? List.of(PRESENT, CONTACT, EXPIRES, FORMAT, POLICY, SIGNATURE)
        : List.of(PRESENT, CONTACT, EXPIRES, FORMAT, POLICY);
  }

  /** Why the answer is not a published security.txt, or null when it is one. */
  private static String absence(HttpFetch fetch, HttpExchange last, Document doc) {
    if (last.isRedirect()) {
      return "HTTP " + last.status() + " to " + last.header("Location") + ", not followed: "
          + fetch.stop();
    }
    if (last.status() == 404 || last.status() == 410) {
      return "HTTP " + last.status() + " (not published) at " + last.url();
    }
    if (last.status() != 200) {
      return "HTTP " + last.status() + " at " + last.url();
    }
    // Many sites answer every path with their HTML app shell and a 200: that is not a file.
    String type = last.header("Content-Type");
    boolean html = (type != null && type.toLowerCase(Locale.ROOT).contains("html"))
        || last.body().stripLeading().startsWith("<");
    if (html && !doc.hasRfcField()) {
      return "HTTP 200 with an HTML page, not a security.txt, at " + last.url();
    }
    return null;
  }

  private static String redirects(HttpFetch fetch) {
    int n = fetch.redirects();
    return n == 0 ? "" : " after " + n + (n == 1 ? " redirect" : " redirects") + " from "
        + fetch.first().url();
  }

  private static void contacts(CheckContext ctx, SecurityTxt rules, Document doc,
      List<String> evidence, List<Finding> out) {
    List<Field> contacts = doc.all("Contact");
    Subject field = Subject.directive("Contact");
    // Every Contact listed (none when there is none).
    Finding.Builder any = finding(ctx, CONTACT, field, "Contact", evidence)
        .expected("at least one Contact field");
    if (contacts.isEmpty()) {
      out.add(any.status(Status.FAIL).observed("no Contact field", Value.Items.of(List.of()))
          .build());
    } else {
      // A file may list thousands: the finding names the first few, the artifact holds all.
      List<String> all = values(contacts);
      String shown = all.size() <= SHOWN_CONTACTS ? all.size() + " listed: " + String.join(", ",
          all) : all.size() + " listed; the first " + SHOWN_CONTACTS + ": " + String.join(", ",
          all.subList(0, SHOWN_CONTACTS)) + " (every one in the evidence)";
      out.add(any.status(Status.PASS).observed(shown, Value.Items.of(all)).build());
    }
    for (Field c : contacts) {
      String v = c.value();
      if (v.regionMatches(true, 0, "http:", 0, 5)) {
        out.add(finding(ctx, CONTACT, field, v, evidence).status(Status.FAIL)
            .expected("web URIs use https://")
            .observed("plain http:// URI (line " + c.line() + ")").build());
      } else if (!URI_SCHEME.matcher(v).matches()) {
        out.add(finding(ctx, CONTACT, field, v, evidence).status(Status.WARN)
            .expected("a URI such as mailto:, tel: or https://").observed("not a URI (line "
                + c.line() + ")" + (v.contains("@") ? "; write mailto:" + v : "")).build());
      }
    }
    for (int i = 0; i < rules.contacts().size(); i++) {
      String wanted = rules.contacts().get(i);
      boolean listed = contacts.stream().anyMatch(c -> sameContact(c.value(), wanted));
      out.add(finding(ctx, CONTACT, field, wanted, evidence)
          .status(listed ? Status.PASS : Status.FAIL)
          .expected("Contact: " + wanted, new Value.Presence(wanted, true))
          .observed(listed ? "listed" : "not listed", new Value.Presence(wanted, listed))
          .rule(SECTION + "/contacts/" + i).build());
    }
  }

  /**
   * Contacts compare without case (scheme and host are case-insensitive, and no one runs two
   * mailboxes that differ only in case) and with or without "mailto:", so a policy may write the
   * bare address.
   */
  /** How many Contact fields a finding names before it says how many more there are. */
  static final int SHOWN_CONTACTS = 10;

  private static boolean sameContact(String listed, String wanted) {
    return stripMailto(listed.strip()).equalsIgnoreCase(stripMailto(wanted.strip()));
  }

  private static String stripMailto(String s) {
    return s.regionMatches(true, 0, "mailto:", 0, 7) ? s.substring(7) : s;
  }

  private static void expires(CheckContext ctx, SecurityTxt rules, Document doc,
      List<String> evidence, List<Finding> out) {
    List<Field> all = doc.all("Expires");
    // The longest time ahead allowed, and the time left as the sentence states it.
    Finding.Builder f = finding(ctx, EXPIRES, Subject.directive("Expires"), "Expires", evidence)
        .expected("exactly one Expires, RFC 3339, in the future, at most "
            + rules.maxExpiresIn() + " ahead", new Value.Duration(
                rules.maxExpiresIn().value().getSeconds()));
    if (all.isEmpty()) {
      out.add(f.status(Status.FAIL).observed("no Expires field").build());
      return;
    }
    if (all.size() > 1) {
      out.add(f.status(Status.FAIL).observed("Expires appears " + all.size() + " times (lines "
          + lines(all) + ")").build());
      return;
    }
    Field field = all.get(0);
    Optional<OffsetDateTime> parsed = SecurityTxtParser.parseDateTime(field.value());
    if (parsed.isEmpty()) {
      out.add(f.status(Status.FAIL).observed("'" + field.value() + "' is not an RFC 3339"
          + " date-time such as 2026-12-31T23:59:59Z").build());
      return;
    }
    Instant at = parsed.get().toInstant();
    Instant now = ctx.now();
    if (!at.isAfter(now)) {
      out.add(f.status(Status.FAIL).observed("expired at " + at + " ("
          + days(Duration.between(at, now)) + " ago)").build());
      return;
    }
    Duration ahead = Duration.between(now, at);
    Value left = new Value.Duration(stated(ahead).getSeconds());
    if (ahead.compareTo(rules.maxExpiresIn().value()) > 0) {
      // max_expires_in is always set (366d by default, RFC 9116 §2.5.5's "less than a year"
      // with a day's slack) and the docs call it the longest accepted: past it is a FAIL, not a
      // warning that lets the gate pass.
      out.add(f.status(Status.FAIL).observed(at + " is " + days(ahead) + " ahead, more than "
          + rules.maxExpiresIn(), left).rule(SECTION + "/max_expires_in").build());
    } else {
      out.add(f.status(Status.PASS).observed(at + ", in " + days(ahead), left).build());
    }
  }

  private static void format(CheckContext ctx, HttpFetch fetch, HttpExchange last, Document doc,
      List<String> evidence, List<Finding> out) {
    String type = last.header("Content-Type");
    boolean typeOk = type != null && isPlainTextUtf8(type);
    out.add(finding(ctx, FORMAT, Subject.header("Content-Type"), "Content-Type", evidence)
        .status(typeOk ? Status.PASS : Status.FAIL)
        .expected("text/plain; charset=utf-8", new Value.Header("Content-Type",
            "text/plain; charset=utf-8"))
        .observed(type == null ? "no Content-Type" : type, new Value.Header("Content-Type", type))
        .build());

    List<Field> langs = doc.all("Preferred-Languages");
    // How many times the field appears, against once at most.
    Finding.Builder languages = finding(ctx, FORMAT, Subject.directive("Preferred-Languages"),
        "Preferred-Languages", evidence).expected("at most once", new Value.Count(1, null));
    Value times = new Value.Count(langs.size(), null);
    if (langs.size() > 1) {
      out.add(languages.status(Status.FAIL).observed(langs.size() + " times (lines "
          + lines(langs) + ")", times).build());
    } else if (langs.isEmpty()) {
      // An optional field that is absent has no repeat to judge.
      out.add(languages.status(Status.NOT_APPLICABLE).observed("absent (optional)", times)
          .build());
    } else {
      out.add(languages.status(Status.PASS).observed("once: " + langs.get(0).value(), times)
          .build());
    }

    List<String> canonical = doc.values("Canonical");
    if (!canonical.isEmpty()) {
      // The URL asked for and the URL that answered both count: a redirect to the canonical
      // location is how many sites publish one file for several hosts.
      String asked = fetch.first().url();
      String answered = last.url();
      boolean listed = canonical.contains(asked) || canonical.contains(answered);
      out.add(finding(ctx, FORMAT, Subject.directive("Canonical"), "Canonical", evidence)
          .status(listed ? Status.PASS : Status.FAIL)
          .expected("Canonical lists " + answered, new Value.Text(answered))
          .observed(listed ? "listed" : "lists only " + String.join(", ", canonical),
              Value.Items.of(canonical)).build());
    }

    int uris = 0;
    boolean insecure = false;
    for (String name : URI_FIELDS) {
      for (Field f : doc.all(name)) {
        uris++;
        if (f.value().regionMatches(true, 0, "http:", 0, 5)) {
          insecure = true;
          out.add(finding(ctx, FORMAT, Subject.directive(name), name, evidence)
              .status(Status.FAIL).expected("web URIs use https://")
              .observed("plain http:// URI " + f.value() + " (line " + f.line() + ")",
                  new Value.Text(f.value())).build());
        }
      }
    }
    Subject file = new Subject(Subject.Kind.URL, last.url());
    if (uris > 0 && !insecure) {
      out.add(finding(ctx, FORMAT, file, "URIs", evidence).status(Status.PASS)
          .expected("web URIs use https://").observed(uris + (uris == 1 ? " URI field, none"
              : " URI fields, none") + " plain http://").build());
    }

    List<SecurityTxtParser.Problem> problems = new ArrayList<>(doc.problems());
    if (last.truncated()) {
      problems.add(new SecurityTxtParser.Problem(0, "the body was cut at the size cap"));
    }
    Finding.Builder syntax = finding(ctx, FORMAT, file, "syntax", evidence)
        .expected("every line a field, comment or blank");
    if (problems.isEmpty()) {
      out.add(syntax.status(Status.PASS).observed(doc.fields().size() + " fields, no stray"
          + " lines").build());
    } else {
      out.add(syntax.status(Status.WARN).observed(summary(problems)).build());
    }
  }

  /** Media type text/plain with a charset parameter of utf-8, both compared without case. */
  static boolean isPlainTextUtf8(String contentType) {
    String[] parts = contentType.split(";");
    if (!parts[0].strip().equalsIgnoreCase("text/plain")) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].strip();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase("charset")) {
        String v = p.substring(eq + 1).strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
          v = v.substring(1, v.length() - 1);
        }
        return v.equalsIgnoreCase("utf-8");
      }
    }
    return false;
  }

  private static void signature(CheckContext ctx, Subject file, Document doc,
      List<String> evidence, List<Finding> out) {
    Finding.Builder f = finding(ctx, SIGNATURE, file, "signature", evidence)
        .expected("an OpenPGP cleartext signature").rule(SECTION + "/require_signature");
    if (!doc.signed()) {
      out.add(f.status(Status.FAIL).observed("not signed").build());
    } else if (!doc.signature().wellFormed()) {
      out.add(f.status(Status.FAIL).observed("malformed cleartext signature: "
          + summary(doc.signature().problems())).build());
    } else {
      List<String> hashes = doc.signature().hashes();
      out.add(f.status(Status.PASS).observed("well-framed cleartext signature"
          + (hashes.isEmpty() ? "" : " (Hash: " + String.join(", ", hashes) + ")")
          + "; not cryptographically verified").build());
    }
  }

  /**
   * A finding about {@code about} (the file, a field of it, its Content-Type) under the subject
   * it has always had; the subject is set last, so an empty one stays empty.
   */
  static Finding.Builder finding(CheckContext ctx, String id, Subject about,
      String subject, List<String> evidence) {
    return ctx.finding(id).about(about).subject(subject).evidence(evidence).rule(SECTION);
  }

  private static String summary(List<SecurityTxtParser.Problem> problems) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(PROBLEMS_SHOWN, problems.size()); i++) {
      if (i > 0) {
        sb.append("; ");
      }
      sb.append(problems.get(i));
    }
    if (problems.size() > PROBLEMS_SHOWN) {
      sb.append("; and ").append(problems.size() - PROBLEMS_SHOWN).append(" more");
    }
    return sb.toString();
  }

  private static List<String> values(List<Field> fields) {
    return fields.stream().map(Field::value).toList();
  }

  private static String lines(List<Field> fields) {
    return String.join(", ", fields.stream().map(f -> String.valueOf(f.line())).toList());
  }

  /** Whole days, or hours and minutes under a day, so the boundary cases read sensibly. */
  static String days(Duration d) {
    Duration s = stated(d);
    long days = s.toDays();
    if (days >= 1) {
      return days + (days == 1 ? " day" : " days");
    }
    if (s.toHours() >= 1) {
      return s.toHours() + " h";
    }
    return s.toMinutes() >= 1 ? s.toMinutes() + " min" : s.toSeconds() + " s";
  }

  /** {@code d} cut to the unit {@link #days} states it in: whole days, hours, minutes or seconds. */
  static Duration stated(Duration d) {
    if (d.toDays() >= 1) {
      return Duration.ofDays(d.toDays());
    }
    long minutes = d.toMinutes();
    if (minutes >= 60) {
      return Duration.ofHours(minutes / 60);
    }
    return minutes >= 1 ? Duration.ofMinutes(minutes) : Duration.ofSeconds(d.toSeconds());
  }
}
