package dev.secaudit.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.StandardChecks;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An ${env:} value in a URL reaches the server as meant: percent-encoded as one query component
 * or path segment, whatever it holds, while the policy's own text stays as written.
 */
class EnvInUrlTest {
  private static final String PW = "hunter2-P4ss/word+é &a=b#c%41?";
  private final PolicyLoader loader = new PolicyLoader(
      Map.of("PW", PW, "HOST", "api.acme.test", "BASE", "https://api.acme.test")::get,
      StandardChecks.catalog().ids());

  private Policy load(String yaml) {
    return loader.load("policy.yaml", yaml.getBytes(StandardCharsets.UTF_8)).policy();
  }

  /** What a form decoder (servlet, PHP, Express) reads as the query parameter {@code name}. */
  private static String formParameter(String url, String name) {
    String query = URI.create(url).getRawQuery();
    for (String pair : query.split("&")) {
      String[] kv = pair.split("=", 2);
      if (URLDecoder.decode(kv[0], StandardCharsets.UTF_8).equals(name)) {
        return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @Test
  void aValueInAQueryIsOneQueryComponent() {
    Policy p = load("""
        version: 1
        name: q
        targets:
          - name: app
            url: "https://${env:HOST}/a?pw=${env:PW}&literal=a+b"
            paths: ["/p?pw=${env:PW}"]
        """);
    String url = p.targets().get(0).url();
    assertThat(url).startsWith("https://api.acme.test/a?pw=hunter2-P4ss%2Fword%2B%C3%A9%20")
        .endsWith("&literal=a+b");
    assertThat(formParameter(url, "pw")).isEqualTo(PW);
    assertThat(formParameter("https://x" + p.targets().get(0).paths().get(0), "pw"))
        .isEqualTo(PW);
  }

  @Test
  void aValueInAPathIsOneSegment() {
    Policy p = load("""
        version: 1
        name: q
        targets:
          - name: app
            url: "${env:BASE}/users/${env:PW}/x"
        rate_limits:
          - {name: l, target: app, request: {method: POST, path: "/login/${env:PW}"}, limit: 1, window: 1m}
        """);
    String url = p.targets().get(0).url();
    assertThat(url).startsWith("https://api.acme.test/users/").endsWith("/x");
    String[] segments = URI.create(url).getRawPath().split("/");
    assertThat(segments).hasSize(4);
    assertThat(URI.create("http://x/" + segments[2]).getPath()).isEqualTo("/" + PW);
    assertThat(p.rateLimits().get(0).request().path()).isEqualTo("/login/"
        + UrlPlacement.component(PW)).doesNotContain("+");
  }

  @Test
  void inAHeaderTheValueIsAsWrittenAndInAFormBodyFormEncoded() {
    Policy p = load("""
        version: 1
        name: q
        targets:
          - name: app
            url: https://api.acme.test/
            request_headers: {X-Pw: "${env:PW}"}
        rate_limits:
          - {name: l, target: app, request: {method: POST, path: /login, body: "pw=${env:PW}"}, limit: 1, window: 1m}
        """);
    assertThat(p.targets().get(0).requestHeaders()).containsEntry("X-Pw", PW);
    // A body is no URL: the rate limit's form body gets the value form-encoded (EnvInBodyTest).
    assertThat(p.rateLimits().get(0).request().body())
        .isEqualTo("pw=" + java.net.URLEncoder.encode(PW, StandardCharsets.UTF_8));
  }
}
