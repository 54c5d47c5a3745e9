package dev.secaudit.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request flow: a short sequence of requests against one target (sign in, then act), values
 * captured from one answer and carried into the next request, and what the run must show. Kept in
 * its own file so that the shared Policy record gains one component.
 */
@Doc("A short declarative sequence of requests against one target (sign in with test"
    + " credentials, then act), values captured from answers (JSON, headers, cookies, HTML forms)"
    + " and used later as {{name}}, an optional cookie jar, and what the run must show: the session"
    + " cookie's and a JWT's lifetime, one-shot and expiring tokens, requests that must be rejected,"
    + " require authentication, be idempotent or carry a CSRF token, and the minimum password"
    + " length. Active: runs only with scan --active or active: true on the target; captured values"
    + " and cookies are secrets, redacted everywhere.")
public record Flow(
    @Doc(value = "Short unique name used in reports.", example = "login", required = true)
        String name,
    @Doc(value = "Name of the target the requests go to.", example = "api", required = true)
        String target,
    @Doc("Requests sent in order; a step's captures are available to every later step and"
            + " expectation as {{name}}. A step that gets no answer, a 5xx, an unexpected status or"
            + " a capture that finds nothing stops the flow (an ERROR naming the step).")
        List<FlowStep> steps,
    @Doc("Keep the cookies the answers set (RFC 6265: Domain, Path, Secure, Max-Age and"
            + " Expires honoured) and send them on later requests to the target, as a browser"
            + " would: a form's session cookie reaches the request that posts it. Cookie values are"
            + " secrets, redacted everywhere. Requests of requires_auth expectations carry none.")
        Boolean cookieJar,
    @Doc("The session cookie the steps' answers set, and how long it may live.")
        FlowSessionCookie sessionCookie,
    @Doc("A JWT the steps obtained (a capture or a cookie), decoded without verification.")
        FlowJwt jwt,
    @Doc("Requests sent after the steps, each with what the server must do.")
        List<FlowExpectation> expect) {
  /** {{name}} in a request: replaced by the capture of that name when the request is sent. */
  public static final java.util.regex.Pattern REFERENCE =
      java.util.regex.Pattern.compile("\\{\\{\\s*([A-Za-z0-9._-]+)\\s*\\}\\}");

  /** The most requests one flow may send, whatever the policy says. */
  public static final int MAX_REQUESTS = 50;

  /** The longest an expires expectation may wait (a long probe), whatever the policy says. */
  public static final java.time.Duration MAX_WAIT = java.time.Duration.ofHours(2);

  /** {{password}} in a password_length request: the password the probe made up for it. */
  public static final String PASSWORD = "password";

  public Flow {
    steps = Unset.orEmpty(steps);
    cookieJar = Unset.or(cookieJar, Boolean.FALSE);
    expect = Unset.orEmpty(expect);
  }

  /** How long the flow waits in all (its expires expectations' long probes). */
  public java.time.Duration waits() {
    java.time.Duration d = java.time.Duration.ZERO;
    for (FlowExpectation e : expect) {
      if (e != null && "expires".equals(e.kind()) && e.waitFor() != null) {
        d = d.plus(e.waitFor().value());
      }
    }
    return d;
  }

  /** Every request the flow may send: the hard cap announced before it starts. */
  public int requestCap() {
    int n = steps.size();
    for (FlowExpectation e : expect) {
      n += e.requestCount();
    }
    return n;
  }

  @Doc("One request of a flow and the values captured from its answer.")
  public record FlowStep(
      @Doc(value = "Short name, unique in the flow, used in findings.", example = "sign-in",
              required = true)
          String name,
      @Doc(value = "The request.", required = true) FlowRequest request,
      @Doc("Values taken from the answer, usable later as {{name}}.") List<FlowCapture> capture,
      @Doc(value = "Statuses that let the flow go on.", defaultValue = "any status below 400",
              example = "[200, 302]")
          List<Integer> expectStatus) {
    public FlowStep {
      capture = Unset.orEmpty(capture);
      expectStatus = Unset.orEmpty(expectStatus);
    }
  }

  @Doc("A request of a flow. Path, header values, body and form values may hold ${env:NAME}"
      + " (resolved when the policy is read) and {{capture}} (resolved when the request is sent).")
  public record FlowRequest(
      @Doc(value = "HTTP method.", example = "POST") String method,
      @Doc(value = "Path resolved against the target's url; it must stay on the target's origin."
              + " Captures inserted here are percent-encoded (one segment or query value).",
              example = "/auth/login", required = true)
          String path,
      @Doc(value = "Request headers (added to the target's).",
              example = "{Authorization: \"Bearer {{token}}\"}")
          Map<String, String> headers,
      @Doc("Body sent as given (Content-Type from headers, else application/json when it starts"
              + " with { or [, else form-encoded); ${env:NAME} values and captures are written"
              + " as its syntax requires (JSON-escaped in a JSON string, form-encoded in a form)."
              + " Never recorded.")
          String body,
      @Doc("Form fields, sent application/x-www-form-urlencoded; never recorded.")
          Map<String, String> form) {
    public FlowRequest {
      method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
      headers = Unset.orEmpty(headers);
      form = Unset.orEmpty(form);
    }
  }

  @Doc("A value taken from an answer: exactly one of header, cookie, json or html.")
  public record FlowCapture(
      @Doc(value = "Name the value is used by, as {{name}}.", example = "token", required = true)
          String name,
      @Doc(value = "Response header whose value is taken.", example = "X-CSRF-Token")
          String header,
      @Doc(value = "Cookie (from Set-Cookie) whose value is taken.", example = "session")
          String cookie,
      @Doc(value = "RFC 6901 JSON Pointer into the JSON body; the string or number there is taken.",
              example = "/access_token")
          String json,
      @Doc(value = "CSS selector (jsoup) into the HTML body; the first matching element's"
              + " attribute is taken: a form's hidden CSRF field or a meta tag.",
              example = "input[name=authenticity_token]")
          String html,
      @Doc(value = "html: the attribute whose value is taken.",
              defaultValue = "content on a meta element, value on any other",
              example = "value")
          String attribute) {
    /** Where the value comes from, for findings: "JSON pointer /access_token". */
    public String source() {
      return header != null ? "header " + header : cookie != null ? "cookie " + cookie
          : json != null ? "JSON pointer " + json
          : "HTML " + html + (attribute == null ? "" : " @" + attribute);
    }
  }

  @Doc("The session cookie a flow's answers set, judged by its lifetime.")
  public record FlowSessionCookie(
      @Doc(value = "Cookie name glob (* and ?), case-sensitive.", example = "session*",
              required = true)
          String name,
      @Doc(value = "Longest lifetime allowed (Max-Age, else Expires against the answer's Date).",
              example = "30d", required = true)
          PolicyDuration maxAge,
      @Doc("Verdict for a cookie without Max-Age or Expires (it lives as long as the"
              + " browser, which may restore it): pass, warn or fail.")
          String withoutExpiry) {
    public static final List<String> VERDICTS = List.of("pass", "warn", "fail");

    public FlowSessionCookie {
      withoutExpiry = withoutExpiry == null ? "warn" : withoutExpiry.toLowerCase(Locale.ROOT);
    }
  }

  @Doc("A JWT obtained by the flow, decoded without verifying its signature: alg must not be"
      + " none, and exp - iat must not exceed max_ttl. Exactly one of capture or cookie.")
  public record FlowJwt(
      @Doc(value = "Name of the capture that holds the token.", example = "token") String capture,
      @Doc(value = "Name of the cookie that holds the token (its last Set-Cookie in the flow).",
              example = "access_token")
          String cookie,
      @Doc(value = "Longest lifetime allowed (exp - iat); a token without exp fails.",
              example = "24h")
          PolicyDuration maxTtl) {
    public String source() {
      return capture != null ? "capture '" + capture + "'" : "cookie '" + cookie + "'";
    }
  }

  @Doc("A request sent after the flow's steps and what the server must do with it. kind:"
      + " rejected (answered with a 4xx, e.g. a 9-character password at sign-up), requires_auth"
      + " (sent without the target's request headers: 401/403), one_shot (sent twice: accepted,"
      + " then rejected), idempotent (sent twice with the same Idempotency-Key: same status and"
      + " body, and effect shows one change; without effect, a third time under a different key,"
      + " whose answer must differ from the repeat's, or idempotency is not shown), csrf (sent"
      + " without its token and with a foreign Origin: rejected), csrf_token (sent from the"
      + " target's own Origin without its token, then with a wrong one: both rejected),"
      + " expires (a token or session no longer accepted once its stated lifetime is over: read"
      + " from the token's exp, expires_in or the cookie's Max-Age/Expires, otherwise, opt-in, sent"
      + " before and after a wait), password_length (a made-up password of min_length - 1"
      + " characters rejected, then one of min_length accepted).")
  public record FlowExpectation(
      @Doc(value = "Short name, unique in the flow, used in findings.", example = "short-password",
              required = true)
          String name,
      @Doc(value = "rejected, requires_auth, one_shot, idempotent, csrf, csrf_token, expires or"
              + " password_length.", example = "rejected", required = true)
          String kind,
      @Doc(value = "The request.", required = true) FlowRequest request,
      @Doc(value = "Statuses that count as the refusal (rejected, one_shot's second use, csrf,"
              + " csrf_token, expires after its lifetime, password_length's short password).",
              defaultValue = "any 4xx; [401, 403] for requires_auth", example = "[400, 422]")
          List<Integer> status,
      @Doc("idempotent: a request counting what the mutation creates, sent before and after.")
          FlowEffect effect,
      @Doc(value = "csrf, csrf_token: request headers that carry the token (removed; for"
              + " csrf_token then sent with a wrong value).", example = "[X-CSRF-Token]")
          List<String> withoutHeaders,
      @Doc(value = "csrf, csrf_token: form fields that carry the token (removed; for csrf_token"
              + " then sent with a wrong value).", example = "[_csrf]")
          List<String> withoutFormFields,
      @Doc("csrf, csrf_token: afterwards send the request with its token, which must be"
              + " accepted (shows that the refusal was for the token; the change happens once).")
          Boolean control,
      @Doc(value = "expires: the stated lifetime (\"magic links expire after 15 minutes\": 15m).",
              example = "15m")
          PolicyDuration lifetime,
      @Doc("expires: the token whose own expiry is read when it carries one (a JWT's exp - iat,"
              + " the expires_in beside a JSON capture, a jar cookie's Max-Age or Expires).")
          FlowToken token,
      @Doc(value = "expires: the long probe, opt-in (runs only with scan --long-probes): send the"
              + " request, wait this long, send it again; it must be accepted, then refused. Used"
              + " only when the token carries no expiry to read. At most 2h, and within"
              + " settings.timeouts.target. Make it a little longer than the lifetime (16m for"
              + " 15m); for idle expiry, longer than the idle timeout.", example = "16m")
          @JsonProperty("wait") PolicyDuration waitFor,
      @Doc("expires: send the request before the wait too (false for a single-use token,"
              + " which that first use would spend; then the same path accepted earlier in the"
              + " flow shows such requests work).")
          Boolean before,
      @Doc(value = "password_length: the stated minimum length; {{password}} in the request is"
              + " a made-up password of min_length - 1, then of min_length characters.",
              example = "10")
          Integer minLength,
      @Doc("password_length: sent after each made-up password that was accepted, to set the"
              + " test account's password back ({{password}} is the accepted one), so a"
              + " change-password probe leaves the account as it found it.")
          FlowRequest restore) {
    public static final List<String> KINDS = List.of("rejected", "requires_auth", "one_shot",
        "idempotent", "csrf", "csrf_token", "expires", "password_length");

    public FlowExpectation {
      kind = kind == null ? null : kind.toLowerCase(Locale.ROOT);
      status = Unset.orEmpty(status);
      withoutHeaders = Unset.orEmpty(withoutHeaders);
      withoutFormFields = Unset.orEmpty(withoutFormFields);
      control = Unset.or(control, Boolean.FALSE);
      before = Unset.or(before, Boolean.TRUE);
    }

    /** Whether this is a csrf or csrf_token expectation: a token left out of the request. */
    public boolean leavesOutToken() {
      return "csrf".equals(kind) || "csrf_token".equals(kind);
    }

    /** Requests this expectation sends at most. */
    public int requestCount() {
      if (kind == null) {
        return 1;
      }
      return switch (kind) {
        case "one_shot" -> 2;
        case "idempotent" -> effect == null ? 3 : 4;
        case "csrf" -> control ? 2 : 1;
        case "csrf_token" -> control ? 3 : 2;
        case "expires" -> before ? 2 : 1;
        case "password_length" -> restore == null ? 2 : 4;
        default -> 1;
      };
    }

    /** Whether a status counts as the refusal this expectation asks for. */
    public boolean refuses(int code) {
      if (!status.isEmpty()) {
        return status.contains(code);
      }
      return "requires_auth".equals(kind) ? code == 401 || code == 403 : code >= 400 && code < 500;
    }

    /** The refusal in words, for findings. */
    public String refusal() {
      if (!status.isEmpty()) {
        return String.join(" or ", status.stream().map(String::valueOf).toList());
      }
      return "requires_auth".equals(kind) ? "401 or 403" : "a 4xx";
    }
  }

  @Doc("A token a flow obtained: exactly one of capture or cookie.")
  public record FlowToken(
      @Doc(value = "Name of the capture that holds the token.", example = "magic") String capture,
      @Doc(value = "Name of the cookie that holds it (its last Set-Cookie in the flow).",
              example = "session")
          String cookie) {
    public String source() {
      return capture != null ? "capture '" + capture + "'" : "cookie '" + cookie + "'";
    }
  }

  @Doc("A request whose JSON answer counts what a mutation created; sent before and after.")
  public record FlowEffect(
      @Doc(value = "The counting request (usually a GET of the collection).", required = true)
          FlowRequest request,
      @Doc(value = "RFC 6901 JSON Pointer to the count: an array (its length) or a number.",
              example = "/items", required = true)
          String json) {}
}
