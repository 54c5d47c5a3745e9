package dev.secaudit.probe.tls;

import dev.secaudit.model.CipherSuites;
import java.util.ArrayList;
import java.util.List;

/**
 * The hellos that ask which key-exchange groups a version accepts, one per group, and what each
 * answer shows. TLS 1.3 and suites without an ECDSA certificate offer the group alone. Up to TLS
 * 1.2 an ECDSA certificate's curve must be among the groups offered (RFC 8422 §5.1), so a server
 * with only ECDSA suites is offered the group first and its certificate's curve after it, and the
 * curve its ServerKeyExchange names says which one it took: the curve it signs with shows nothing
 * about the group, which stays undetermined, never refused and never accepted.
 */
final class GroupProbes {
  /** Groups tried up to TLS 1.2: the elliptic curves ECDHE suites negotiate with. */
  static final List<Integer> EC_GROUPS = List.of(0x001d, 0x0017, 0x0018, 0x0019, 0x001e);

  private GroupProbes() {}

  /**
   * One group's hello.
   *
   * @param companion the certificate's curve offered after the group, or null when the group
   *     is offered alone
   * @param curveUnknown only ECDSA suites were offered and the certificate's curve is not known,
   *     so a refusal may be the certificate's and not the group's
   */
  record Probe(int group, ClientHelloProber.Offer offer, Integer companion,
      boolean curveUnknown) {
    String name() {
      return ServerHelloReader.groupName(group);
    }
  }

  /**
   * The hellos for {@code picked}, the suites the version accepted.
   *
   * @param certCurve the curve of the leaf an ECDSA suite was answered with, or null
   */
  static List<Probe> plan(boolean tls13, List<Integer> picked, Integer certCurve) {
    List<Probe> out = new ArrayList<>();
    if (tls13) {
      // The certificate's curve binds only its own signature scheme here (RFC 8446 §4.2.7).
      for (int g : CipherSuites.GROUPS.keySet()) {
        out.add(new Probe(g, new ClientHelloProber.Offer(picked, List.of(g), false), null,
            false));
      }
      return out;
    }
    List<Integer> ecdhe = picked.stream()
        .filter(c -> CipherSuites.name(c).startsWith("TLS_ECDHE_")).toList();
    List<Integer> notEcdsa = ecdhe.stream()
        .filter(c -> !CipherSuites.name(c).contains("_ECDSA_")).toList();
    for (int g : ecdhe.isEmpty() ? List.<Integer>of() : EC_GROUPS) {
      if (!notEcdsa.isEmpty()) {
        // An RSA (or PSK) suite binds no curve: the group alone, and only those suites, so a
        // server that would pick an ECDSA suite first and then fail for the curve cannot.
        out.add(new Probe(g, new ClientHelloProber.Offer(notEcdsa, List.of(g), false), null,
            false));
      } else {
        Integer companion = certCurve == null || certCurve == g ? null : certCurve;
        List<Integer> groups = companion == null ? List.of(g) : List.of(g, companion);
        out.add(new Probe(g, new ClientHelloProber.Offer(ecdhe, groups, false), companion,
            certCurve == null));
      }
    }
    return out;
  }

  /** What one answer shows of its group. */
  enum Verdict { ACCEPTED, REFUSED, UNDETERMINED }

  /** A verdict, and for an undetermined one why. */
  record Reading(Verdict verdict, String why) {}

  /**
   * @param refused the answer refused the hello (an alert, or a close read as a refusal)
   */
  static Reading read(Probe probe, VersionProbe answer, boolean refused) {
    if (refused) {
      return probe.curveUnknown()
          ? new Reading(Verdict.UNDETERMINED, probe.name() + ": refused, but the hello could"
              + " not list the ECDSA certificate's curve, without which such a server refuses"
              + " any group (RFC 8422 §5.1)")
          : new Reading(Verdict.REFUSED, null);
    }
    Integer used = answer.namedGroup();
    if (probe.companion() == null) {
      if (used != null && used != probe.group()) {
        return new Reading(Verdict.UNDETERMINED, probe.name() + ": offered alone, the server's"
            + " key exchange named " + ServerHelloReader.groupName(used));
      }
      return new Reading(Verdict.ACCEPTED, null);
    }
    String curve = ServerHelloReader.groupName(probe.companion());
    if (used == null) {
      return new Reading(Verdict.UNDETERMINED, probe.name() + ": offered before " + curve
          + " (the certificate's curve), and the ServerKeyExchange naming the one used was not"
          + " read");
    }
    if (used == probe.group()) {
      return new Reading(Verdict.ACCEPTED, null);
    }
    return new Reading(Verdict.UNDETERMINED, probe.name() + ": offered before " + curve
        + " (the certificate's curve), the server chose " + ServerHelloReader.groupName(used)
        + (used.equals(probe.companion()) ? ", so whether it accepts " + probe.name()
            + " is not shown" : ""));
  }
}
