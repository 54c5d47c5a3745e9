package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import java.util.List;
import java.util.Map;

/**
 * A policy claim speaks for what its checks read, not for what its sentence leaves unsaid: a
 * header claim checked on the paths listed for those responses (as the header sections are),
 * a log claim for the logs read, a session claim checked by the cookie's Max-Age for the cookie
 * only (a twelfth blind review: each of these answered a wider question Yes).
 */
final class StatedReach {
  private StatedReach() {}

  /** Response-header topics judged page by page, with the header each names (null: several). */
  private static final Map<String, String> HEADERS = Map.of(
      "csp", "Content-Security-Policy",
      "hsts", "Strict-Transport-Security",
      "csp.unsafe_inline", "Content-Security-Policy",
      "csp.inline_scripts", "Content-Security-Policy",
      "headers.referrer", "Referrer-Policy",
      "headers.nosniff", "X-Content-Type-Options",
      "headers.permissions", "Permissions-Policy",
      "headers.x_frame_options", "X-Frame-Options",
      "headers.framing", "",
      "headers.info_leak", "");

  static Claim of(Claim c, ClaimEvidence evidence, LogsRead logs) {
    if (c.standing() != Standing.VERIFIED) {
      return c;
    }
    String topic = c.part().topic().id();
    String unread = logs.beyond(c, c.part());
    if (!unread.isEmpty()) {
      return c.unknown("its checks (" + String.join(", ", c.checkIds()) + ") passed, but it "
          + unread + ": a person decides");
    }
    if (FilesRead.configOnly(c.checkIds())) {
      return FilesRead.of(c, evidence);
    }
    if (topic.equals("sessions.lifetime")) {
      return cookieOnly(c, evidence);
    }
    if (topic.equals("authn.required")) {
      return RequestedPaths.stated(c, evidence);
    }
    // "Idempotency safeguards on mutation endpoints": like CSRF, a flow shows the requests it
    // sent, not every state-changing one.
    if ((topic.equals("csrf") || topic.equals("idempotency")) && c.part().scope().universal()) {
      return flowsSent(c, evidence);
    }

    // A max-age speaks of the policy a browser keeps for the host, not of where it is sent.
    if (HEADERS.containsKey(topic) && !(topic.equals("hsts") && c.part().quantity() != null)
        && c.checkIds().stream().anyMatch(id -> !id.startsWith("config."))) {
      // "A Content-Security-Policy is enforced." checked on "/": whether it is sent, not on
      // all pages, on every response, or always (the header sections' convention).
      String header = HEADERS.get(topic);
      return ObservedResponses.narrowed(c, header.isEmpty() ? null : header, evidence);
    }
    return c;
  }

  /**
   * A session lifetime shown by the session cookie alone (session.lifetime reads its Max-Age or
   * Expires): the browser drops the cookie then, while the server may keep accepting it, so it
   * says what was checked and answers no question on when sessions expire. A refuted one stays
   * refuted: a cookie kept longer than stated is a lapse whatever the server does.
   */
  static Claim cookieOnly(Claim c, ClaimEvidence evidence) {
    if (c.standing() != Standing.VERIFIED || !c.checkIds().contains("session.lifetime")
        || c.checkIds().contains("token.expiry")) {
      return c;
    }
    return c.unknown(cookieLives(evidence));
  }

  /**
   * "All state-changing requests are protected against CSRF": a flow proves the requests it
   * sent, refused without their token, and nothing of the others, so the claim says which were
   * tried, as a header claim says which responses were judged.
   */
  static Claim flowsSent(Claim c, ClaimEvidence evidence) {
    List<String> tried = evidence.findings(c.checkIds()).stream()
        .filter(f -> f.status() == Status.PASS)
        .map(f -> f.checkId() + " [" + f.subject() + "] on " + f.target()).distinct().toList();
    return c.unknown("its checks passed on the requests its flows sent only ("
        + String.join("; ", tried.subList(0, Math.min(5, tried.size())))
        + (tried.size() > 5 ? "; and " + (tried.size() - 5) + " more" : "") + "): "
        + c.part().scope().describe() + " reaches requests no flow sent, which the scan did not"
        + " try");
  }

  /** What session.lifetime saw, in words a reviewer can act on. */
  static String cookieLives(ClaimEvidence evidence) {
    List<String> seen = evidence.findings(List.of("session.lifetime")).stream()
        .filter(f -> f.status() == Status.PASS).map(Finding::observed).distinct().limit(2)
        .toList();
    return "session.lifetime checked the session cookie only" + (seen.isEmpty() ? ""
        : " (" + String.join("; ", seen) + ")") + ": a cookie's lifetime is not the server"
        + " ending the session, which no check of the scan tested";
  }
}
