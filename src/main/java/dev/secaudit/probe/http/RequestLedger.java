package dev.secaudit.probe.http;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/**
 * The requests already sent while observing one target, and what each got back. A scan asks the
 * same question more than once without meaning to: the page of an http:// target is also the
 * first hop of its plain-HTTP redirect walk, and the page of an https:// target is where its plain
 * twin's walk lands. Sending it again would double the load on the audited site and could record
 * two different answers (new cookies, another backend) for what the report presents as one
 * observation; so a repeat reuses the recorded exchange, cited under the repeat's own id, so that
 * every hop of every walk is still its own artifact. The repeat says so ({@link
 * HttpExchange#reusedFrom}) and keeps the time the answer was received: a walk's later hop can
 * then be dated before the hop that led to it, and reads as the earlier answer, not a request.
 *
 * <p>Requests are the same only when method, URL (as OkHttp normalises it) and every header the
 * caller chose are equal; a hop that differs in any of them (the page carries the target's
 * request headers, the plain walk does not) is sent. A failed exchange is reused too: the probe
 * sends a request again only when the pooled connection it went out on had been closed by the
 * server, and asking again would wait out the same timeout twice.
 *
 * <p>The keys hold header values as sent, credentials included, so nothing here is ever printed;
 * one ledger belongs to one target's observation, whose requests are made one after another.
 */
public final class RequestLedger {
  private record Request(String method, String url, Map<String, String> headers) {}

  private final Map<Request, HttpExchange> answered = new HashMap<>();

  /**
   * The exchange for this request: the one already recorded (with {@code id} as its id), or the
   * one {@code send} makes, remembered for the next caller asking the same.
   */
  HttpExchange exchange(String id, String method, String url, Map<String, String> headers,
      Supplier<HttpExchange> send) {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      return send.get(); // not a URL OkHttp can send: the failure is recorded, never shared
    }
    Request request = new Request(method, parsed.toString(), new HashMap<>(headers));
    HttpExchange earlier = answered.get(request);
    if (earlier != null) {
      return earlier.reusedAs(id);
    }
    HttpExchange sent = send.get();
    answered.put(request, sent);
    return sent;
  }

  /** Drops every answer recorded for a GET of {@code url}, so the next ask sends it again. */
  public void forget(String url) {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed != null) {
      answered.keySet().removeIf(r -> r.method().equals("GET") && r.url().equals(parsed.toString()));
    }
  }
}
