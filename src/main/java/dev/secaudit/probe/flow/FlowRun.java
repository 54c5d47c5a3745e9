package dev.secaudit.probe.flow;

import dev.secaudit.policy.BodyPlacement;
import dev.secaudit.policy.Flow;
import dev.secaudit.policy.Target;
import dev.secaudit.probe.http.CookieJar;
import dev.secaudit.probe.http.Header;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpProbe;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import okhttp3.HttpUrl;

/**
 * One run of a flow, and its mutable state: the captures so far, the cookies set, the made-up
 * values sent. Every request of the run goes through {@link #send}, which holds the time cap and
 * keeps each request on the target's origin whatever a capture put into its path.
 */
final class FlowRun {
  /** Where a captured value is inserted, and so how it is escaped. */
  enum Into {
    TEXT,
    /** A path or query: percent-encoded, so a value can never change the URL's structure. */
    URL
  }

  /** A request's answer, or why it was not sent (time cap, origin). */
  record Sent(HttpProbe.Answer answer, String notSent) {}

  /** How a csrf or csrf_token expectation sends the token's headers and form fields. */
  enum TokenUse {
    AS_IS,
    WITHOUT,
    /** The same length and characters classes, every letter and digit changed. */
    WRONG
  }

  private final HttpProbe http;
  private final Clock clock;
  final Target target;
  final HttpUrl base;
  final String id;
  final Instant start;
  final Map<String, String> values = new LinkedHashMap<>();
  /** The expires_in beside each JSON capture that had one. */
  final Map<String, Long> expiresIn = new LinkedHashMap<>();
  final List<Header> setCookies = new ArrayList<>();
  /** The answer that set each cookie last. */
  final Map<String, HttpExchange> cookieAnswers = new LinkedHashMap<>();
  /** Made-up values sent (wrong tokens, passwords): secrets like the captures. */
  final List<String> madeUp = new ArrayList<>();
  final CookieJar jar;
  Duration waited = Duration.ZERO;
  /**
   * Bodies that could not be built, by identity, each with why: {@link #send} reports it in
   * place of sending (a payload may be built well before it is sent, others in between).
   */
  private final Map<String, String> unplaceable = new java.util.IdentityHashMap<>();
  int sent;

  FlowRun(HttpProbe http, Clock clock, Target target, String id, boolean cookieJar) {
    this.http = http;
    this.clock = clock;
    this.start = clock.instant();
    this.target = target;
    this.base = HttpUrl.parse(target.url());
    this.id = id;
    this.jar = cookieJar ? new CookieJar() : null;
  }

  boolean outOfTime() {
    // A long probe's waits are part of the flow, not time lost.
    return sent > 0 && !clock.instant().isBefore(start.plus(FlowProbe.TIME_CAP).plus(waited));
  }

  /** Sends one request with the jar's cookies, or says why it may not be sent. */
  Sent send(String method, Flow.FlowRequest q, Map<String, String> headers, String payload) {
    return send(method, q, headers, payload, true);
  }

  /** Sends one request, or says why it may not be sent. */
  Sent send(String method, Flow.FlowRequest q, Map<String, String> headers, String payload,
      boolean withJar) {
    if (payload != null && unplaceable.containsKey(payload)) {
      return new Sent(null, unplaceable.get(payload));
    }
    if (outOfTime()) {
      return new Sent(null, "the flow's time cap of " + FlowProbe.TIME_CAP.toSeconds() + "s"
          + (waited.isZero() ? "" : " after its waits") + " passed");
    }
    HttpUrl url = base.resolve(fill(q.path(), Into.URL));
    if (!HttpProbe.sameOrigin(url, base)) {
      // The validator rejects such paths; this guard keeps credentials and captured values on
      // the target whatever a capture put into the path.
      return new Sent(null, "the path leaves the target's origin; nothing was sent");
    }
    if (withJar) {
      addCookies(url, headers);
    }
    sent++;
    HttpProbe.Answer a = http.answer(id + "-" + sent, method, url.toString(), headers, payload);
    for (Header h : a.rawHeaders()) {
      if (h.name().equalsIgnoreCase("Set-Cookie")) {
        setCookies.add(h);
        Map.Entry<String, String> set = AnswerValues.cookieSet(h.value());
        if (set != null) {
          cookieAnswers.put(set.getKey(), a.recorded());
        }
      }
    }
    if (jar != null) {
      jar.store(url, a.rawHeaders(), clock.instant());
    }
    return new Sent(a, null);
  }

  /** The jar's cookies for {@code url} added to the headers' own Cookie, if any. */
  void addCookies(HttpUrl url, Map<String, String> headers) {
    CookieJar.addTo(headers, jar == null ? null : jar.header(url, clock.instant()), false);
  }

  /** Why this payload could not be built (a capture no encoding places), or null. */
  String unplaceable(String payload) {
    return unplaceable.get(payload);
  }

  /** A body as written in the policy, its {{name}} filled as the headers' Content-Type says. */
  String body(String body, Map<String, String> headers) {
    return fillBody(body, BodyPlacement.of(BodyPlacement.contentType(headers), body));
  }

  /** Every secret the run holds: captures, made-up values, the jar's cookies. */
  List<String> secrets() {
    List<String> all = new ArrayList<>(values.values());
    all.addAll(madeUp);
    if (jar != null) {
      all.addAll(jar.values());
    }
    return all;
  }

  /** The text with each {{name}} replaced by its capture, escaped for where it goes. */
  String fill(String text, Into into) {
    Matcher m = Flow.REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = values.get(m.group(1));
      if (v == null) {
        v = m.group();
      } else if (into == Into.URL) {
        v = dev.secaudit.policy.UrlPlacement.component(v);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  Map<String, String> headers(Flow.FlowRequest q, boolean targetHeaders) {
    Map<String, String> h = new LinkedHashMap<>();
    if (targetHeaders) {
      h.putAll(target.requestHeaders());
    }
    h.put("Accept", "application/json, */*;q=0.5");
    q.headers().forEach((k, v) -> h.put(k, fill(v, Into.TEXT)));
    return h;
  }

  /** The body as sent: form fields encoded, or the body with captures filled in. */
  String payload(Flow.FlowRequest q, List<String> dropFields, Map<String, String> headers) {
    return payload(q, dropFields, TokenUse.WITHOUT, headers);
  }

  /** The body as sent, the token's form fields left out or given a wrong value. */
  String payload(Flow.FlowRequest q, List<String> tokenFields, TokenUse use,
      Map<String, String> headers) {
    if (!q.form().isEmpty()) {
      StringBuilder sb = new StringBuilder();
      q.form().forEach((k, v) -> {
        boolean token = tokenFields.contains(k);
        if (!token || use != TokenUse.WITHOUT) {
          String value = fill(v, Into.TEXT);
          if (token && use == TokenUse.WRONG) {
            value = wrong(value);
          }
          sb.append(sb.length() == 0 ? "" : "&")
              .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
              .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
      });
      if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type"))) {
        headers.put("Content-Type", "application/x-www-form-urlencoded");
      }
      return sb.toString();
    }
    if (q.body() == null) {
      return null;
    }
    return body(q.body(), headers);
  }

  /**
   * The body with each {{name}} written as its syntax requires (the same placement as an
   * ${env:} value gets when the policy is read); a capture that cannot be placed keeps the
   * request from being sent, and {@link #send} says why.
   */
  private String fillBody(String body, BodyPlacement.Syntax syntax) {
    Matcher m = Flow.REFERENCE.matcher(body);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      int from = last;
      last = m.end();
      String v = values.get(m.group(1));
      if (v != null) {
        try {
          v = BodyPlacement.place(syntax, out + body.substring(from, m.start()),
              body.strip().equals(m.group()), v);
        } catch (BodyPlacement.Refused refused) {
          // A fresh object, so that only this payload is refused.
          String marker = new String(m.group(1));
          unplaceable.put(marker, "the captured value '" + m.group(1) + "' cannot be placed in"
              + " the body: " + refused.getMessage());
          return marker;
        }
      } else {
        v = m.group();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A wrong token: every letter and digit moved to the next, so length and shape hold. */
  String wrong(String token) {
    StringBuilder sb = new StringBuilder();
    for (char c : token.toCharArray()) {
      sb.append(c >= 'a' && c <= 'z' ? (char) ('a' + (c - 'a' + 1) % 26)
          : c >= 'A' && c <= 'Z' ? (char) ('A' + (c - 'A' + 1) % 26)
          : c >= '0' && c <= '9' ? (char) ('0' + (c - '0' + 1) % 10) : c);
    }
    String w = sb.toString().equals(token) ? token + "0" : sb.toString();
    madeUp.add(w);
    return w;
  }

  /** The target's origin, as a browser sends it in Origin on a same-origin request. */
  String origin() {
    return base.scheme() + "://" + (base.host().contains(":") ? "[" + base.host() + "]"
        : base.host()) + (base.port() == HttpUrl.defaultPort(base.scheme()) ? ""
            : ":" + base.port());
  }
}
