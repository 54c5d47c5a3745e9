package dev.secaudit.probe.ratelimit;

import dev.secaudit.probe.http.CookieJar;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpProbe;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * The one request a rate-limit probe repeats, for its burst, its window watch and its recovery
 * request alike: what the window watch and the recovery show is about the same request the burst
 * sent, never a copy built apart from it. With keep_cookies each request carries the cookies the
 * answers before it set (over the request's own Cookie, a setup flow's); without, none of them,
 * as a client that drops cookies. The values are redacted like any cookie: each is in a recorded
 * answer's Set-Cookie and a recorded request's Cookie, which the run's redactor reads.
 */
final class BurstRequest {
  private final HttpProbe http;
  private final Clock clock;
  private final String method;
  private final String url;
  private final Map<String, String> headers;
  private final String body;
  /** The cookies the answers set, or null: dropped. */
  private final CookieJar jar;

  BurstRequest(HttpProbe http, Clock clock, String method, String url,
      Map<String, String> headers, String body, boolean keepCookies) {
    this.http = http;
    this.clock = clock;
    this.method = method;
    this.url = url;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    this.body = body;
    this.jar = keepCookies ? new CookieJar() : null;
  }

  /** Sends the request once, recorded under {@code id}. */
  HttpExchange send(String id) {
    HttpUrl u = HttpUrl.parse(url);
    if (jar == null || u == null) {
      return http.exchange(id, method, url, headers, body);
    }
    Map<String, String> h = new LinkedHashMap<>(headers);
    CookieJar.addTo(h, jar.header(u, clock.instant()), true);
    HttpProbe.Answer a = http.answer(id, method, url, h, body);
    jar.store(u, a.rawHeaders(), clock.instant());
    return a.recorded();
  }
}
