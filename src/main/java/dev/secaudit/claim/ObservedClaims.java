package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.TlsVersion;
import dev.secaudit.model.Value;
import dev.secaudit.policy.DataHygiene;
import dev.secaudit.policy.Policy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the scan observed, as claims apart from the policy's rules: the versions a server
 * accepted, the lowest it accepts, the max-age it sends. A rule refuted at its own threshold
 * still shows a value, and that value answers other thresholds.
 */
final class ObservedClaims {
  private ObservedClaims() {}

  /**
   * A forbidden version the scan saw accepted is an observed fact about the minimum: it is at
   * most that version, whatever anyone attests.
   */
  static void acceptedVersions(List<Claim> out, ClaimEvidence evidence,
      Vocabulary vocabulary, Scope scope) {
    Topic topic = vocabulary.topic("tls.min_version").orElseThrow();
    for (Finding f : evidence.findings(List.of("tls.protocols"))) {
      TlsVersion version = protocolOf(f);
      if (f.status() != Status.FAIL || version == null) {
        continue;
      }
      double value = quantityOf(version);
      String statement = f.subject() + " accepted on " + f.target();
      out.add(new Claim("tls.protocols/" + f.target() + "/" + f.subject(), statement,
          new ClaimPart(topic, Polarity.IN_PLACE, new Quantity(value, Quantity.Unit.VERSION,
              Quantity.Comparison.AT_MOST), scope, "", statement), Standing.VERIFIED, true,
          List.of("tls.protocols"), List.of(ClaimEvidence.describe(f)),
          "observed by tls.protocols: " + f.subject() + " accepted though the policy forbids it",
          true));
    }
  }

  /**
   * The lowest version the scan saw accepted, as facts apart from the policy's rule: on the live
   * targets (when every target's versions below it were tried and refused) and in the server
   * configs (the versions each server block enables). "Is TLS 1.0 disabled?" is then answered
   * from what was observed even where the rule's own minimum (1.2) is refuted by a config that
   * enables 1.1; and where the two disagree, the answer is a person's.
   */
  static void lowestVersions(List<Claim> out, Policy policy, ClaimEvidence evidence,
      Vocabulary vocabulary, Scope scope) {
    if (evidence.scanTooOld() != null) {
      return;
    }
    Topic topic = vocabulary.topic("tls.min_version").orElseThrow();
    Map<String, java.util.EnumMap<TlsVersion, Boolean>> live = new java.util.TreeMap<>();
    Map<String, String> artifacts = new java.util.TreeMap<>();
    for (Finding f : evidence.findings(List.of("tls.protocols"))) {
      TlsVersion version = protocolOf(f);
      if (version != null && f.observedValue() instanceof Value.Presence accepted) {
        live.computeIfAbsent(f.target(), k -> new java.util.EnumMap<>(TlsVersion.class))
            .put(version, accepted.present());
        artifacts.putIfAbsent(f.target(), ClaimEvidence.describe(f));
      }
    }
    TlsVersion lowest = null;
    boolean complete = !live.isEmpty() && everyHttpsTarget(policy, live.keySet());
    if (complete) {
      versionsSeen(out, live, artifacts, vocabulary, scope);
    }
    for (Map<TlsVersion, Boolean> seen : live.values()) {
      TlsVersion first = seen.entrySet().stream().filter(Map.Entry::getValue)
          .map(Map.Entry::getKey).findFirst().orElse(null);
      // Every version below the lowest accepted must have been tried and refused.
      boolean tried = first != null && java.util.Arrays.stream(TlsVersion.values())
          .filter(v -> v.compareTo(first) < 0).allMatch(v -> Boolean.FALSE.equals(seen.get(v)));
      complete &= tried;
      if (first != null && (lowest == null || first.compareTo(lowest) < 0)) {
        lowest = first;
      }
    }
    if (complete && lowest != null) {
      String statement = "lowest version accepted on the live targets: " + lowest.label();
      out.add(new Claim("tls.protocols/lowest", statement, new ClaimPart(topic,
          Polarity.IN_PLACE, new Quantity(quantityOf(lowest), Quantity.Unit.VERSION,
              Quantity.Comparison.EXACTLY), scope, "", statement), Standing.VERIFIED, true,
          List.of("tls.protocols"), List.copyOf(artifacts.values()), "observed by tls.protocols on "
              + live.size() + " target(s): " + lowest.label() + " accepted, every older version"
              + " refused", true));
    }
    TlsVersion enabled = null;
    List<String> configs = new ArrayList<>();
    for (Finding f : evidence.findings(List.of("config.nginx.tls_protocols"))) {
      if (!(f.observedValue() instanceof Value.Items versions)) {
        continue;
      }
      configs.add(ClaimEvidence.describe(f));
      for (Value v : versions.items()) {
        TlsVersion version = TlsVersion.ofLabel(v.prose());
        if (version != null && (enabled == null || version.compareTo(enabled) < 0)) {
          enabled = version;
        }
      }
    }
    if (enabled != null) {
      String statement = "lowest version the server configs enable: " + enabled.label();
      out.add(new Claim("config.nginx.tls_protocols/lowest", statement, new ClaimPart(topic,
          Polarity.IN_PLACE, new Quantity(quantityOf(enabled), Quantity.Unit.VERSION,
              Quantity.Comparison.EXACTLY), scope, "", statement), Standing.VERIFIED, true,
          List.of("config.nginx.tls_protocols"), configs, "observed by"
              + " config.nginx.tls_protocols in " + configs.size() + " server block(s): "
              + enabled.label() + " enabled", true));
    }
  }

  /**
   * The max-age the live targets sent, as a fact apart from the policy's minimum: a rule of one
   * year refuted by a max-age of one day still shows the max-age is one day, which answers "at
   * least 180 days?" (No) and "at least an hour?" (Yes). Only when every HTTPS target was read
   * and all sent the same max-age: otherwise which one a question means is a person's call.
   */
  static void maxAge(List<Claim> out, Policy policy, ClaimEvidence evidence,
      Vocabulary vocabulary, Scope scope) {
    if (evidence.scanTooOld() != null) {
      return;
    }
    Map<String, Long> seen = new java.util.TreeMap<>();
    List<String> refs = new ArrayList<>();
    for (Finding f : evidence.findings(List.of("hsts.max_age"))) {
      if (f.observedValue() instanceof Value.Duration d
          && (f.status() == Status.PASS || f.status() == Status.FAIL)) {
        seen.put(f.target(), d.seconds());
        refs.add(ClaimEvidence.describe(f));
      }
    }
    boolean complete = !seen.isEmpty() && everyHttpsTarget(policy, seen.keySet());
    if (!complete || seen.values().stream().distinct().count() != 1) {
      return;
    }
    long seconds = seen.values().iterator().next();
    String statement = "HSTS max-age sent by the live targets: " + seconds + " s";
    out.add(new Claim("hsts.max_age/observed", statement, new ClaimPart(
        vocabulary.topic("hsts").orElseThrow(), Polarity.IN_PLACE, new Quantity(seconds,
            Quantity.Unit.SECONDS, Quantity.Comparison.EXACTLY), scope, "", statement),
        Standing.VERIFIED, true, List.of("hsts.max_age"), refs.stream().limit(5).toList(),
        "observed by hsts.max_age on " + seen.size() + " target(s): max-age=" + seconds, true,
        true, List.of(), true));
  }

  /** Whether every HTTPS target of the policy is among those observed: a fact for all of them. */
  private static boolean everyHttpsTarget(Policy policy, Set<String> observed) {
    return policy.targets().stream()
        .filter(t -> t.url() != null && t.url().startsWith("https:"))
        .allMatch(t -> observed.contains(t.name()));
  }

  /**
   * Each version every live target was tried with, as a fact of its own: accepted by all of them
   * answers "Do you support TLS 1.3?" and verifies "TLS 1.3 is supported.", refused by all of
   * them refutes both. Where targets differ, which one a question means is a person's call.
   */
  private static void versionsSeen(List<Claim> out, Map<String, ? extends Map<TlsVersion,
      Boolean>> live, Map<String, String> artifacts, Vocabulary vocabulary, Scope scope) {
    Topic topic = vocabulary.topic("tls.version_accepted").orElseThrow();
    for (TlsVersion v : TlsVersion.values()) {
      Set<Boolean> seen = new HashSet<>();
      live.values().forEach(s -> seen.add(s.get(v)));
      if (seen.size() != 1 || seen.contains(null)) {
        continue;
      }
      boolean accepted = seen.contains(Boolean.TRUE);
      String label = Quantity.version(quantityOf(v));
      String statement = label + (accepted ? " accepted" : " refused") + " on the live targets";
      out.add(new Claim("tls.protocols/" + v.label(), statement, new ClaimPart(topic,
          Polarity.IN_PLACE, null, scope, label, statement), accepted ? Standing.VERIFIED
              : Standing.REFUTED, true, List.of("tls.protocols"),
          List.copyOf(artifacts.values()), "observed by tls.protocols on " + live.size()
              + " target(s): " + v.label() + (accepted ? " accepted by" : " refused by")
              + " every one", true));
    }
  }

  /** A version as a claim's quantity: TLS 1.2 is 1.2, SSLv3 counts below TLS 1.0 as 0.3. */
  /** "TLS 1.2 or higher": the policy's minimum version as an amount, as its section states it. */
  static Quantity atLeast(TlsVersion v) {
    return new Quantity(quantityOf(v), Quantity.Unit.VERSION, Quantity.Comparison.AT_LEAST);
  }

  static double quantityOf(TlsVersion v) {
    return switch (v) {
      case SSL_2_0 -> 0.2;
      case SSL_3_0 -> 0.3;
      case TLS_1_0 -> 1.0;
      case TLS_1_1 -> 1.1;
      case TLS_1_2 -> 1.2;
      case TLS_1_3 -> 1.3;
    };
  }

  /**
   * The protocol version a finding judged: from its typed subject, or, in a scan before
   * secaudit.scan/1.3, the subject that is a version's label ("TLS 1.0").
   */
  private static TlsVersion protocolOf(Finding f) {
    return f.about() != null ? f.about().protocol() : TlsVersion.ofLabel(f.subject());
  }

  private static final List<String> PERSONAL = DataHygiene.PERSONAL_KINDS;
  private static final List<String> CREDENTIALS = List.of("url_password", "password", "bearer",
      "jwt", "secret");
  private record Named(String label, List<String> kinds) {}

  /** The kinds the log hygiene checks find, by the word a question names them with. */
  private static final Map<String, Named> KINDS_NAMED = new LinkedHashMap<>();

  static {
    KINDS_NAMED.put("personal", new Named("personal data", PERSONAL));
    KINDS_NAMED.put("pii", new Named("personal data", PERSONAL));
    KINDS_NAMED.put("card", new Named("card numbers", List.of("card")));
    KINDS_NAMED.put("pan", new Named("card numbers", List.of("card")));
    KINDS_NAMED.put("email", new Named("email addresses", List.of("email")));
    KINDS_NAMED.put("phone", new Named("phone numbers", List.of("phone")));
    KINDS_NAMED.put("iban", new Named("IBANs", List.of("iban")));
    KINDS_NAMED.put("credential", new Named("credentials", CREDENTIALS));
    KINDS_NAMED.put("secret", new Named("secrets", CREDENTIALS));
    KINDS_NAMED.put("password", new Named("passwords", List.of("url_password", "password")));
    KINDS_NAMED.put("token", new Named("tokens", List.of("bearer", "jwt")));
  }

  /**
   * What the log hygiene checks found of each kind of data a question may name: card numbers
   * found refute "we never log card numbers" (and "no personal data in logs"), not "no
   * passwords in logs". A kind is verified absent only when every file was read, every entry
   * looked for it, and its check passed; a failure whose kind the scan does not name (an older
   * scan) refutes only its whole group.
   */
  static void dataKinds(List<Claim> out, Policy policy, ClaimEvidence evidence,
      Vocabulary vocabulary) {
    if (evidence.scanTooOld() != null || policy.dataHygiene().isEmpty()) {
      return;
    }
    Topic topic = vocabulary.topic("logging.sensitive_data").orElseThrow();
    List<Finding> found = evidence.findings(List.of("data.secrets", "data.personal_data"));
    Set<String> sought = new HashSet<>(DataHygiene.KINDS);
    policy.dataHygiene().forEach(d -> sought.retainAll(d.kindsSought()));
    Scope logs = new Scope(true, Set.of("log"));
    KINDS_NAMED.forEach((word, named) -> {
      List<String> kinds = named.kinds();
      String check = PERSONAL.contains(kinds.get(0)) ? "data.personal_data" : "data.secrets";
      boolean group = kinds.equals(PERSONAL) || kinds.equals(CREDENTIALS);
      List<Finding> own = found.stream().filter(f -> f.checkId().equals(check)).toList();
      List<Finding> failed = own.stream().filter(f -> f.status() == Status.FAIL
          && (kindOf(f) == null ? group : kinds.contains(kindOf(f)))).toList();
      boolean unknownKindFailed = own.stream().anyMatch(f -> f.status() == Status.FAIL
          && kindOf(f) == null);
      boolean clean = !own.isEmpty() && sought.containsAll(kinds) && !unknownKindFailed
          && own.stream().allMatch(f -> f.status() == Status.PASS || f.status() == Status.FAIL
              || f.status() == Status.SKIPPED || f.status() == Status.INFO);
      String value = Words.stems(word).get(0);
      String statement = "no " + named.label() + " in clear in logs";
      if (failed.isEmpty() && !clean) {
        return;
      }
      boolean refuted = !failed.isEmpty();
      out.add(new Claim("/data_hygiene/" + word, statement, new ClaimPart(topic,
          Polarity.IN_PLACE, null, logs, value, statement), refuted ? Standing.REFUTED
              : Standing.VERIFIED, true, List.of(check), (refuted ? failed : own).stream()
              .limit(5).map(ClaimEvidence::describe).toList(), refuted ? "found by " + check
              + ": " + String.join("; ", failed.stream().limit(3)
                  .map(f -> f.subject() + ": " + f.observed()).toList())
              : "verified by " + check + ": none of " + String.join(", ", kinds)
                  + " found in the files read", true));
    });
  }

  /** The kind a hygiene finding names at the end of its subject ("app.log:12 card"), or null. */
  private static String kindOf(Finding f) {
    int space = f.subject().lastIndexOf(' ');
    String kind = space < 0 ? "" : f.subject().substring(space + 1);
    return DataHygiene.KINDS.contains(kind) ? kind : null;
  }
  /**
   * Whether the live pages sent a header, as its rule's checks saw it: a question naming the
   * header ("Do you send an X-Frame-Options header?") is answered by evidence about that header
   * only, never by the framing check, which frame-ancestors alone satisfies. A rule that makes
   * the header optional passes where it is not sent, so the pass says nothing of it being sent;
   * the value seen does.
   */
  static void headerSent(List<Claim> out, ClaimEvidence evidence, Vocabulary vocabulary,
      String topicId, String header, Scope scope) {
    Topic topic = vocabulary.topic(topicId).orElse(null);
    if (topic == null || evidence.scanTooOld() != null) {
      return;
    }
    List<String> sent = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> artifacts = new ArrayList<>();
    Set<String> values = new HashSet<>();
    for (Finding f : evidence.findings(List.of("header.rule"))) {
      if (f.observedValue() instanceof Value.Header h && h.name().equalsIgnoreCase(header)) {
        String where = f.subject() + " on " + f.target();
        (h.value() == null ? missing : sent).add(where);
        if (h.value() != null) {
          values.add(String.join(" ", Words.stems(h.value())));
        }
        artifacts.add(ClaimEvidence.describe(f));
      }
    }
    if (sent.isEmpty() && missing.isEmpty()) {
      return;
    }
    String statement = header + " sent on the pages checked";
    Standing standing = missing.isEmpty() ? Standing.VERIFIED : Standing.REFUTED;
    String why = missing.isEmpty() ? "observed by header.rule: sent on "
        + String.join(", ", sent.stream().limit(5).toList())
        : "observed by header.rule: not sent on " + String.join(", ",
            missing.stream().limit(5).toList());
    // The one value every page sent (DENY), when the topic names it: "Is X-Frame-Options set to
    // DENY?" is then answered by what was sent, not left unstated. Refuted, the claim carries
    // none: a value there would read as the value it failed on, and DENY on /login beside no
    // header on / is a review for any value asked.
    String value = missing.isEmpty() && values.size() == 1
        && topic.values().contains(values.iterator().next()) ? values.iterator().next() : "";
    out.add(new Claim("header.rule/" + header, statement, new ClaimPart(topic,
        Polarity.IN_PLACE, null, scope, value, statement), standing, true, List.of("header.rule"),
        artifacts, why, true, true, missing.isEmpty() ? List.of() : sent, false));
  }
}
