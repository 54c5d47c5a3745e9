package dev.secaudit.probe.ratelimit;

import dev.secaudit.probe.http.HttpExchange;
import java.util.Locale;
import java.util.Map;

/**
 * Why an answer shows that the endpoint never processed the attempt, or null when it may have:
 * a rate limit is exercised only by requests the limited code path handles. A 405 or 404 says
 * the method or path is not there at all; a 400, 401 or 403 to a request that carried no
 * credentials (no body, no Authorization, Cookie or API-key header) says the server turned it
 * away before any login was tried. Counting those as "accepted attempts" would judge the limit
 * on traffic it never saw (nginx answers 405 to a POST on a static file, and its limit_req
 * counts it all the same).
 */
public final class UnprocessedAttempt {
  private UnprocessedAttempt() {}

  /** Statuses that refuse the request itself, whatever it carried. */
  private static final Map<Integer, String> ALWAYS = Map.of(
      404, "Not Found: nothing answers at this path",
      405, "Method Not Allowed: the endpoint does not take this method",
      406, "Not Acceptable: the server would not answer this request at all",
      411, "Length Required: the request was refused before it was read",
      413, "Content Too Large: the request was refused before it was read",
      414, "URI Too Long: the request was refused before it was read",
      415, "Unsupported Media Type: the body was refused unread",
      421, "Misdirected Request: this server does not serve the target",
      431, "Request Header Fields Too Large: the request was refused before it was read");

  /** Statuses that are the endpoint's answer to a processed attempt only when it had credentials. */
  private static final Map<Integer, String> WITHOUT_CREDENTIALS = Map.of(
      400, "Bad Request",
      401, "Unauthorized",
      403, "Forbidden",
      422, "Unprocessable Content");

  /**
   * @param credentials the request carried a body or a credential header
   * @return why the answer shows the attempt was not processed, or null
   */
  public static String reason(HttpExchange answer, boolean credentials) {
    if (answer == null || answer.failed()) {
      return null;
    }
    String always = ALWAYS.get(answer.status());
    if (always != null) {
      return answer.status() + " " + always;
    }
    String bare = WITHOUT_CREDENTIALS.get(answer.status());
    return bare == null || credentials ? null : answer.status() + " " + bare
        + ": turned away before any attempt was made";
  }

  /** Words a CSRF refusal says (Django, Rails, Spring Security, csurf, Laravel, ASP.NET). */
  private static final java.util.regex.Pattern CSRF = java.util.regex.Pattern.compile(
      "csrf|xsrf|authenticity[ _-]?token|request forgery|antiforgery",
      java.util.regex.Pattern.CASE_INSENSITIVE);

  /**
   * Why an answer shows that the request was refused before the endpoint's action was tried
   * although it carried credentials, or null. Only what the answer itself says is decidable: a
   * 419 (Laravel's expired CSRF token) or a 400, 403 or 422 whose body or headers name CSRF. A
   * bare 400, 401 or 403 may be the endpoint's own answer to a wrong password (Django REST
   * framework answers 400, many APIs 401), so it stays an attempt.
   */
  public static String beforeAction(HttpExchange answer) {
    if (answer == null || answer.failed()) {
      return null;
    }
    int s = answer.status();
    if (s == 419) {
      return "419: the session or CSRF token was refused";
    }
    if (s != 400 && s != 403 && s != 422) {
      return null;
    }
    String said = (answer.body() == null ? "" : answer.body()) + " "
        + answer.responseHeaders().stream().map(h -> h.name() + ": " + h.value()).toList();
    return CSRF.matcher(said).find() ? s + ": the answer names CSRF" : null;
  }

  /** Whether a request with these headers and body carries something an endpoint can judge. */
  public static boolean credentials(Map<String, String> headers, String body) {
    if (body != null && !body.isBlank()) {
      return true;
    }
    return headers.keySet().stream().map(k -> k.toLowerCase(Locale.ROOT))
        .anyMatch(k -> k.equals("authorization") || k.equals("cookie")
            || k.replace("-", "").replace("_", "").contains("apikey")
            || k.equals("x-auth-token"));
  }
}
