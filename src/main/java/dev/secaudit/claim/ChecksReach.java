package dev.secaudit.claim;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The policy's claims whose checks test less than their sentence says, found before any scan:
 * checks of the live targets judge the endpoints a scan probes, so "all data to and from our
 * Service" checked by https.redirect is never verified (the scan weighs it by the same
 * {@link StatedClaims#spokenOf} rule), and configuration checks read files, so "all servers"
 * checked by config.sshd.auth is not either ({@link FilesRead}, the scan's rule); `validate`
 * says so while it can still be reworded.
 */
public final class ChecksReach {
  /** Checks judged on a target's live answers; the rest read files, configs or repositories. */
  // The edge check judges each target's answers too: "Our website and API are behind
  // Cloudflare" with no API target listed is warned of, as the scan withholds it.
  private static final List<String> LIVE = List.of("https.", "tls.", "hsts.", "header.",
      "http.", "cookie.", "csp.", "cors.", "security_txt.", "subprocessors.edge");
  private static final Scope ENDPOINTS = new Scope(true, Set.of("endpoint"));

  /** What live checks reach; the Statement's {@code reach} for them. */
  static final String PROBED = "test the endpoints a scan probes";
  /** What configuration checks reach. */
  static final String FILES = "read the configuration files the policy lists";

  /**
   * @param reach what its checks test ("test the endpoints a scan probes")
   * @param why what the statement speaks of beyond that
   */
  public record Statement(int index, String id, String checks, String reach, String why) {
    public String pointer() {
      return "/claims/" + index + "/checks";
    }
  }

  private ChecksReach() {}

  public static List<Statement> of(List<dev.secaudit.policy.Claim> claims,
      SentenceReader reader) {
    return of(claims, reader, ENDPOINTS);
  }

  /**
   * As a scan of this policy will weigh them: its checks judge every target it lists, and so
   * the kinds of endpoint those targets are of (an API target: "HTTPS on the site and API").
   */
  public static List<Statement> of(dev.secaudit.policy.Policy policy, SentenceReader reader,
      Vocabulary vocabulary) {
    return of(policy.claims(), reader,
        ENDPOINTS.naming(EndpointKinds.of(policy, vocabulary).listed()));
  }

  private static List<Statement> of(List<dev.secaudit.policy.Claim> claims,
      SentenceReader reader, Scope endpoints) {
    List<Statement> out = new ArrayList<>();
    for (int i = 0; i < claims.size(); i++) {
      dev.secaudit.policy.Claim c = claims.get(i);
      List<String> checks = c.checks() == null ? List.of() : c.checks();
      if (!c.applies() || c.statement() == null || checks.isEmpty()) {
        continue;
      }
      if (FilesRead.configOnly(checks)) {
        // "SSH access to all servers uses keys only" on config.sshd.auth: one file read.
        for (ClaimPart p : reader.read(c.statement()).parts()) {
          Scope over = FilesRead.beyond(p);
          if (!over.isEmpty()) {
            out.add(new Statement(i, c.id(), String.join(", ", checks), FILES, over.describe()));
            break;
          }
        }
        continue;
      }
      if (!checks.stream().allMatch(k -> LIVE.stream().anyMatch(k::startsWith))) {
        continue;
      }
      boolean cookieChecks = checks.stream().allMatch(k -> k.startsWith("cookie."));
      boolean tlsChecks = checks.stream().allMatch(k -> k.startsWith("tls."));
      boolean pageByPage = checks.stream().allMatch(k -> k.startsWith("header.")
          || k.startsWith("csp."));
      for (ClaimPart p : reader.read(c.statement()).parts()) {
        Scope over = StatedClaims.spokenOf(p);
        if (pageByPage && ObservedResponses.overEveryResponse(p)) {
          // "Every page sends X-Frame-Options: DENY": header checks judge the paths listed,
          // and the scan withholds a sentence over every response for it (StatedClaims).
          out.add(new Statement(i, c.id(), String.join(", ", checks), PROBED,
              everyResponse(p)));
          break;
        }
        if (cookieChecks && cookiesOnly(over)) {
          // "Session cookies are Secure, HttpOnly and SameSite=Lax": cookie checks judge the
          // cookies a rule names, and the scan holds the sentence to that rule's cookies.
          continue;
        }
        if (tlsChecks && over.nouns().stream().allMatch(n -> n.equals("suite"))) {
          // "We only accept strong, forward-secret TLS cipher suites": the suites a server
          // accepts are judged on each endpoint the scan probes (a blind review was warned that
          // the statement "speaks of encryption in transit of all suite").
          continue;
        }
        if (!over.isEmpty() && !endpoints.covers(over)) {
          out.add(new Statement(i, c.id(), String.join(", ", checks), PROBED,
              p.topic().title() + " of " + over.describe()));
          break;
        }
      }
    }
    return List.copyOf(out);
  }

  /** What a statement over every response says beyond the paths a header check judges. */
  static String everyResponse(ClaimPart p) {
    return p.topic().title() + " of every response, while its checks judge the paths listed only";
  }

  private static boolean cookiesOnly(Scope over) {
    return !over.nouns().isEmpty() && over.nouns().stream()
        .allMatch(n -> n.equals("cookie") || n.startsWith("cookie."));
  }
}
