package dev.secaudit.scan;

import dev.secaudit.check.subprocessors.PublishedList;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.Subprocessors;
import dev.secaudit.policy.Target;
import dev.secaudit.probe.http.HttpFetch;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.http.RequestLedger;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Fetches the published subprocessor list once, on the first target whose host serves it: when
 * that URL is one of the target's pages, the page already fetched is reused.
 */
final class PublishedSubprocessors {
  private PublishedSubprocessors() {}

  static HttpFetch fetch(HttpProbe http, Policy policy, Target t, HttpUrl base,
      Map<String, HttpFetch> pages, Set<String> allowedHosts, RequestLedger sent) {
    Subprocessors s = policy.subprocessors();
    HttpUrl published = s == null || s.publishedAt() == null ? null : HttpUrl.parse(s.publishedAt());
    if (published == null || !published.host().equalsIgnoreCase(base.host())) {
      return null;
    }
    if (!t.name().equals(PublishedList.fetchedBy(policy))) {
      return null; // an earlier target on the same host fetches it
    }
    for (Map.Entry<String, HttpFetch> p : pages.entrySet()) {
      HttpUrl asked = base.resolve(p.getKey());
      if (asked != null && asked.equals(published)) {
        return p.getValue();
      }
    }
    // The page is the site's own: the target's request headers (credentials) are not sent to it.
    return http.fetch(t.name() + "/subprocessors", published.toString(), Map.of(), 3,
        allowedHosts, sent);
  }
}
