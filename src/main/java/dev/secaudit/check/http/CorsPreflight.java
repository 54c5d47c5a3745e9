package dev.secaudit.check.http;

import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.probe.http.CorsOrigins;
import dev.secaudit.probe.http.HttpExchange;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges the answer to a CORS preflight as the Fetch standard's CORS-preflight fetch does
 * (§4.8): an ok status (2xx); Access-Control-Allow-Origin naming the origin exactly, or *
 * for a request without credentials; Access-Control-Allow-Credentials: true for one with them;
 * the method listed in Access-Control-Allow-Methods and each non-safelisted header in
 * Access-Control-Allow-Headers, where * stands for any only without credentials. What it lets
 * through is a request no simple form could send, such as a PUT or DELETE that changes data:
 * the side effect happens whatever the actual answer says, so a preflight that admits it from
 * any site is as bad as a readable GET.
 */
final class CorsPreflight {
  private CorsPreflight() {}

  static final String ACAM = "Access-Control-Allow-Methods";
  static final String ACAH = "Access-Control-Allow-Headers";

  static boolean isPreflight(HttpExchange ex) {
    return ex.method().equals("OPTIONS");
  }

  static CorsCheck.Verdict judge(String origin, HttpExchange ex, boolean anyOriginAllowed) {
    String method = CorsOrigins.requested(ex, "Access-Control-Request-Method");
    String header = CorsOrigins.requested(ex, "Access-Control-Request-Headers");
    String asked = "preflight OPTIONS for " + (method == null ? "no method" : method)
        + (header == null ? "" : " with " + header);
    String seen = asked + ": HTTP " + ex.status() + "; " + describe(ex);
    if (ex.status() < 200 || ex.status() > 299) {
      return new CorsCheck.Verdict(Status.PASS, null, seen + " (not an ok status, so browsers"
          + " send nothing after it)");
    }
    List<String> acao = CorsOrigins.values(ex, CorsCheck.ACAO);
    if (acao.size() != 1) {
      return new CorsCheck.Verdict(Status.PASS, null, seen + (acao.isEmpty()
          ? " (the preflight is refused)"
          : " (several Access-Control-Allow-Origin values; browsers refuse the preflight)"));
    }
    boolean exact = acao.get(0).equals(origin);
    boolean star = acao.get(0).equals("*");
    // Fetch reads credentials only from the exact value "true"; CorsCheck's GET judgement takes
    // any case as the intent, and a preflight is read the same way so one server gets one word.
    boolean credentials = exact && ex.headers(CorsCheck.ACAC).stream()
        .anyMatch(v -> v.strip().equalsIgnoreCase("true"));
    if (!exact && !star) {
      return new CorsCheck.Verdict(Status.PASS, null, seen + ": allows only " + acao.get(0));
    }
    List<String> granted = CorsOrigins.admitted(ex, credentials);
    if (granted.isEmpty()) {
      return new CorsCheck.Verdict(Status.PASS, null, seen + ": the origin passes, but neither "
          + (method == null ? "the method" : method) + " nor " + (header == null ? "the header"
              : header) + " is allowed" + (credentials ? " (with credentials, * is no wildcard)"
                  : ""));
    }
    String what = String.join(" and ", granted);
    if (credentials) {
      return new CorsCheck.Verdict(Status.FAIL, Severity.HIGH, seen + ": any site can send "
          + what + " with the user's cookies");
    }
    if (exact && anyOriginAllowed) {
      // Without credentials, echoing the Origin (or null) grants no site more than * would, and
      // the policy accepts *.
      return new CorsCheck.Verdict(Status.PASS, null, seen + ": the Origin is reflected without"
          + " credentials, so any site may send " + what + " as with * (allow_any_origin: true)");
    }
    if (exact && !origin.equals("null")) {
      return new CorsCheck.Verdict(Status.WARN, Severity.MEDIUM, seen + ": the Origin is"
          + " reflected, so any site can send " + what + " (no credentials)");
    }
    if (exact) {
      return new CorsCheck.Verdict(Status.WARN, Severity.LOW, seen + ": trusts Origin: null, so"
          + " any sandboxed iframe can send " + what + " (no credentials)");
    }
    return anyOriginAllowed
        ? new CorsCheck.Verdict(Status.PASS, null, seen + ": public resource, any site may send "
            + what + " without credentials")
        : new CorsCheck.Verdict(Status.FAIL, Severity.MEDIUM, seen + ": any site can send " + what
            + " (without credentials), but the policy allows only the site's own origins"
            + " (allow_any_origin: false)");
  }

  private static String describe(HttpExchange ex) {
    List<String> parts = new ArrayList<>();
    for (String name : List.of(CorsCheck.ACAO, CorsCheck.ACAC, ACAM, ACAH)) {
      String v = ex.header(name);
      if (v != null) {
        parts.add(name + ": " + v);
      }
    }
    return parts.isEmpty() ? "no " + CorsCheck.ACAO : String.join("; ", parts);
  }
}
