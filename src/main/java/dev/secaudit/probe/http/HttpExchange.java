package dev.secaudit.probe.http;

import dev.secaudit.model.Redactor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One request and its answer (or the failure to get one), as sent and received: checks judge
 * these values, so nothing in them is redacted or escaped. {@link #transcript} and
 * {@link #summary} are written out, and the run's {@link Redactor} masks the {@link #secrets}
 * in them before anything is stored or printed (docs/secrets.md).
 *
 * @param id artifact id findings cite, e.g. {@code app/page-1}
 * @param body the response body decoded as text, at most the policy's size cap
 * @param bodyBytes bytes actually read (the body may be longer when {@code truncated})
 * @param error a transport failure (refused, timeout, TLS failure), or null
 * @param metaCsp policies from {@code <meta http-equiv="Content-Security-Policy">} in an HTML body
 * @param metaReferrer the referrer policy the HTML body's {@code <meta name="referrer">} elements
 *     leave in force (the last valid one, legacy values mapped as HTML says), or null
 * @param attempts every time the request was sent, in order, when it was sent more than once (a
 *     first attempt on a pooled connection the server had closed, then one on a new connection);
 *     empty when it was sent once. The exchange's answer is the last attempt's; {@code started}
 *     and {@code millis} span them all.
 * @param cutShort why the body is incomplete although the response head arrived whole (the
 *     server reset the connection or broke the body's framing, a timeout ran out), or why a body
 *     the server encoded although identity was asked could not be decoded; null otherwise. The
 *     head is judged (a browser applies its headers as they arrive); what needs the body is not
 *     judged from part of it, nor from compressed bytes.
 * @param reusedFrom the id of the exchange that got this answer when this request was not sent
 *     again but answered from it ({@link RequestLedger}); {@code started} and {@code millis} stay
 *     that exchange's, when the answer was really received. Null for a request sent.
 */
public record HttpExchange(
    String id,
    String method,
    String url,
    List<Header> requestHeaders,
    int status,
    String protocol,
    List<Header> responseHeaders,
    String body,
    long bodyBytes,
    boolean truncated,
    String bodySha256,
    Instant started,
    long millis,
    String error,
    TlsInfo tls,
    List<String> metaCsp,
    String metaReferrer,
    List<Attempt> attempts,
    String cutShort,
    String reusedFrom) {

  /**
   * One sending of the request: when, how long, and what came back.
   *
   * @param status the HTTP status, 0 when there was none
   * @param error why there was no answer, or null
   */
  public record Attempt(Instant started, long millis, int status, String error) {
    /** "200" or "failed: the server closed the connection ...". */
    public String outcome() {
      return error != null ? "failed: " + error : String.valueOf(status);
    }
  }

  /** An exchange sent (not answered from an earlier one). */
  public HttpExchange(String id, String method, String url, List<Header> requestHeaders,
      int status, String protocol, List<Header> responseHeaders, String body, long bodyBytes,
      boolean truncated, String bodySha256, Instant started, long millis, String error,
      TlsInfo tls, List<String> metaCsp, String metaReferrer, List<Attempt> attempts,
      String cutShort) {
    this(id, method, url, requestHeaders, status, protocol, responseHeaders, body, bodyBytes,
        truncated, bodySha256, started, millis, error, tls, metaCsp, metaReferrer, attempts,
        cutShort, null);
  }

  /** An exchange whose body, if any, arrived whole. */
  public HttpExchange(String id, String method, String url, List<Header> requestHeaders,
      int status, String protocol, List<Header> responseHeaders, String body, long bodyBytes,
      boolean truncated, String bodySha256, Instant started, long millis, String error,
      TlsInfo tls, List<String> metaCsp, String metaReferrer, List<Attempt> attempts) {
    this(id, method, url, requestHeaders, status, protocol, responseHeaders, body, bodyBytes,
        truncated, bodySha256, started, millis, error, tls, metaCsp, metaReferrer, attempts,
        null);
  }

  /** An exchange sent once. */
  public HttpExchange(String id, String method, String url, List<Header> requestHeaders,
      int status, String protocol, List<Header> responseHeaders, String body, long bodyBytes,
      boolean truncated, String bodySha256, Instant started, long millis, String error,
      TlsInfo tls, List<String> metaCsp, String metaReferrer) {
    this(id, method, url, requestHeaders, status, protocol, responseHeaders, body, bodyBytes,
        truncated, bodySha256, started, millis, error, tls, metaCsp, metaReferrer, List.of());
  }

  /** An exchange whose body set no referrer policy. */
  public HttpExchange(String id, String method, String url, List<Header> requestHeaders,
      int status, String protocol, List<Header> responseHeaders, String body, long bodyBytes,
      boolean truncated, String bodySha256, Instant started, long millis, String error,
      TlsInfo tls, List<String> metaCsp) {
    this(id, method, url, requestHeaders, status, protocol, responseHeaders, body, bodyBytes,
        truncated, bodySha256, started, millis, error, tls, metaCsp, null);
  }

  public HttpExchange {
    requestHeaders = List.copyOf(requestHeaders);
    responseHeaders = responseHeaders == null ? List.of() : List.copyOf(responseHeaders);
    metaCsp = metaCsp == null ? List.of() : List.copyOf(metaCsp);
    body = body == null ? "" : body;
    attempts = attempts == null ? List.of() : List.copyOf(attempts);
  }

  /**
   * This exchange's answer cited under another artifact id, for a request the scan made once
   * and asked again: it says it was not sent again and keeps when the answer was received.
   */
  public HttpExchange reusedAs(String newId) {
    return new HttpExchange(newId, method, url, requestHeaders, status, protocol, responseHeaders,
        body, bodyBytes, truncated, bodySha256, started, millis, error, tls, metaCsp,
        metaReferrer, attempts, cutShort, reusedFrom != null ? reusedFrom : id);
  }

  /** The same answer, recording every time the request was sent to get it. */
  public HttpExchange withAttempts(List<Attempt> sent) {
    return new HttpExchange(id, method, url, requestHeaders, status, protocol, responseHeaders,
        body, bodyBytes, truncated, bodySha256, started, millis, error, tls, metaCsp,
        metaReferrer, sent, cutShort, reusedFrom);
  }

  public boolean failed() {
    return error != null;
  }

  /**
   * Why what the body says cannot be judged: no answer at all ({@link #error}), or a body cut
   * short ("the body was cut short: ..."); null when the body arrived whole.
   */
  public String bodyUnjudged() {
    return error != null ? error : bodyShortfall();
  }

  /**
   * Why the body that arrived is not the body the server meant ("the body was cut short: ..."
   * or, for one left encoded, "the body was not judged: the server sent Content-Encoding ..."),
   * or null.
   */
  public String bodyShortfall() {
    if (cutShort == null) {
      return null;
    }
    return (encoded() ? "the body was not judged: " : "the body was cut short: ") + cutShort;
  }

  /** The server applied a Content-Encoding (secaudit asks for identity). */
  public boolean encoded() {
    return !BodyEncoding.codings(responseHeaders).isEmpty();
  }

  /** Every value of a header, in the order received (names compare case-insensitively). */
  public List<String> headers(String name) {
    List<String> out = new ArrayList<>();
    for (Header h : responseHeaders) {
      if (h.name().equalsIgnoreCase(name)) {
        out.add(h.value());
      }
    }
    return out;
  }

  /** The single value of a header, or null; repeated headers are joined as HTTP allows. */
  public String header(String name) {
    List<String> all = headers(name);
    return all.isEmpty() ? null : String.join(", ", all);
  }

  /**
   * The redirect target as sent. Not {@link #header}: a Location may itself contain commas, so
   * repeated headers must not be joined; the first one counts.
   */
  public String location() {
    List<String> all = headers("Location");
    return all.isEmpty() ? null : all.get(0).trim();
  }

  public boolean isRedirect() {
    return status >= 300 && status < 400 && header("Location") != null;
  }

  public boolean isHttps() {
    return url.toLowerCase(Locale.ROOT).startsWith("https:");
  }

  /**
   * A short line for reports: "GET https://x/ → 200 (12 ms)"; a request sent more than once says
   * so and how the earlier attempts ended, so the answer is never shown as a first try's.
   */
  public String summary() {
    StringBuilder sb = new StringBuilder(method + " " + url + " → "
        + (failed() ? "failed: " + error : String.valueOf(status))
        + (cutShort != null ? ", " + bodyShortfall().substring(4) : "") + " (" + millis + " ms");
    if (!attempts.isEmpty()) {
      sb.append("; sent ").append(attempts.size()).append(" times");
      for (int i = 0; i < attempts.size() - 1; i++) {
        sb.append(", attempt ").append(i + 1).append(' ').append(attempts.get(i).outcome());
      }
    }
    if (reusedFrom != null) {
      // Not a request of its own: the answer another hop got, and when it got it.
      sb.append("; not sent again: the answer recorded as ").append(reusedFrom).append(" at ")
          .append(started);
    }
    return Printable.of(sb.append(')').toString());
  }

  /**
   * The secret values this exchange carries, for the run's redactor: the credentials and cookies
   * it sent, the cookie values it was given, a password in the URL's user-info, and the form
   * tokens its HTML body carries ({@link FormTokens}).
   */
  public List<String> secrets() {
    List<String> out = new ArrayList<>();
    requestHeaders.forEach(h -> out.addAll(Redactor.secretsOf(h.name(), h.value())));
    responseHeaders.forEach(h -> out.addAll(Redactor.secretsOf(h.name(), h.value())));
    out.addAll(userInfoSecrets(url));
    out.addAll(FormTokens.in(body));
    return out;
  }

  /**
   * The charset the body was read with: the last Content-Type's (as OkHttp reads it for
   * {@link HttpProbe}), else UTF-8.
   */
  public java.nio.charset.Charset bodyCharset() {
    List<String> types = headers("Content-Type");
    okhttp3.MediaType type = types.isEmpty() ? null
        : okhttp3.MediaType.parse(types.get(types.size() - 1).trim());
    java.nio.charset.Charset cs = type == null ? null : type.charset();
    return cs == null ? java.nio.charset.StandardCharsets.UTF_8 : cs;
  }

  /**
   * The body as an evidence bundle stores it: the bytes read when the text gives them back and
   * holds no secret, else the text masked by {@code mask} (the run's redactor), and why; null
   * when no body text was kept (none, or one left out of judgement).
   */
  public dev.secaudit.model.ResponseBodyCopy bodyCopy(
      java.util.function.UnaryOperator<String> mask) {
    if (body.isEmpty()) {
      return null;
    }
    java.nio.charset.Charset cs = bodyCharset();
    byte[] asRead = body.getBytes(cs);
    // The text was decoded from the bytes read; whether it encodes back to them is checked, not
    // assumed (a byte sequence invalid in the charset was replaced while decoding).
    boolean exact = dev.secaudit.model.Artifact.sha256(asRead).equals(bodySha256);
    String masked = mask.apply(body);
    List<String> how = new ArrayList<>();
    byte[] stored;
    if (!exact) {
      stored = masked.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      how.add("the bytes read are not valid " + cs.name() + ": stored is the text secaudit"
          + " read from them (each invalid sequence as U+FFFD), in UTF-8; the bytes read are not"
          + " kept");
    } else {
      stored = masked.equals(body) ? asRead : masked.getBytes(cs);
    }
    if (!masked.equals(body)) {
      how.add("secrets the run saw (cookie values, credentials, form tokens) are replaced by "
          + Redactor.MASK + " in " + (exact ? cs.name() : "UTF-8") + "; received_sha256 is of"
          + " the bytes read, which the bundle does not keep");
    }
    String capped = truncated ? "the server sent more than the " + bodyBytes + " bytes read"
        + " (settings.max_body_kb): received_sha256 is of the first " + bodyBytes + " bytes"
        : cutShort != null ? bodyShortfall() : null;
    return new dev.secaudit.model.ResponseBodyCopy(id, stored, bodyBytes, bodySha256,
        how.isEmpty() ? null : String.join("; ", how), capped);
  }

  /** The password of a URL's user-info, as written and decoded (none: empty). */
  public static List<String> userInfoSecrets(String url) {
    okhttp3.HttpUrl u = url == null ? null : okhttp3.HttpUrl.parse(url);
    return u == null || u.password().isEmpty() ? List.of()
        : List.of(u.password(), u.encodedPassword());
  }

  /**
   * Milliseconds from the first of {@code exchanges} sent to the end of the last answered (a
   * burst, a flow: one artifact for many requests), or null for none.
   */
  public static Long spanMillis(List<HttpExchange> exchanges) {
    Instant first = null;
    Instant last = null;
    for (HttpExchange e : exchanges) {
      if (e == null || e.started() == null) {
        continue;
      }
      Instant end = e.started().plusMillis(e.millis());
      first = first == null || e.started().isBefore(first) ? e.started() : first;
      last = last == null || end.isAfter(last) ? end : last;
    }
    return first == null ? null : java.time.Duration.between(first, last).toMillis();
  }

  /**
   * This exchange as the artifact findings cite: dated when it was sent, timed by how long it
   * took; an answer reused from an earlier request names that request's artifact and keeps its
   * time.
   */
  public dev.secaudit.model.Artifact artifact(String target, int bodyExcerpt) {
    dev.secaudit.model.Artifact a = dev.secaudit.model.Artifact.timed(id, target,
        dev.secaudit.model.ArtifactKind.Known.HTTP_EXCHANGE, started, millis, summary(),
        transcript(bodyExcerpt));
    return reusedFrom == null ? a : a.reusing(reusedFrom);
  }

  /**
   * The exchange as a readable transcript: what an auditor opens to see exactly what was sent and
   * received. Bodies are cut to an excerpt; the SHA-256 covers every byte read.
   */
  public String transcript(int bodyExcerpt) {
    StringBuilder sb = new StringBuilder();
    if (reusedFrom != null) {
      sb.append("# reused: this request was not sent again; below is the answer recorded as ")
          .append(Printable.of(reusedFrom)).append(", received at ").append(started).append('\n');
    }
    sb.append("# ").append(started).append(", ").append(millis).append(" ms\n");
    if (!attempts.isEmpty()) {
      sb.append("# sent ").append(attempts.size()).append(" times (a GET or HEAD is sent again,"
          + " once, on a new connection when the pooled one had been closed by the server before"
          + " any answer); the answer below is the last attempt's\n");
      for (int i = 0; i < attempts.size(); i++) {
        Attempt a = attempts.get(i);
        sb.append("# attempt ").append(i + 1).append(": ").append(a.started()).append(", ")
            .append(a.millis()).append(" ms: ").append(Printable.of(a.outcome())).append('\n');
      }
    }
    sb.append(Printable.of(method + ' ' + url)).append('\n');
    for (Header h : requestHeaders) {
      sb.append(h.written()).append('\n');
    }
    sb.append('\n');
    if (tls != null) {
      sb.append("# TLS: ").append(tls.protocol()).append(", ").append(tls.cipherSuite())
          .append("; certificate ").append(tls.trusted() ? "trusted" : "NOT trusted (" + tls.trustError() + ")")
          .append("; hostname ").append(tls.hostnameMatches() ? "matches" : "does NOT match")
          .append('\n');
      for (String s : tls.chainSubjects()) {
        sb.append("#   chain: ").append(s).append('\n');
      }
    }
    if (failed()) {
      sb.append("# no response: ").append(Printable.of(error)).append('\n');
      if (status > 0) {
        // A head received but not judged (its framing invalid): shown, as written evidence is.
        sb.append("# the response head as received, not judged:\n").append(protocol)
            .append(' ').append(status).append('\n');
        for (Header h : responseHeaders) {
          sb.append(h.written()).append('\n');
        }
      }
      if (!body.isEmpty()) {
        sb.append("# received instead (first line, control characters escaped):\n")
            .append(Printable.of(body)).append('\n');
      }
      return sb.toString();
    }
    sb.append(protocol).append(' ').append(status).append('\n');
    for (Header h : responseHeaders) {
      sb.append(h.written()).append('\n');
    }
    sb.append('\n');
    sb.append("# body: ").append(bodyBytes).append(" bytes").append(truncated ? " (cut at the size cap)" : "")
        .append(cutShort != null ? " (" + Printable.of(bodyShortfall().substring(4)) + ")"
            : encoded() ? " (decoded from the Content-Encoding above; the hash is of the decoded"
            + " body)" : "")
        .append(", sha256 ").append(bodySha256).append(" of the bytes read").append('\n');
    if (!body.isEmpty()) {
      // The excerpt is not the hashed form: said, so no one recomputes the digest from it (an
      // evidence bundle keeps the bytes themselves, bodies/ in its manifest).
      sb.append("# below: ").append(body.length() > bodyExcerpt ? "the first " + bodyExcerpt
          + " of " + body.length() + " characters" : "the body").append(" as text, control"
          + " characters escaped and secrets masked\n");
      sb.append(Printable.keepLines(body.length() > bodyExcerpt
          ? body.substring(0, bodyExcerpt) + "\n# [excerpt ends]" : body));
      sb.append('\n');
    }
    return sb.toString();
  }
}
