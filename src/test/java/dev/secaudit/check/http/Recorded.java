package dev.secaudit.check.http;

import dev.secaudit.check.StandardChecks;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.Header;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import dev.secaudit.probe.http.TlsInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-built observations, as the probes would have recorded them, and a policy to judge them. */
final class Recorded {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final String TARGET = "app";
  static final String HOST = "app.example.test";

  private static final TlsInfo TRUSTED =
      new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256", true, null, true, List.of("CN=" + HOST));

  private Recorded() {}

  /** An answer; {@code headers} alternates names and values, repeats allowed. */
  static HttpExchange answer(String id, String url, int status, String... headers) {
    List<Header> hs = new ArrayList<>();
    for (int i = 0; i < headers.length; i += 2) {
      hs.add(new Header(headers[i], headers[i + 1]));
    }
    return new HttpExchange(id, "GET", url, List.of(new Header("User-Agent", "secaudit-test")),
        status, "HTTP/1.1", hs, "", 0, false, Artifact.sha256(new byte[0]), NOW, 3, null,
        url.startsWith("https:") ? TRUSTED : null, List.of());
  }

  static HttpExchange withTls(HttpExchange ex, TlsInfo tls) {
    return new HttpExchange(ex.id(), ex.method(), ex.url(), ex.requestHeaders(), ex.status(),
        ex.protocol(), ex.responseHeaders(), ex.body(), ex.bodyBytes(), ex.truncated(),
        ex.bodySha256(), ex.started(), ex.millis(), ex.error(), tls, ex.metaCsp());
  }

  static HttpExchange withMetaCsp(HttpExchange ex, String... policies) {
    return new HttpExchange(ex.id(), ex.method(), ex.url(), ex.requestHeaders(), ex.status(),
        ex.protocol(), ex.responseHeaders(), ex.body(), ex.bodyBytes(), ex.truncated(),
        ex.bodySha256(), ex.started(), ex.millis(), ex.error(), ex.tls(), List.of(policies));
  }

  static HttpExchange failure(String id, String url, String error) {
    return new HttpExchange(id, "GET", url, List.of(), 0, null, List.of(), "", 0, false,
        Artifact.sha256(new byte[0]), NOW, 5000, error, null, List.of());
  }

  static HttpFetch fetch(String stop, HttpExchange... hops) {
    return new HttpFetch(hops[0].url(), List.of(hops), stop);
  }

  /** One page answered 200 straight away over HTTPS. */
  static HttpFetch page(String id, String path, String... headers) {
    return fetch("final", answer(id, "https://" + HOST + path, 200, headers));
  }

  static Map<String, HttpFetch> pages(Object... pathThenFetch) {
    Map<String, HttpFetch> m = new LinkedHashMap<>();
    for (int i = 0; i < pathThenFetch.length; i += 2) {
      m.put((String) pathThenFetch[i], (HttpFetch) pathThenFetch[i + 1]);
    }
    return m;
  }

  static TargetObservations observed(Map<String, HttpFetch> pages, HttpFetch httpWalk,
      String skipped) {
    return new TargetObservations(TARGET, pages, httpWalk, skipped, List.of(), null);
  }

  static TargetObservations observed(Map<String, HttpFetch> pages) {
    return observed(pages, null, "not needed");
  }

  static LoadedPolicy policy(String sections) {
    return policy("https://" + HOST, sections);
  }

  static LoadedPolicy policy(String targetUrl, String sections) {
    String yaml = "version: 1\nname: test\ntargets:\n  - {name: " + TARGET + ", url: "
        + targetUrl + "}\n" + sections;
    return new PolicyLoader(name -> null, StandardChecks.catalog().ids()).load("test.yaml",
        yaml.getBytes(UTF_8));
  }

  static CheckContext context(String sections, TargetObservations obs) {
    return context(policy(sections), obs);
  }

  static CheckContext context(LoadedPolicy loaded, TargetObservations obs) {
    return new CheckContext(StandardChecks.catalog(), loaded, loaded.policy().targets().get(0), obs, NOW);
  }

  static Finding only(List<Finding> findings, String checkId, String subject) {
    List<Finding> match = new ArrayList<>();
    for (Finding f : findings) {
      if (f.checkId().equals(checkId) && f.subject().equals(subject)) {
        match.add(f);
      }
    }
    if (match.size() != 1) {
      throw new AssertionError("expected one " + checkId + " / " + subject + " finding, got "
          + match + " among " + findings);
    }
    return match.get(0);
  }

  static Finding only(List<Finding> findings, String checkId) {
    List<Finding> match = new ArrayList<>();
    for (Finding f : findings) {
      if (f.checkId().equals(checkId)) {
        match.add(f);
      }
    }
    if (match.size() != 1) {
      throw new AssertionError("expected one " + checkId + " finding, got " + match);
    }
    return match.get(0);
  }
}
