package dev.secaudit.check.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.probe.config.LoopbackNginx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What clients of a proxying nginx really get, beside what config.nginx.headers says of the
 * same config: the real nginx on loopback in front of a tiny application that sends its own
 * Strict-Transport-Security (as Django's SecurityMiddleware or helmet do). Skipped when nginx
 * is not installed.
 */
class NginxServedProxyTest {
  @TempDir Path dir;

  private static final String APP_HSTS = "max-age=31536000; includeSubDomains";

  private static final String POLICY = """
      version: 1
      name: shop
      targets:
        - {name: web, url: "https://127.0.0.1:%d"}
      hsts: {min_max_age: 1y}
      configs:
        - {name: edge, kind: nginx, path: nginx/nginx.conf, target: web}
      """;

  @Test
  void theConfigFailsHstsOnlyWhereClientsGetNoneAndLeavesTheApplicationsToTheLiveCheck()
      throws Exception {
    assumeTrue(LoopbackNginx.available());
    HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        0), 0);
    app.createContext("/", x -> {
      x.getResponseHeaders().add("Strict-Transport-Security", APP_HSTS);
      x.sendResponseHeaders(200, 2);
      x.getResponseBody().write("ok".getBytes());
      x.close();
    });
    app.start();
    int port = LoopbackNginx.freePort();
    int other = LoopbackNginx.freePort();
    Files.createDirectories(dir.resolve("www/static"));
    Files.writeString(dir.resolve("www/static/app.css"), "body{}");
    String upstream = "http://127.0.0.1:" + app.getAddress().getPort();
    String http = """
        server {
          listen 127.0.0.1:%1$d ssl;
          %2$s
          location /static/ { root WWW; }
          location /hidden/ { proxy_hide_header Strict-Transport-Security; proxy_pass UP; }
          location /both/ {
            add_header Strict-Transport-Security "max-age=63072000" always;
            proxy_pass UP;
          }
          location / { proxy_pass UP; }
        }
        server {
          listen 127.0.0.1:OTHER ssl;
          %2$s
          location / { return 200 other; }
        }
        """.replace("WWW", dir.resolve("www").toString()).replace("UP", upstream)
        .replace("OTHER", String.valueOf(other));
    try (LoopbackNginx n = ServedNginx.serve(dir, http, port)) {
      List<Finding> config = ConfigScan.run(ConfigScan.load(dir, POLICY.formatted(port)),
          new NginxHeadersCheck());
      for (String path : List.of("/static/app.css", "/hidden/x", "/both/x", "/app/x")) {
        List<String> got = hsts(port, path);
        Finding f = config.stream().filter(x -> x.status() != Status.INFO)
            .filter(x -> x.subject().endsWith(location(path))).findFirst().orElseThrow();
        String label = path + " got " + got + "; config: " + f.observed();
        if (got.isEmpty()) {
          assertThat(f.status()).as(label).isEqualTo(Status.FAIL);
        } else if (got.equals(List.of(APP_HSTS))) {
          // Sent by the application only: the config cannot know, and does not claim either.
          assertThat(f.status()).as(label).isEqualTo(Status.SKIPPED);
          assertThat(f.observed()).as(label).contains("passed through from the upstream of"
              + " proxy_pass " + upstream);
        } else {
          // Both: nginx adds beside the application's, it does not replace it.
          assertThat(got).as(label).containsExactly(APP_HSTS, "max-age=63072000");
          assertThat(f.status()).as(label).isEqualTo(Status.PASS);
          assertThat(f.observed()).as(label).contains("clients get two");
        }
      }
      // The other server answers another port: not the target's, named in the INFO only.
      assertThat(config).filteredOn(x -> x.status() == Status.INFO).singleElement()
          .satisfies(x -> assertThat(x.observed()).endsWith("left out: nginx.conf:20"
              + " server (no server_name) on 127.0.0.1:" + other + ": not on port " + port));
      assertThat(config).hasSize(5);
    } finally {
      app.stop(0);
    }
  }

  private static String location(String path) {
    return path.startsWith("/static/") ? "location /static/" : path.startsWith("/hidden/")
        ? "location /hidden/" : path.startsWith("/both/") ? "location /both/" : "location /";
  }

  /** The Strict-Transport-Security values a client gets for {@code path}, in order. */
  private List<String> hsts(int port, String path) throws Exception {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(LoopbackNginx.trustStore(dir));
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    HttpClient client = HttpClient.newBuilder().sslContext(tls)
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
        + port + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r.headers().allValues("Strict-Transport-Security");
  }
}
