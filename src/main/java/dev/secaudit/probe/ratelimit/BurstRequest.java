package dev.secaudit.probe.ratelimit;

import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpProbe;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one request a rate-limit probe repeats, for its burst, its window watch and its recovery
 * request alike: what the window watch and the recovery show is about the same request the burst
 * sent, never a copy built apart from it.
 */
final class BurstRequest {
  private final HttpProbe http;
  private final String method;
  private final String url;
  private final Map<String, String> headers;
  private final String body;

  BurstRequest(HttpProbe http, String method, String url, Map<String, String> headers,
      String body) {
    this.http = http;
    this.method = method;
    this.url = url;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    this.body = body;
  }

  /** Sends the request once, recorded under {@code id}. */
  HttpExchange send(String id) {
    return http.exchange(id, method, url, headers, body);
  }
}
