package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.policy.CookieRule;
import dev.secaudit.policy.Policy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Everything the company claims, in one structure, each with where it stands: the policy's own
 * claims read from their statements, and what its sections state (a minimum TLS version, an HSTS
 * max-age, a retention window) verified by the checks that judge them.
 */
public final class ClaimBook {
  private final List<Claim> claims;
  private final List<String> probed;
  private final LogsRead logsRead;
  private final ClaimEvidence evidence;
  private final EndpointKinds endpointKinds;
  private final java.util.Map<String, List<String>> listed = new java.util.HashMap<>();
  private final List<String> nginxConfigs;

  public ClaimBook(Policy policy, ClaimEvidence evidence, SentenceReader reader,
      Vocabulary vocabulary) {
    List<Claim> list = new ArrayList<>();
    // The sections first: what the scan verified of them bounds what stated claims verify.
    // Rate-limit rules are asked about one aspect at a time (the limit, then Retry-After).
    // A claim from the scan over every endpoint names the kinds (the API...) its targets are
    // of, before a stated claim is weighed against the sections.
    this.endpointKinds = EndpointKinds.of(policy, vocabulary);
    this.nginxConfigs = policy.configs() == null ? List.of() : policy.configs().stream()
        .filter(c -> "nginx".equals(c.kind())).map(c -> c.name()).toList();
    List<Claim> sections = SameSubject.weigh(fromSections(policy, evidence, reader, vocabulary),
        evidence, Set.of("rate_limit")).stream().map(k -> endpointKinds.named(k, evidence))
        .toList();
    this.logsRead = LogsRead.of(policy);
    TokenKinds kinds = new TokenKinds(policy, vocabulary);
    for (dev.secaudit.policy.Claim c : policy.claims()) {
      listed.put(c.id(), c.checks() == null ? List.of() : List.copyOf(c.checks()));
      fromPolicyClaim(c, evidence, reader, vocabulary, sections, kinds)
          .forEach(k -> list.add(endpointKinds.named(endpointKinds.probedKinds(
              StatedReach.of(k, evidence, logsRead), evidence), evidence)));
    }
    list.addAll(sections);
    ScanBounds.apply(list, evidence);
    this.claims = List.copyOf(list);
    this.probed = List.copyOf(evidence.probed());
    this.evidence = evidence;
  }

  /** The names of the nginx configs the policy lists, which a question naming nginx asks of. */
  List<String> nginxConfigs() {
    return nginxConfigs;
  }

  /** Where HSTS was in force for a claim's header check (see {@link HstsInForce#of}). */
  HstsInForce hstsInForce(Claim c) {
    return HstsInForce.of(c, evidence);
  }

  /** Where a claim's own findings failed, each with the kinds of endpoint it judged. */
  java.util.Map<String, Set<String>> failedOn(Claim c) {
    return FailedKinds.of(c, listed(c.id()), evidence, endpointKinds);
  }

  /**
   * The state written beside a claim wherever it is named: the scan's verdict on the whole
   * policy claim ({@link ClaimEvidence#verdictWord}), then the part's own standing where that
   * differs ("refuted; its Secure cookie attribute part verified"); a section's claim has only
   * its standing.
   */
  String state(Claim c) {
    String own = c.standing().label();
    String whole = listed.containsKey(c.id()) ? evidence.verdictWord(c.id()) : null;
    if (whole == null || whole.equals(own)
        || whole.equals("unverified") && c.standing() == Standing.UNKNOWN) {
      return whole == null ? own : whole;
    }
    return whole + "; its " + c.part().topic().title() + " part " + own;
  }

  /** The waivers over a claim's checks, named first in an answer drawn from it, or "". */
  String waivedBy(Claim c) {
    return evidence.waivedBy(c.checkIds());
  }

  /** The checks or rules a policy claim lists, as written; empty for a section's claim. */
  List<String> listed(String claimId) {
    return listed.getOrDefault(claimId, List.of());
  }

  /** The logs the hygiene checks read, which their findings speak for. */
  LogsRead logsRead() {
    return logsRead;
  }

  /** What the scan showed of one kind of endpoint, for a reviewer (see {@link EndpointKinds}). */
  String kindNotProbed(String kind) {
    return endpointKinds.notProbed(kind, evidence.endpoints());
  }

  /** The network targets the scan probed, as "name (url)". */
  public List<String> probed() {
    return probed;
  }

  public List<Claim> claims() {
    return claims;
  }

  /** The claims on one topic. */
  public List<Claim> on(Topic topic) {
    return claims.stream().filter(c -> c.part().topic().id().equals(topic.id())).toList();
  }

  private static List<Claim> fromPolicyClaim(dev.secaudit.policy.Claim c, ClaimEvidence evidence,
      SentenceReader reader, Vocabulary vocabulary, List<Claim> sections, TokenKinds kinds) {
    StatedParts stated = StatedParts.of(c, reader, vocabulary);
    List<ClaimPart> parts = stated.parts();
    boolean whole = stated.whole();
    ClaimEvidence.Verdict v = evidence.judge(c);
    List<Claim> out = new ArrayList<>();
    for (ClaimPart p : parts) {
      Standing standing;
      String why;
      String notShown = "";
      String elsewhere;
      List<String> testing = v.checkIds().stream()
          .filter(id -> p.topic().checks().stream().anyMatch(g -> evidence.globMatches(g, id)))
          .toList();
      PartChecks own = PartChecks.of(p, testing, evidence.findings(c.checks()), vocabulary);
      boolean partFailed = !v.failed().isEmpty() && !testing.isEmpty();
      if (!c.applies()) {
        // "We never store card numbers" marks a topic as not applying: its words are negative,
        // and what matters is whether the attestation saying so is current.
        standing = v.attestationCurrent() ? Standing.ATTESTED : Standing.UNKNOWN;
        why = v.attestationCurrent() ? "does not apply, " + evidence.attestedBy(c.attest()) : String.join("; ", v.unsure());
      } else if (p.polarity() != Polarity.IN_PLACE && !whole && c.polarity() == null) {
        // "plaintext keys are shown once ... and never again", read in part: a "never" the
        // reader could not place is no gap the company stated.
        standing = Standing.UNKNOWN;
        why = "its statement was read only in part, and the words read say "
            + p.polarity().label() + ": a person decides";
      } else if (p.polarity() != Polarity.IN_PLACE) {
        standing = Standing.STATED_GAP;
        why = "the policy states it is " + p.polarity().label();
      } else if (!v.failed().isEmpty() && !testing.isEmpty()
          && !(elsewhere = StatedClaims.failedElsewhere(p, testing, evidence, reader,
              sections, kinds)).isEmpty()) {
        // "Application logs are kept 7 days", checked by retention.window, which failed on the
        // PDF reports' rule: that failure says nothing of the logs.
        standing = Standing.UNKNOWN;
        why = "its checks failed only on " + elsewhere + ", which it does not speak of: "
            + String.join("; ", v.failed());
      } else if (partFailed && own.refuting().isEmpty() && !own.hygiene().isEmpty()) {
        // "We publish a security.txt file" beside an expired file that has a contact: published,
        // and stale, which a person weighs (as the section's SameSubject does).
        standing = Standing.UNKNOWN;
        why = "its checks of whether it is in place (" + String.join(", ", own.deciding())
            + ") passed, but " + PartChecks.describe(own.hygiene()) + " failed: a person decides";
      } else if (partFailed && own.refuting().isEmpty() && own.passed() && v.unsure().isEmpty()
          && evidence.scanTooOld() == null
          && (notShown = StatedClaims.notVerifiedBy(p, testing, c.checks(), evidence,
              sections)).isEmpty()) {
        // "Session cookies are HttpOnly, Secure and SameSite=Lax" with SameSite failed: the
        // Secure part's own check passed on the same cookies; the failure is the SameSite part's.
        standing = Standing.VERIFIED;
        why = "verified by " + String.join(", ", new LinkedHashSet<>(testing)) + " (its other"
            + " checks failed on what its other parts say: " + String.join("; ", v.failed()) + ")";
      } else if (partFailed && own.refuting().isEmpty()) {
        standing = Standing.UNKNOWN;
        why = "its checks of " + p.topic().title() + " (" + String.join(", ", testing)
            + ") did not fail, but do not verify it" + (notShown.isEmpty() ? "" : ": " + notShown)
            + "; its other checks failed: " + String.join("; ", v.failed());
      } else if (partFailed) {
        standing = Standing.REFUTED;
        why = p.topic().decidedBy().isEmpty() ? String.join("; ", v.failed())
            : c.id() + " failed its checks (" + PartChecks.describe(own.refuting()) + ")";
      } else if (!v.failed().isEmpty()) {
        standing = Standing.UNKNOWN;
        why = "its checks failed (" + String.join("; ", v.failed()) + ") but none of them tests "
            + p.topic().title();
      } else if (v.checksPassed()
          && v.unsure().isEmpty() && !testing.isEmpty()
          && !(notShown = own.judgedNothing(StatedClaims.notVerifiedBy(p, testing, c.checks(),
              evidence, sections))).isEmpty()) {
        // The checks ran on its topic and did not show what it says: a person's word does not
        // settle what the scan saw otherwise, so neither a check nor the attestation answers.
        standing = Standing.UNKNOWN;
        why = "its checks (" + String.join(", ", new LinkedHashSet<>(testing)) + ") passed, but "
            + notShown + ": a person decides";
      } else if (v.checksPassed()
          && v.unsure().isEmpty() && !testing.isEmpty()) {
        standing = Standing.VERIFIED;
        why = "verified by " + String.join(", ", new LinkedHashSet<>(testing))
            + (v.beside().isEmpty() ? "" : "; beside it: " + String.join("; ", v.beside()));
      } else if (v.attestationCurrent()) {
        standing = Standing.ATTESTED;
        why = evidence.attestedBy(c.attest()) + ", not verified by scan"
            + (v.checkIds().isEmpty() || !testing.isEmpty() ? ""
                : " (its checks " + String.join(", ", new LinkedHashSet<>(v.checkIds()))
                    + " do not test " + p.topic().title() + ")");
      } else if (v.unsure().stream().anyMatch(u -> u.contains("stale")
          || evidence.scanTooOld() != null && u.contains(evidence.scanTooOld()))) {
        standing = Standing.STALE;
        why = String.join("; ", v.unsure());
      } else {
        standing = Standing.UNKNOWN;
        why = v.unsure().isEmpty() ? p.topic().notTestedBy(String.join(", ", v.checkIds()))
            : String.join("; ", v.unsure());
      }
      out.add(new Claim(c.id(), c.statement(), p, standing, whole, v.checkIds(), v.evidence(),
          why, c.applies(), true, standing != Standing.REFUTED ? List.of()
              : ClaimEvidence.heldOn(p.topic().decidedBy().isEmpty() ? evidence.findings(testing)
                  : own.decidingFindings())));
    }
    return ScanOutranks.weigh(out, stated.reading().parts(), evidence, sections);
  }

  /**
   * What the policy's sections state, each verified by the checks its topic names. Amounts come
   * from the section (the minimum version, the max-age); a section without one is claimed
   * without an amount, which answers no threshold.
   */
  private static List<Claim> fromSections(Policy policy, ClaimEvidence evidence,
      SentenceReader reader, Vocabulary vocabulary) {
    List<Claim> out = new ArrayList<>();
    Scope everyTarget = new Scope(true, Set.of("endpoint"));
    if (policy.tls() != null && policy.tls().minVersion() != null) {
      // Any spelling validate accepts ("TLSv1.2", "tls1.2", "SSLv3"), read as the checks read it.
      dev.secaudit.model.TlsVersion min = dev.secaudit.model.TlsVersion.parse(
          policy.tls().minVersion());
      section(out, evidence, vocabulary, "tls.min_version", "/tls/min_version",
          min.label() + " or higher",
          ObservedClaims.atLeast(min), everyTarget, "",
          List.of("tls.protocols", "config.nginx.tls_protocols"), ALL);
    }
    ObservedClaims.acceptedVersions(out, evidence, vocabulary, everyTarget);
    ObservedClaims.lowestVersions(out, policy, evidence, vocabulary, everyTarget);
    // Judged on the pages requested, as every other header's claim: before, "Is X-Frame-Options
    // sent on every response?" was Yes from the paths listed.
    int xfo = out.size();
    ObservedClaims.headerSent(out, evidence, vocabulary, "headers.x_frame_options",
        "X-Frame-Options", everyTarget);
    narrowLast(out, xfo, "X-Frame-Options", evidence);
    section(out, evidence, vocabulary, "https.redirect", "/targets",
        "plain HTTP redirects to HTTPS", null, everyTarget, "", List.of("https.redirect"), ALL);
    // Per endpoint: a plain side that redirects, or a TLS endpoint with none to probe.
    TransportClaims.inTransit(out, policy, evidence, vocabulary);
    TransportClaims.forwardSecrecy(out, policy, evidence, vocabulary);
    TransportClaims.weakSuites(out, policy, evidence, vocabulary);
    TransportClaims.stapling(out, policy, evidence, vocabulary);
    if (policy.hsts() != null) {
      // Two claims: a max-age below the policy's refutes the amount, not that HSTS is sent.
      // Like the other headers, HSTS is weighed in the nginx configs too: a location with an
      // add_header of its own drops the server's Strict-Transport-Security.
      int sent = out.size();
      section(out, evidence, vocabulary, "hsts", "/hsts", "HSTS sent", null, everyTarget, "",
          List.of("hsts.header", "config.nginx.headers"),
          configBreaks("/hsts/required", Boolean.TRUE.equals(policy.hsts().required()), ALL));
      // Judged on the listed pages: "sent on every HTTPS response" asks of responses the scan
      // did not judge (a blind review: security.txt over HTTPS without it, answered Yes).
      narrowLast(out, sent, "Strict-Transport-Security", evidence);
      int before = out.size();
      long least = policy.hsts().minMaxAge().value().toSeconds();
      // No minimum stated (0s): there is no amount to claim, only the max-age observed below.
      if (least > 0) {
        section(out, evidence, vocabulary, "hsts", "/hsts/min_max_age", "HSTS with max-age of at"
            + " least " + policy.hsts().minMaxAge(), new Quantity(least, Quantity.Unit.SECONDS,
            Quantity.Comparison.AT_LEAST), everyTarget, "", List.of("hsts.max_age"), ALL);
        if (out.size() > before) {
          // The max-age is read from the live pages only; where HSTS is sent is the claim above's.
          out.set(before, out.get(before).ofValueOnly());
        }
      }
      ObservedClaims.maxAge(out, policy, evidence, vocabulary, everyTarget);
      if (Boolean.TRUE.equals(policy.hsts().includeSubdomains())) {
        section(out, evidence, vocabulary, "hsts.include_subdomains", "/hsts/include_subdomains",
            "HSTS with includeSubDomains", null, everyTarget, "",
            List.of("hsts.include_subdomains"), ALL);
      }
    }
    // cookies is null when the policy leaves cookies out (presets may still add rules).
    List<CookieRule> cookieRules = policy.cookies() == null ? List.of() : policy.cookies();
    for (int i = 0; i < cookieRules.size(); i++) {
      CookieRule r = cookieRules.get(i);
      Scope cookies = cookieScope(r.name());
      String at = "/cookies/" + i;
      // Each rule speaks only for the cookies it matched: "*" failing is not "session*" failing.
      Predicate<Finding> ruled = under(at);
      int ruleClaims = out.size();
      if (Boolean.TRUE.equals(r.secure())) {
        section(out, evidence, vocabulary, "cookies.secure", at, "cookies " + r.name()
            + " are Secure", null, cookies, "", List.of("cookie.secure"), ruled);
      }
      if (Boolean.TRUE.equals(r.httpOnly())) {
        section(out, evidence, vocabulary, "cookies.http_only", at, "cookies " + r.name()
            + " are HttpOnly", null, cookies, "", List.of("cookie.http_only"), ruled);
      }
      if (r.sameSite() != null) {
        String value = String.valueOf(r.sameSite()).toLowerCase(java.util.Locale.ROOT);
        section(out, evidence, vocabulary, "cookies.same_site", at, "cookies " + r.name()
            + " are SameSite=" + r.sameSite(), null, cookies, value, List.of("cookie.same_site"),
            ruled);
      }
      RuleSectionClaims.cookieRule(out, r, at, cookies, ruled, evidence, vocabulary);
      // "*" judged the cookies the fetched pages set, not every cookie the company sets: as
      // HSTS judged on the listed paths, it answers "Are all cookies HttpOnly?" for review. The
      // session cookies among them it judged as a rule naming them would (kept verified).
      int ruleEnd = out.size();
      boolean everyCookie = cookies.universal() && cookies.nouns().equals(Set.of("cookie"));
      for (int k = ruleClaims; everyCookie && k < ruleEnd; k++) {
        Claim c = out.get(k);
        if (c.standing() == Standing.VERIFIED) {
          out.add(c.scoped(new Scope(true, Set.of("cookie.session"))));
        }
        narrowLast(out, k, null, evidence);
      }
    }
    ObservedCookies.claims(out, evidence, vocabulary);
    // A rate limit is probed on the one request it names: it speaks for that endpoint, not for
    // every endpoint ("Are all API endpoints rate limited?" is not answered by the login's limit).
    Scope limitedEndpoint = new Scope(false, Set.of("endpoint"));
    for (int i = 0; i < policy.rateLimits().size(); i++) {
      RateLimitClaims.add(out, policy.rateLimits().get(i), i, evidence, vocabulary,
          limitedEndpoint);
    }
    for (int i = 0; i < policy.retention().size(); i++) {
      RetentionData.claims(out, evidence, vocabulary, reader, policy.retention().get(i), i);
    }
    if (policy.securityTxt() != null) {
      section(out, evidence, vocabulary, "security_txt", "/security_txt",
          "security.txt published with a contact", null, Scope.NONE, "",
          List.of("security_txt.present", "security_txt.contact"), ALL);
      // Current is its Expires alone: hygiene beside "published", the whole question here.
      section(out, evidence, vocabulary, "security_txt.expires", "/security_txt/expires",
          "security.txt not past its Expires", null, Scope.NONE, "",
          List.of("security_txt.expires"), ALL);
      DisclosurePolicyClaim.add(out, evidence, vocabulary);
      // Its signature is judged only when the policy requires one; else nothing looked at it.
      int before = out.size();
      section(out, evidence, vocabulary, "security_txt.signature",
          "/security_txt/require_signature", "security.txt signed", null, Scope.NONE, "",
          List.of("security_txt.signature"), ALL);
      if (out.size() == before && !evidence.findings(List.of("security_txt.present")).isEmpty()) {
        ClaimPart signed = new ClaimPart(vocabulary.topic("security_txt.signature").orElseThrow(),
            Polarity.IN_PLACE, null, Scope.NONE, "", "security.txt signed");
        out.add(new Claim("/security_txt/require_signature", "security.txt signed", signed,
            Standing.UNKNOWN, true, List.of(), List.of(), "no signature check ran (the policy"
                + " sets security_txt.require_signature: false)", true));
      }
    }
    if (policy.subprocessors() != null) {
      // Declared and published is what the list checks show; whether a vendor sits at the edge
      // is the edge topic's (founder24: "our subprocessor list is published at ..." was refuted
      // by Cloudflare not being seen at the edge).
      section(out, evidence, vocabulary, "subprocessors", "/subprocessors",
          "every subprocessor declared and published", null, Scope.NONE, "",
          List.of("subprocessors.declared", "subprocessors.undeclared",
              "subprocessors.published_undeclared", "subprocessors.unpublished",
              "subprocessors.dns", "subprocessors.dependencies"), ALL);
    }
    if (!policy.dataHygiene().isEmpty()) {
      int before = out.size();
      section(out, evidence, vocabulary, "logging.sensitive_data", "/data_hygiene",
          "no credentials or personal data in clear in logs and exports", null,
          new Scope(true, Set.of("log")), "", List.of("data.secrets", "data.personal_data"),
          ALL);
      if (out.size() > before && out.get(before).standing() == Standing.REFUTED) {
        // A failure says some sensitive value was found, not which kind: it refutes "logs hold
        // nothing sensitive" but not "card numbers are never logged", so it decides nothing.
        Claim c = out.get(before);
        out.set(before, new Claim(c.id(), c.statement(), c.part(), Standing.REFUTED, true,
            c.checkIds(), c.evidence(), "sensitive data was found in logs, of a kind the"
                + " question may not ask about: " + c.why(), true, false, c.heldOn()));
      }
      ObservedClaims.dataKinds(out, policy, evidence, vocabulary);
    }
    if (!policy.repositories().isEmpty()) {
      section(out, evidence, vocabulary, "dependencies.pinned", "/repositories",
          "dependency versions pinned", null, Scope.NONE, "", List.of("repo.lock_files"), ALL);
      section(out, evidence, vocabulary, "dependencies.updates", "/repositories",
          "dependency updates automated", null, Scope.NONE, "",
          List.of("repo.dependency_updates"), ALL);
      int secrets = out.size();
      section(out, evidence, vocabulary, "secrets.repository", "/repositories",
          "no secrets in the repositories", null, RepositoryHistory.searched(evidence), "",
          List.of("repo.secrets"), ALL);
      if (out.size() > secrets) {
        out.set(secrets, RepositoryHistory.named(out.get(secrets), evidence));
      }
    }
    section(out, evidence, vocabulary, "ssh.keys_only", "/configs", "sshd allows keys only",
        null, Scope.NONE, "", List.of("config.sshd.auth"), ALL);
    int csp = out.size();
    section(out, evidence, vocabulary, "csp", "/headers", "an enforced Content-Security-Policy",
        null, everyTarget, "", List.of("csp.header", "config.nginx.headers"),
        configBreaks("/csp/required",
            policy.csp() != null && Boolean.TRUE.equals(policy.csp().required()), ALL));
    narrowLast(out, csp, "Content-Security-Policy", evidence);
    RuleSectionClaims.inlineSources(out, evidence, vocabulary, everyTarget);
    section(out, evidence, vocabulary, "csrf", "/flows", "state-changing requests need a CSRF"
        + " token", null, everyTarget, "", List.of("request.csrf"), ALL);
    FlowClaims.add(out, policy, evidence, vocabulary, new TokenKinds(policy, vocabulary),
        everyTarget);
    int auth = out.size();
    section(out, evidence, vocabulary, "authn.required", "/flows",
        "protected requests need authentication", null, everyTarget, "",
        List.of(RequestedPaths.CHECK), ALL);
    if (out.size() > auth) {
      out.set(auth, RequestedPaths.section(out.get(auth), evidence));
    }
    section(out, evidence, vocabulary, "cors", "/cors", "CORS trusts only its own origins",
        null, everyTarget, "", List.of("cors.origin"), ALL);
    int framing = out.size();
    section(out, evidence, vocabulary, "headers.framing", "/framing", "framing by other sites"
        + " refused", null, everyTarget, "", List.of("header.framing", "config.nginx.headers"),
        configBreaks("/framing/required",
            policy.framing() != null && Boolean.TRUE.equals(policy.framing().required()), ALL));
    narrowLast(out, framing, null, evidence);
    int banners = out.size();
    section(out, evidence, vocabulary, "headers.info_leak", "/info_leak", "no header discloses"
        + " software or versions", null, everyTarget, "", List.of("header.info_leak"), ALL);
    // Judged on the listed paths, like the header rules below: "never", "on all endpoints" ask
    // of paths the scan did not read (a blind review: /account sent X-Powered-By).
    narrowLast(out, banners, null, evidence);
    // A header rule speaks for its own header only ("X-Content-Type-Options on /account"), live
    // and in the nginx configs, whose locations may drop what the server sends elsewhere. A live
    // finding names its header as data (the Permissions-Policy check's subject is the page);
    // one read from an older scan, without it, by the start of its subject.
    for (String[] h : new String[][] {{"headers.nosniff", "X-Content-Type-Options"},
        {"headers.referrer", "Referrer-Policy"}, {"headers.permissions", "Permissions-Policy"}}) {
      int before = out.size();
      section(out, evidence, vocabulary, h[0], "/headers/" + h[1], h[1] + " sent as the policy"
          + " says", null, everyTarget, "", List.of("header.rule", "http.permissions_policy",
              "config.nginx.headers"),
          configBreaks("/headers/" + h[1], policy.headers().keySet().stream()
              .anyMatch(h[1]::equalsIgnoreCase), f -> f.about() != null
              ? f.about().kind() == Subject.Kind.HEADER && f.about().name().equalsIgnoreCase(h[1])
              : f.subject().regionMatches(true, 0, h[1], 0, h[1].length())));
      narrowLast(out, before, h[1], evidence);
      if (out.size() > before && out.get(before).standing() == Standing.REFUTED
          && sentOtherwise(evidence, h[1])) {
        // "is 'unsafe-url', expected 'strict-origin-when-cross-origin'": the rule's value failed
        // where the header was sent, which says nothing of whether it is sent (a twelfth blind
        // review: "Do you set a Referrer-Policy header?" was No); presence is decided below.
        Claim c = out.get(before);
        out.set(before, new Claim(c.id(), c.statement(), c.part(), c.standing(), c.readWhole(),
            c.checkIds(), c.evidence(), c.why(), c.applies(), false, c.heldOn(),
            c.valueOnly()));
      }
      int sent = out.size();
      ObservedClaims.headerSent(out, evidence, vocabulary, h[0], h[1], everyTarget);
      narrowLast(out, sent, h[1], evidence);
    }
    return out;
  }

  /** Whether a header rule failed on a value the header was sent with. */
  private static boolean sentOtherwise(ClaimEvidence evidence, String header) {
    return evidence.findings(List.of("header.rule", "http.permissions_policy")).stream()
        .anyMatch(f -> f.status() == Status.FAIL && f.observedValue() instanceof Value.Header v
            && v.name().equalsIgnoreCase(header) && v.value() != null);
  }

  /** The section claim added at {@code at}, if any, narrowed to the responses judged. */
  static void narrowLast(List<Claim> out, int at, String header,
      ClaimEvidence evidence) {
    if (out.size() > at) {
      out.set(at, ObservedResponses.narrowed(out.get(at), header, evidence));
    }
  }

  /** The findings of a rule: about its subject, or judged under its pointer. */
  static Predicate<Finding> about(String subject, String pointer) {
    return f -> f.subject().equals(subject) || under(pointer).test(f);
  }

  private static Predicate<Finding> under(String pointer) {
    return f -> f.policyPointer().equals(pointer) || f.policyPointer().startsWith(pointer + "/");
  }

  private static final Predicate<Finding> ALL = f -> true;

  /**
   * The live findings {@code live} keeps, and, when the policy has the rule at {@code pointer}
   * ({@code ruled}), the nginx configs' header findings that speak of it: a block that keeps it, or one whose location drops it (a
   * location with an add_header of its own inherits none of the server's), which refutes "on
   * every response" however the live pages answered.
   */
  private static Predicate<Finding> configBreaks(String pointer, boolean ruled,
      Predicate<Finding> live) {
    // A block passes the rules the policy has: without this rule its pass says nothing of it.
    return f -> !f.checkId().equals("config.nginx.headers") ? live.test(f)
        : ruled && (f.status() == Status.PASS || f.observedValue() instanceof Value.Items broken
            && broken.items().stream().anyMatch(i -> i instanceof Value.Text t
                && t.text().equalsIgnoreCase(pointer)));
  }

  /**
   * Which cookies a rule speaks for, from its name glob: every cookie for "*", session cookies
   * for a glob that names sessions, and some cookies otherwise (which answers no question about
   * cookies in general).
   */
  static Scope cookieScope(String glob) {
    String name = glob == null ? "*" : glob.toLowerCase(java.util.Locale.ROOT);
    if (name.equals("*")) {
      return new Scope(true, Set.of("cookie"));
    }
    if (name.contains("sess") || name.equals("sid*") || name.equals("sid")) {
      return new Scope(true, Set.of("cookie.session"));
    }
    return new Scope(false, Set.of("cookie"));
  }

  static Scope scopeOfName(SentenceReader reader, String name) {
    Reading r = reader.read("kept " + name.replace('-', ' ').replace('_', ' '));
    return r.parts().isEmpty() ? Scope.NONE : r.parts().get(0).scope();
  }

  /**
   * One section's claim, when the scan judged it: no findings means the section was not
   * checked, and claims nothing.
   *
   * @param about which of the checks' findings speak for this section
   */
  static void section(List<Claim> out, ClaimEvidence evidence, Vocabulary vocabulary,
      String topicId, String pointer, String statement, Quantity q, Scope scope, String value,
      List<String> checks, Predicate<Finding> about) {
    Topic topic = vocabulary.topic(topicId).orElseThrow();
    List<Finding> found = evidence.findings(checks).stream()
        .filter(f -> ChecksOutcome.judges(f.status()))
        .filter(about)
        .toList();
    if (found.isEmpty()) {
      return;
    }
    List<String> failed = new ArrayList<>();
    List<String> open = new ArrayList<>();
    Set<String> targets = new LinkedHashSet<>();
    for (Finding f : found) {
      targets.add(f.target());
      switch (f.status()) {
        case PASS -> { }
        case FAIL -> failed.add(f.checkId() + " on " + f.target() + ": " + f.observed());
        // What was seen, not just the status: "no deletion observed yet" is the reason.
        default -> open.add(f.checkId() + " on " + f.target() + " is "
            + f.status().words()
            + (f.observed().isEmpty() ? "" : ": " + f.observed()));
      }
    }
    String age = evidence.scanTooOld();
    Set<String> endpoints = evidence.endpoints();
    long onEndpoints = targets.stream().filter(endpoints::contains).count();
    long local = targets.size() - onEndpoints;
    Standing standing;
    String why;
    if (!failed.isEmpty()) {
      standing = Standing.REFUTED;
      why = String.join("; ", failed.subList(0, Math.min(3, failed.size())))
          + (failed.size() > 3 ? "; and " + (failed.size() - 3) + " more" : "");
    } else if (!open.isEmpty()) {
      standing = Standing.UNKNOWN;
      why = String.join("; ", open.subList(0, Math.min(3, open.size())));
    } else if (age != null) {
      standing = Standing.STALE;
      why = "verified by " + age;
    } else {
      standing = Standing.VERIFIED;
      // A scan.json written by hand may list no targets; never "1 of 0".
      String where = endpoints.isEmpty() ? targets.size() + " of " + targets.size()
          + " target(s)"
          : onEndpoints == 0 ? local + " local source(s)"
          : onEndpoints + " of " + endpoints.size() + " endpoint(s)"
              + (local == 0 ? "" : " and " + local + " local source(s)");
      why = "verified by " + String.join(", ", new LinkedHashSet<>(found.stream()
          .map(Finding::checkId).toList())) + " on " + where;
    }
    if (scope.nouns().contains("endpoint") && onEndpoints < endpoints.size()) {
      // Judged on some targets only: it speaks for those, not for every endpoint.
      scope = new Scope(false, scope.nouns(), scope.kinds(), scope.quantified());
    }
    List<String> refs = found.stream().limit(5).map(ClaimEvidence::describe).toList();
    out.add(new Claim(pointer, statement, new ClaimPart(topic, Polarity.IN_PLACE, q, scope, value,
        statement), standing, true, found.stream().map(Finding::checkId).distinct().toList(),
        refs, why, true, true, standing == Standing.REFUTED ? ClaimEvidence.heldOn(found)
            : List.of()));
  }
}
