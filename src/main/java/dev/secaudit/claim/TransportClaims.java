package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Value;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the TLS and plain-HTTP checks show of the channel, per endpoint, as claims: forward
 * secrecy offered and on every accepted suite, a stapled OCSP response, and whether each
 * endpoint's traffic is encrypted (its plain-HTTP side redirects, or it has none to probe). A
 * fact holds for "all" only when every endpoint it speaks of was judged; where some were not,
 * it speaks for the others, and where it failed on one, it names where it still held.
 */
final class TransportClaims {
  private TransportClaims() {}

  /** One endpoint's verdict, from best to worst: held, not shown (with why), lapsed. */
  private enum Held { YES, OPEN, NO }

  private record Verdict(Held held, String note) {}

  /**
   * The policy's targets this scan covered: those it lists (a run over some targets, a shard,
   * says nothing of the rest), or, in a scan.json that lists none, those its findings name.
   */
  private static List<Target> scanned(Policy policy, ClaimEvidence evidence) {
    Set<String> names = new LinkedHashSet<>();
    evidence.scan().targets().forEach(t -> names.add(t.name()));
    if (names.isEmpty()) {
      evidence.findings(List.of("tls.*", "https.*", "cookie.*"))
          .forEach(f -> names.add(f.target()));
    }
    return policy.targets().stream().filter(t -> t.url() != null && names.contains(t.name()))
        .toList();
  }

  /** The targets a TLS fact speaks of: https:// and host:port ones. */
  private static List<String> tlsTargets(Policy policy, ClaimEvidence evidence) {
    return scanned(policy, evidence).stream().filter(t -> t.tlsOnly()
        || t.url().toLowerCase(Locale.ROOT).startsWith("https://")).map(Target::name).toList();
  }

  /**
   * Forward secrecy from tls.forward_secrecy's counts (suites with an ephemeral key exchange of
   * those enumerated, per version): offered where some accepted suite has it, on every suite
   * where each version's count is whole. A count without its total (an enumeration cut short)
   * shows it offered, never that every suite has it.
   */
  static void forwardSecrecy(List<Claim> out, Policy policy, ClaimEvidence evidence,
      Vocabulary vocabulary) {
    if (evidence.scanTooOld() != null) {
      return;
    }
    Map<String, Verdict> offered = new LinkedHashMap<>();
    Map<String, Verdict> every = new LinkedHashMap<>();
    Map<String, List<String>> refs = new LinkedHashMap<>();
    Set<String> counted = new java.util.HashSet<>();
    for (Finding f : evidence.findings(List.of("tls.forward_secrecy"))) {
      if (!(f.observedValue() instanceof Value.Count c)) {
        continue;
      }
      refs.computeIfAbsent(f.target(), k -> new ArrayList<>()).add(ClaimEvidence.describe(f));
      String v = f.subject();
      counted.add(f.target() + " " + v);
      if (c.count() > 0) {
        offered.put(f.target(), new Verdict(Held.YES, v + ": " + c.count() + " of "
            + (c.of() == null ? "the suites enumerated" : c.of()) + " with forward secrecy"));
      } else {
        offered.putIfAbsent(f.target(), new Verdict(Held.NO, v + ": no suite with forward"
            + " secrecy"));
      }
      Verdict before = every.get(f.target());
      Verdict now = c.of() == null || f.status() == Status.ERROR
          ? new Verdict(Held.OPEN, v + ": the suites were not all enumerated")
          : c.count() < c.of() ? new Verdict(Held.NO, v + ": " + (c.of() - c.count()) + " of "
              + c.of() + " accepted suites without forward secrecy")
          : new Verdict(Held.YES, v + ": every accepted suite (" + c.of() + ")");
      every.put(f.target(), worse(before, now));
    }
    // A version seen accepted without a count of its own (not enumerated) may take any suite.
    for (Finding f : evidence.findings(List.of("tls.protocols"))) {
      if (f.observedValue() instanceof Value.Presence p && p.present()
          && every.containsKey(f.target()) && !counted.contains(f.target() + " " + f.subject())) {
        every.put(f.target(), worse(every.get(f.target()), new Verdict(Held.OPEN,
            f.subject() + " accepted, its suites not counted")));
      }
    }
    List<String> targets = tlsTargets(policy, evidence);
    add(out, vocabulary, "tls.forward_secrecy", "tls.forward_secrecy/offered",
        "forward secrecy offered", offered, targets, refs, "", "tls.forward_secrecy");
    add(out, vocabulary, "tls.forward_secrecy.every_suite", "tls.forward_secrecy/every_suite",
        "forward secrecy on every accepted cipher suite", every, targets, refs, "",
        "tls.forward_secrecy");
    // "Do you use ECDHE?": an accepted suite named for it, on every TLS target. TLS 1.3 names no
    // key exchange in its suites, so those show nothing either way.
    Map<String, Verdict> ecdhe = new LinkedHashMap<>();
    Map<String, List<String>> ecdheRefs = new LinkedHashMap<>();
    for (Finding f : evidence.findings(List.of("tls.ciphers"))) {
      if (f.subject().contains("_ECDHE_") && !ecdhe.containsKey(f.target())) {
        ecdhe.put(f.target(), new Verdict(Held.YES, f.subject() + " accepted"));
        ecdheRefs.put(f.target(), List.of(ClaimEvidence.describe(f)));
      }
    }
    // An endpoint with no forward-secret suite at all has no ECDHE suite either.
    offered.forEach((t, v) -> {
      if (v.held() == Held.NO) {
        ecdhe.put(t, new Verdict(Held.NO, v.note()));
        ecdheRefs.put(t, refs.get(t));
      }
    });
    add(out, vocabulary, "tls.forward_secrecy.ecdhe", "tls.ciphers/ecdhe", "ECDHE key"
        + " exchange accepted", ecdhe, targets, ecdheRefs, "", "tls.ciphers");
  }

  /**
   * Weak suites refused, from the suites tls.ciphers saw accepted: none CBC ("_CBC" in its name),
   * none with static RSA key exchange (TLS_RSA_WITH_*), none of a broken class. Judged on the
   * names, not the check's verdict: a suite the policy's allowed_suites names passes the check,
   * yet the server still accepts it, which is what "do you disable CBC?" asks. A version whose
   * enumeration was cut short, or accepted without suites listed, may take any suite.
   */
  static void weakSuites(List<Claim> out, Policy policy, ClaimEvidence evidence,
      Vocabulary vocabulary) {
    if (evidence.scanTooOld() != null) {
      return;
    }
    Map<String, List<String>> weak = new LinkedHashMap<>();
    Map<String, Integer> accepted = new LinkedHashMap<>();
    Map<String, List<String>> cut = new LinkedHashMap<>();
    Map<String, List<String>> refs = new LinkedHashMap<>();
    Set<String> listed = new java.util.HashSet<>();
    for (Finding f : evidence.findings(List.of("tls.ciphers"))) {
      // "TLS 1.2 TLS_RSA_WITH_AES_128_CBC_SHA": the version, then the suite accepted with it.
      String t = f.target();
      String[] said = f.subject().split(" ");
      String suite = said[said.length - 1];
      if (f.status() == Status.ERROR) {
        cut.computeIfAbsent(t, k -> new ArrayList<>()).add(f.subject());
        refs.computeIfAbsent(t, k -> new ArrayList<>()).add(ClaimEvidence.describe(f));
      } else if (said.length == 3 && (suite.startsWith("TLS_") || suite.startsWith("SSL_"))) {
        accepted.merge(t, 1, Integer::sum);
        listed.add(t + " " + said[0] + " " + said[1]);
        List<String> classes = weakClasses(suite);
        if (!classes.isEmpty()) {
          weak.computeIfAbsent(t, k -> new ArrayList<>()).add(suite + " ("
              + String.join(", ", classes) + ")");
          refs.computeIfAbsent(t, k -> new ArrayList<>()).add(ClaimEvidence.describe(f));
        }
      }
    }
    for (Finding f : evidence.findings(List.of("tls.protocols"))) {
      if (f.observedValue() instanceof Value.Presence p && p.present()
          && accepted.containsKey(f.target()) && !listed.contains(f.target() + " " + f.subject())) {
        cut.computeIfAbsent(f.target(), k -> new ArrayList<>()).add(f.subject()
            + " accepted, its suites not listed");
      }
    }
    Map<String, Verdict> refused = new LinkedHashMap<>();
    for (String t : accepted.keySet()) {
      List<String> w = weak.getOrDefault(t, List.of());
      refused.put(t, !w.isEmpty() ? new Verdict(Held.NO, w.size() + " weak suite(s) accepted: "
              + String.join(", ", w.size() <= 3 ? w : w.subList(0, 3)) + (w.size() > 3
              ? " and " + (w.size() - 3) + " more" : ""))
          : cut.containsKey(t) ? new Verdict(Held.OPEN, String.join(", ", cut.get(t))
              + ": the suites were not all listed")
          : new Verdict(Held.YES, "none of the " + accepted.get(t) + " accepted suites is CBC,"
              + " static RSA or of a broken class"));
    }
    add(out, vocabulary, "tls.weak_suites", "tls.ciphers/weak_refused", "weak cipher suites"
        + " (CBC, static RSA and broken classes) refused", refused, tlsTargets(policy, evidence),
        refs, "", "tls.ciphers");
  }

  /** The weak classes a suite's IANA name shows (re-derived from RFC 8446 §B.4, RFC 7525). */
  static List<String> weakClasses(String suite) {
    String n = suite.toUpperCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    if (n.contains("_CBC")) {
      out.add("CBC");
    }
    if (n.startsWith("TLS_RSA_") || n.startsWith("SSL_RSA_")) {
      out.add("static RSA");
    }
    for (String broken : List.of("NULL", "ANON", "EXPORT", "RC4", "DES", "3DES", "MD5")) {
      if (java.util.Arrays.asList(n.split("_")).contains(broken)) {
        out.add(broken);
      }
    }
    return out;
  }

  /**
   * OCSP stapling from tls.certificate.ocsp_stapling: a staple the server sent is stapling in
   * place on that endpoint; none sent for a certificate that names an OCSP responder is its
   * absence. A certificate that names none has nothing to staple (Let's Encrypt ended OCSP in
   * 2025), which is no lapse; a scan from before the responder was recorded shows neither.
   */
  static void stapling(List<Claim> out, Policy policy, ClaimEvidence evidence,
      Vocabulary vocabulary) {
    if (evidence.scanTooOld() != null) {
      return;
    }
    Map<String, Verdict> stapled = new LinkedHashMap<>();
    Map<String, List<String>> refs = new LinkedHashMap<>();
    for (Finding f : evidence.findings(List.of("tls.certificate.ocsp_stapling"))) {
      if (f.status() == Status.SKIPPED || f.status() == Status.ERROR) {
        continue;
      }
      refs.computeIfAbsent(f.target(), k -> new ArrayList<>()).add(ClaimEvidence.describe(f));
      Verdict v = f.observedValue() instanceof Value.Setting s
          && s.name().equals("ocsp_responder")
          ? new Verdict(Held.NO, "no staple sent, though its certificate names the OCSP"
              + " responder " + s.value())
          : f.observedValue() instanceof Value.Presence p && p.name().equals("ocsp_responder")
          ? new Verdict(Held.OPEN, "no staple sent, and its certificate names no OCSP"
              + " responder: nothing to staple")
          : f.observedValue() == null && f.observed().startsWith("no OCSP response stapled")
          ? new Verdict(Held.OPEN, "no staple sent, and whether its certificate names an OCSP"
              + " responder is not recorded (without one there is nothing to staple)")
          : new Verdict(Held.YES, "stapled: " + f.observed());
      stapled.put(f.target(), worse(stapled.get(f.target()), v));
    }
    add(out, vocabulary, "tls.ocsp_stapling", "tls.certificate.ocsp_stapling/stapled",
        "an OCSP response stapled", stapled, tlsTargets(policy, evidence), refs, "",
        "tls.certificate.ocsp_stapling");
  }

  /**
   * Whether each endpoint's traffic is encrypted: its plain-HTTP side redirects to HTTPS
   * (https.redirect passed), or it is a TLS endpoint with no plain-HTTP URL to probe (a port
   * other than 443 without http_url, a host:port target) whose handshake the scan made. A plain
   * answer served without redirecting is traffic in the clear; a plain side not probed (the
   * policy turned the redirect off) and a STARTTLS target (a clear-text protocol first, which
   * may go on without TLS) show nothing either way.
   */
  static void inTransit(List<Claim> out, Policy policy, ClaimEvidence evidence,
      Vocabulary vocabulary) {
    Map<String, Verdict> held = new LinkedHashMap<>();
    Map<String, List<String>> refs = new LinkedHashMap<>();
    Set<String> handshake = new LinkedHashSet<>();
    for (Finding f : evidence.findings(List.of("tls.protocols"))) {
      if (f.observedValue() instanceof Value.Presence p && p.present()) {
        handshake.add(f.target());
        refs.computeIfAbsent(f.target(), k -> new ArrayList<>()).add(ClaimEvidence.describe(f));
      }
    }
    Map<String, Finding> redirect = new LinkedHashMap<>();
    for (Finding f : evidence.findings(List.of("https.redirect"))) {
      redirect.putIfAbsent(f.target(), f);
    }
    List<Target> targets = scanned(policy, evidence);
    for (Target t : targets) {
      Finding r = redirect.get(t.name());
      if (r != null) {
        refs.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(0, ClaimEvidence.describe(r));
      }
      boolean tls = handshake.contains(t.name());
      Verdict v;
      if (t.tlsOnly()) {
        v = t.starttls() != null ? new Verdict(Held.OPEN, "STARTTLS after clear text ("
            + t.starttls() + "): whether the server goes on without TLS is not probed")
            : tls ? new Verdict(Held.YES, "TLS only, handshake made")
            : new Verdict(Held.OPEN, "no TLS handshake recorded");
      } else if (r != null && r.status() == Status.PASS) {
        v = new Verdict(Held.YES, "plain HTTP redirects to HTTPS (" + r.observed() + ")");
      } else if (r != null && r.status() == Status.FAIL) {
        v = new Verdict(Held.NO, "plain HTTP " + r.subject() + ": " + r.observed());
      } else if (r != null && r.status() == Status.SKIPPED
          && r.observed().startsWith("no plain-HTTP URL") && tls) {
        v = new Verdict(Held.YES, "HTTPS with a handshake made; no plain-HTTP URL to probe");
      } else {
        v = new Verdict(Held.OPEN, r == null ? "its plain-HTTP side was not probed"
            : "https.redirect " + r.status().name().toLowerCase(Locale.ROOT) + ": "
                + r.observed());
      }
      held.put(t.name(), v);
    }
    add(out, vocabulary, "encryption.in_transit", "/tls", "encrypted in transit (TLS)", held,
        targets.stream().map(Target::name).toList(), refs,
        "", "https.redirect");
  }

  private static Verdict worse(Verdict a, Verdict b) {
    return a == null || b.held().ordinal() > a.held().ordinal() ? b : a;
  }

  /**
   * One claim over the endpoints judged: refuted where it lapsed on one (naming where it held),
   * verified over every endpoint it holds on when none lapsed, over some endpoints only when
   * others were not judged or showed nothing.
   */
  private static void add(List<Claim> out, Vocabulary vocabulary, String topicId, String id,
      String statement, Map<String, Verdict> verdicts, List<String> targets,
      Map<String, List<String>> refs, String value, String check) {
    List<String> yes = new ArrayList<>();
    List<String> no = new ArrayList<>();
    List<String> open = new ArrayList<>();
    for (String t : targets) {
      Verdict v = verdicts.get(t);
      if (v == null) {
        open.add(t + ": not judged");
      } else {
        (v.held() == Held.YES ? yes : v.held() == Held.NO ? no : open).add(t + ": " + v.note());
      }
    }
    if (yes.isEmpty() && no.isEmpty() && verdicts.isEmpty()) {
      return;
    }
    // Judged and showing nothing either way ("nothing to staple"): said, so the review names it.
    Standing standing = yes.isEmpty() && no.isEmpty() ? Standing.UNKNOWN
        : no.isEmpty() ? Standing.VERIFIED : Standing.REFUTED;
    String why = standing == Standing.UNKNOWN ? "observed by " + check + ", showing nothing"
        + " either way: " + String.join("; ", open)
        : (no.isEmpty() ? "observed by " + check + " on " + yes.size() + " of "
        + targets.size() + " endpoint(s): " + String.join("; ", yes)
        : "observed by " + check + ": " + String.join("; ", no))
        + (open.isEmpty() ? "" : "; not shown on " + String.join("; ", open));
    boolean all = open.isEmpty() || standing == Standing.REFUTED;
    Scope scope = new Scope(all, Set.of("endpoint"));
    List<String> heldOn = standing == Standing.REFUTED
        ? yes.stream().map(y -> check + " on " + y.substring(0, y.indexOf(':'))).toList()
        : List.of();
    List<String> evidence = targets.stream().flatMap(t -> refs.getOrDefault(t, List.of())
        .stream()).distinct().limit(5).toList();
    out.add(new Claim(id, statement, new ClaimPart(vocabulary.topic(topicId).orElseThrow(),
        Polarity.IN_PLACE, null, scope, value, statement), standing, true, List.of(check),
        evidence, why, true, true, heldOn));
  }
}
