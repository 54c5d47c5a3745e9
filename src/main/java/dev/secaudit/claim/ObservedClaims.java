package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.TlsVersion;
import dev.secaudit.model.Value;
import dev.secaudit.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    boolean complete = !live.isEmpty() && policy.targets().stream()
        .filter(t -> t.url() != null && t.url().startsWith("https:"))
        .allMatch(t -> live.containsKey(t.name()));
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
    boolean complete = !seen.isEmpty() && policy.targets().stream()
        .filter(t -> t.url() != null && t.url().startsWith("https:"))
        .allMatch(t -> seen.containsKey(t.name()));
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

  /** A version as a claim's quantity: TLS 1.2 is 1.2, SSLv3 counts below TLS 1.0 as 0.3. */
  private static double quantityOf(TlsVersion v) {
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
}
