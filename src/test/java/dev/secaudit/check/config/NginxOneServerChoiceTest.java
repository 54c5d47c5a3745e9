package dev.secaudit.check.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one port, one listening on the wildcard address (first in the file) and one on
 * 127.0.0.2 itself, with different limits and server_tokens: nginx gives a connection to
 * 127.0.0.2 to the second and any other to the first, whatever the file order. Every nginx check
 * must judge a target on the server nginx answers it with; before, the rate-limit check chose by
 * port and name only and judged the wildcard server for both. Served by the real nginx in a
 * network namespace of its own, so the wildcard binds no interface of the machine.
 */
class NginxOneServerChoiceTest {
  @TempDir Path dir;

  private static final int PORT = 8080;
  private static final int RATE_PER_MINUTE = 5;
  private static final int LIMIT = 10;

  private static final String POLICY = """
      version: 1
      name: acme
      targets:
        - {name: web, url: "http://%s:%d"}
      info_leak: {}
      rate_limits:
        - {name: login, target: web, request: {path: /login}, limit: %d, window: 1m}
      configs:
        - {name: edge, kind: nginx, path: nginx/nginx.conf, target: web}
      """;

  @Test
  void theRateLimitAndTokensVerdictsAreOfTheServerNginxAnswersTheTargetWith() throws Exception {
    assumeTrue(IsolatedNginx.available(), "nginx, unshare and nsenter (as root) are needed");
    Files.createDirectories(dir.resolve("www"));
    Files.writeString(dir.resolve("www/login"), "ok");
    String www = dir.resolve("www").toString();
    String http = "limit_req_zone $binary_remote_addr zone=wild:1m rate=" + RATE_PER_MINUTE
        + "r/m;\nlimit_req_zone $binary_remote_addr zone=exact:1m rate=" + RATE_PER_MINUTE
        + "r/m;\nlimit_req_status 429;\n"
        + "server { listen " + PORT + "; server_tokens on; root " + www + ";"
        + " location /login { limit_req zone=wild burst=8 nodelay; } }\n"
        + "server { listen 127.0.0.2:" + PORT + "; server_tokens off; root " + www + ";"
        + " location /login { limit_req zone=exact burst=1 nodelay; } }\n";
    try (IsolatedNginx nginx = IsolatedNginx.start(dir, http)) {
      for (String address : List.of("127.0.0.2", "127.0.0.1")) {
        List<String> answers = nginx.get(address, PORT, "/login", LIMIT + 2);
        int accepted = 0;
        while (accepted < answers.size() && answers.get(accepted).startsWith("200 ")) {
          accepted++;
        }
        assertThat(answers.get(accepted)).as(address + ": " + answers).startsWith("429 ");
        boolean versionSent = answers.get(0).matches("200 nginx/[0-9.]+");
        List<Finding> all = ConfigScan.run(ConfigScan.load(dir,
            POLICY.formatted(address, PORT, LIMIT)), new NginxRateLimitCheck(),
            new NginxServerTokensCheck());
        String label = address + " answered " + answers + "; " + all.stream()
            .map(f -> f.status() + " " + f.subject() + ": " + f.observed()).toList();

        Finding limit = one(all, NginxRateLimitCheck.ID);
        String judged = ((Value.Setting) limit.observedValue()).value();
        int burst = Integer.parseInt(judged.replaceAll(".*burst=([0-9]+).*", "$1"));
        // nginx lets burst + 1 through at once: the limit judged is the one that answered.
        assertThat(burst + 1).as(label).isEqualTo(accepted);
        // Its verdict follows from what nginx served: burst + rate x window within the limit.
        assertThat(limit.status()).as(label).isEqualTo(
            accepted - 1 + RATE_PER_MINUTE <= LIMIT ? Status.PASS : Status.FAIL);

        Finding tokens = one(all, NginxServerTokensCheck.ID);
        assertThat(tokens.status()).as(label)
            .isEqualTo(versionSent ? Status.FAIL : Status.PASS);
        // Both checks name the same server block.
        String server = tokens.subject().replaceAll(".*(server .* on \\S+).*", "$1");
        assertThat(limit.subject()).as(label).contains(server);
        assertThat(server).as(label).endsWith(address.equals("127.0.0.2")
            ? "on 127.0.0.2:" + PORT : "on " + PORT);
      }
    }
  }

  private static Finding one(List<Finding> all, String id) {
    return all.stream().filter(f -> f.checkId().equals(id) && f.status() != Status.INFO)
        .reduce((a, b) -> {
          throw new AssertionError("two findings of " + id + ": " + a + ", " + b);
        }).orElseThrow();
  }
}
