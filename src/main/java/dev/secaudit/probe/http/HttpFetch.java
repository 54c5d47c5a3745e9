package dev.secaudit.probe.http;

import java.util.List;

/**
 * A request and the redirects it led to, one exchange per hop, and why the walk stopped.
 *
 * @param stop why no further hop was taken: "final", "max redirects", "foreign host", "error"
 */
public record HttpFetch(String url, List<HttpExchange> hops, String stop) {
  public HttpFetch {
    hops = List.copyOf(hops);
  }

  public HttpExchange first() {
    return hops.get(0);
  }

  public HttpExchange last() {
    return hops.get(hops.size() - 1);
  }

  /** The last hop that got an HTTP answer, or null when even the first request failed. */
  public HttpExchange lastResponse() {
    for (int i = hops.size() - 1; i >= 0; i--) {
      if (!hops.get(i).failed()) {
        return hops.get(i);
      }
    }
    return null;
  }

  public boolean failed() {
    return lastResponse() == null;
  }

  public int redirects() {
    int n = 0;
    for (HttpExchange h : hops) {
      if (h.isRedirect()) {
        n++;
      }
    }
    return n;
  }
}
