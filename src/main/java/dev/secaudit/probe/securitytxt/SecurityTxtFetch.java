package dev.secaudit.probe.securitytxt;

import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.http.RequestLedger;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Fetches a site's security.txt and the disclosure policy its first Policy: field links. A
 * contact tells a reporter where to write; only the policy says what they may do and expect, so
 * "we have a vulnerability disclosure policy" rests on that page answering, not on the contact.
 * The link is followed only to a host the scan may contact, and the target's request headers go
 * only to the target's own origin.
 */
public final class SecurityTxtFetch {
  private static final int MAX_REDIRECTS = 3;

  private SecurityTxtFetch() {}

  public static TargetObservations.SecurityTxt observe(HttpProbe http, String idPrefix,
      HttpUrl origin, Map<String, String> headers, Set<String> allowedHosts,
      RequestLedger sent) {
    HttpFetch file = http.fetch(idPrefix, origin.resolve("/.well-known/security.txt").toString(),
        headers, MAX_REDIRECTS, allowedHosts, sent);
    HttpExchange last = file.hops().isEmpty() ? null : file.last();
    if (last == null || last.failed() || last.status() != 200 || last.bodyUnjudged() != null) {
      return new TargetObservations.SecurityTxt(file);
    }
    String link = SecurityTxtParser.parse(last.body()).values("Policy").stream().findFirst()
        .orElse(null);
    if (link == null) {
      return new TargetObservations.SecurityTxt(file);
    }
    HttpUrl url = HttpUrl.parse(link);
    if (url == null) {
      return new TargetObservations.SecurityTxt(file, null, "not an http(s) URL");
    }
    if (!allowedHosts.contains(url.host().toLowerCase(Locale.ROOT))) {
      return new TargetObservations.SecurityTxt(file, null, "its host " + url.host()
          + " is not one of the policy's targets, which are all the scan contacts");
    }
    Map<String, String> carried = HttpProbe.sameOrigin(url, HttpUrl.parse(last.url()))
        ? headers : Map.of();
    return new TargetObservations.SecurityTxt(file, http.fetch(idPrefix + "-policy",
        url.toString(), carried, MAX_REDIRECTS, allowedHosts, sent), "");
  }
}
