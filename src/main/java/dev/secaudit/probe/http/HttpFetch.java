package dev.secaudit.probe.http;

import dev.secaudit.model.BoundedText;
import dev.secaudit.model.Redactor;
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

  /**
   * Why the walk reached no answer to judge as the page, or null when it did. A failed hop is
   * named by its own URL (a redirect target, when the walk got that far); a redirect loop or a
   * walk cut at the redirect cap ends on a redirect, which is no page either.
   */
  public String noPage() {
    String error = fetchError();
    if (error != null) {
      return error;
    }
    if (stop.startsWith("redirect loop")) {
      return "redirect loop: " + chain();
    }
    if (stop.startsWith("max redirects")) {
      return "more than " + (hops.size() - 1) + " redirects (" + stop + "): " + chain();
    }
    return null;
  }

  /**
   * "judged the 503 answer of https://a/ (the same a second later): " when the answer judged as
   * the page is an error status, not where the walk ended, or reached through redirects, so that
   * a header "missing" reads as the error page's and a value found on the page a redirect led to
   * is not read as the first URL's (a blind review: https://site/account answered a 302 to
   * http://site/login, whose headers passed under the label of /account); "" for a page that
   * answered as one. A lasting 502–504 is asked twice (TargetProber) and then judged as it is:
   * the status says why its headers are not the site's.
   */
  public String judgedAnswer() {
    HttpExchange r = lastResponse();
    boolean end = stop.equals("final");
    boolean redirected = end && hops.size() > 1;
    if (r == null || end && r.status() < 400 && !redirected) {
      return "";
    }
    String why = !end ? " (" + stop + ")"
        : r.id() != null && r.id().endsWith("-retry") ? " (the same a second later)" : "";
    String reached = redirected ? ", reached by " + redirectChain() : "";
    return "judged the " + r.status() + " answer of " + quoted(r.url()) + why + reached + ": ";
  }

  /** "https://a/account (302) → http://a/login": each redirect of a walk and where it ended. */
  public String redirectChain() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < hops.size() - 1; i++) {
      HttpExchange h = hops.get(i);
      sb.append(quoted(h.url())).append(" (").append(h.status()).append(") → ");
    }
    return sb.append(quoted(last().url())).toString();
  }

  /** Why the walk got no HTTP answer where it stopped, naming the hop; null when it got one. */
  public String fetchError() {
    if (lastResponse() != null && !stop.equals("error")) {
      return null;
    }
    HttpExchange failed = last();
    String why = failed.error() == null ? "fetch stopped: " + stop : failed.error();
    String hop = hops.size() == 1 ? quoted(failed.url())
        : quoted(failed.url()) + " (redirect " + (hops.size() - 1) + " from " + quoted(url) + ")";
    return "could not fetch " + hop + ": " + why;
  }

  /** "http://a/ (302) → http://a/next (302) → http://a/ (next)". */
  private String chain() {
    StringBuilder sb = new StringBuilder();
    for (HttpExchange h : hops) {
      sb.append(quoted(h.url())).append(" (").append(h.failed() ? "failed" : h.status())
          .append(") → ");
    }
    String next = last().location();
    return sb.append(next == null ? "?" : quoted(next)).toString();
  }

  /** The most of a URL a finding quotes; the exchange's transcript keeps it whole. */
  static final int QUOTED_URL = 200;

  /**
   * A URL as a finding quotes it: whole up to {@link #QUOTED_URL} characters, else bounded as
   * every finding's text is ({@link BoundedText}), with the secrets of this walk's exchanges
   * masked before its digest is taken. A server's 100 KB Location made every finding on the page
   * a 100 KB text (a spreadsheet cell holds 32,767 characters).
   */
  private String quoted(String url) {
    return BoundedText.quoted(url, QUOTED_URL, whole -> new Redactor(hops.stream()
        .flatMap(h -> h.secrets().stream()).toList()).text(whole));
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
