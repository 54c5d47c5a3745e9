package dev.secaudit.check.config;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secaudit.check.CheckContext;
import dev.secaudit.check.http.HstsCheck;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.config.LoopbackNginx;
import dev.secaudit.probe.config.NginxTool;
import dev.secaudit.probe.http.HttpFetch;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.tls.RecordingTrustManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21 item 5 for HSTS: one nginx config, judged as a file by config.nginx.headers and served
 * live on loopback to the hsts.* checks. Every header value gets the same verdict from both, and
 * the config's finding says what the live findings say, because both ask HstsJudgement.
 */
class HstsOneJudgementTest {
  @TempDir Path dir;

  /** Header values (as nginx add_header arguments; null sends none) and the verdict expected. */
  private static final Map<String, Status> CASES = new LinkedHashMap<>();

  static {
    CASES.put("'max-age=31536000; includeSubDomains'", Status.PASS);
    CASES.put("'max-age=\"63072000\"; includeSubDomains; preload'", Status.PASS);
    CASES.put("'max-age=300; includeSubDomains'", Status.FAIL);
    CASES.put("max-age=31536000", Status.FAIL);
    CASES.put("'max-age=31536000; includeSubDomains; includeSubDomains'", Status.FAIL);
    CASES.put("includeSubDomains", Status.FAIL);
    CASES.put("'max-age=31536000; includeSubDomains; report-uri=x'", Status.PASS);
    CASES.put(null, Status.FAIL);
  }

  @Test
  void aHeaderValueGetsTheSameVerdictsServedLiveAndReadFromTheConfig() throws Exception {
    assumeTrue(LoopbackNginx.available(), "nginx is not installed");
    int port = LoopbackNginx.freePort();
    StringBuilder locations = new StringBuilder();
    List<String> paths = new ArrayList<>();
    int i = 0;
    for (String value : CASES.keySet()) {
      String path = "/case" + i++;
      paths.add(path);
      locations.append("    location = ").append(path).append(" {\n")
          .append(value == null ? "      add_header X-Case none always;\n"
              : "      add_header Strict-Transport-Security " + value + " always;\n")
          .append("      return 200 'ok';\n    }\n");
    }
    Path conf = dir.resolve("nginx/nginx.conf");
    Files.createDirectories(conf.getParent());
    Files.writeString(conf, NginxTool.wrap(LoopbackNginx.tempPaths(dir) + """
          server {
            listen 127.0.0.1:%d ssl;
            %s
        %s  }
        """.formatted(port, LoopbackNginx.certificate(dir), locations)));
    NginxTool.assertValid(dir.resolve("nginx"), conf);
    LoadedPolicy loaded = ConfigScan.load(dir, """
        version: 1
        name: acme
        targets:
          - {name: api, url: "https://127.0.0.1:%d"}
        hsts: {min_max_age: 1y, include_subdomains: true}
        configs:
          - {name: edge, kind: nginx, path: nginx/nginx.conf, target: api}
        """.formatted(port));
    List<Finding> config = ConfigScan.run(loaded, new NginxHeadersCheck());

    KeyStore trust = LoopbackNginx.trustStore(dir);
    HttpProbe probe = new HttpProbe(new HttpProbe.Limits(Duration.ofSeconds(5),
        Duration.ofSeconds(5), Duration.ofSeconds(10), 64 * 1024),
        () -> RecordingTrustManager.forKeyStore(trust), Clock.systemUTC(), "secaudit-test");
    try (LoopbackNginx nginx = LoopbackNginx.start(dir, conf, port)) {
      int n = 0;
      for (Map.Entry<String, Status> c : CASES.entrySet()) {
        String path = paths.get(n++);
        HttpFetch page = probe.fetch("api/page" + n, "https://127.0.0.1:" + port + path,
            Map.of(), 0, Set.of("127.0.0.1"));
        List<Finding> live = new HstsCheck().evaluate(new CheckContext(StandardChecks.catalog(), loaded,
            loaded.policy().targets().get(0), new TargetObservations("api", Map.of(path, page),
                null, null, List.of(), null), ConfigScan.NOW));
        Finding block = config.stream().filter(f -> f.subject().endsWith("location = " + path))
            .findFirst().orElseThrow();

        Status liveWorst = live.stream().map(Finding::status)
            .filter(s -> s == Status.FAIL || s == Status.WARN).findFirst().orElse(Status.PASS);
        String label = c.getKey() + " live " + live + " config " + block.observed();
        assertThat(liveWorst).as(label).isEqualTo(c.getValue());
        assertThat(block.status()).as(label).isEqualTo(c.getValue());
        for (Finding f : live) {
          if (f.status() == Status.FAIL && !f.observed().contains("see hsts.header")) {
            // The same words: the config's finding quotes the shared judgement.
            assertThat(block.observed()).as(label).contains(f.observed());
          }
        }
      }
    }
  }
}
