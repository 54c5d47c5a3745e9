package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.secaudit.probe.tls.TestPki;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the plain-HTTP probe reaches, asked of loopback sites: one request per target, to the
 * plain-HTTP URL the policy lists. A redirect there is no evidence that no page is ever served
 * over plain HTTP, nor that the hosts listed are all the hosts (auditor21 N01, E13), while a
 * plain answer there shows both the lapse and a host that has it. A target listing an API path
 * beside its root is of the API for findings about that path only: its root answering over
 * plain HTTP answers no question on the API, while a target named api doing so does (auditor21
 * fleet F03).
 */
class PlainSideReachEndToEndTest {
  private static final String REASON = "secaudit review reason";
  private static final String EVER = "Do you ever serve pages over plain HTTP?";
  private static final String HOSTS = "Is plain HTTP redirected to HTTPS on all hosts?";
  private static final String REDIRECTED = "Is HTTP redirected to HTTPS?";
  private static final String API = "Is HTTPS enforced on your API?";
  private static final String APIS = "Do all your APIs require TLS?";
  private static final List<String> QUESTIONS = List.of(EVER, HOSTS, REDIRECTED, API, APIS);

  /** How a target's plain-HTTP side answers GET /. */
  private enum Plain { REDIRECTS, SERVES, NOT_FOUND }

  private record Site(String name, String paths, Plain plain) {}

  @Test
  void theRedirectOfEachListedUrlShowsNeitherEveryPageNorEveryHost(@TempDir Path dir)
      throws Exception {
    Map<String, String> got = scanAndAnswer(dir.resolve("kept"),
        List.of(new Site("site", "[/, /api/v1/items]", Plain.REDIRECTS)));
    assertThat(got).containsExactlyInAnyOrderEntriesOf(Map.of(REDIRECTED, "Yes", EVER, "",
        HOSTS, "", API, "", APIS, ""));
    Map<String, String> why = Cli.column(dir.resolve("kept"), REASON);
    assertThat(why.get(EVER)).contains("one plain-HTTP request per target")
        .contains("every page ever served");
    assertThat(why.get(HOSTS)).contains("the question asks about all hosts")
        .contains("probed: site (https://127.0.0.1:");
  }

  @Test
  void theRootServedOverPlainHttpIsALapseOfTheSiteAndNotOfItsApiPath(@TempDir Path dir)
      throws Exception {
    Map<String, String> got = scanAndAnswer(dir.resolve("root"),
        List.of(new Site("site", "[/, /api/v1/items]", Plain.SERVES)));
    // Before, the root's failure gave the target every kind its paths name: API questions No.
    assertThat(got).containsExactlyInAnyOrderEntriesOf(Map.of(REDIRECTED, "No", EVER, "Yes",
        HOSTS, "No", API, "", APIS, ""));
    assertThat(Cli.column(dir.resolve("root"), REASON).get(API))
        .contains("which is not of the kind asked (api)");
  }

  @Test
  void anApiTargetAnsweringOverPlainHttpAnswersTheApisQuestionNo(@TempDir Path dir)
      throws Exception {
    Map<String, String> got = scanAndAnswer(dir.resolve("api"), List.of(
        new Site("web", "[/]", Plain.REDIRECTS), new Site("api", "[/]", Plain.NOT_FOUND)));
    assertThat(got).containsExactlyInAnyOrderEntriesOf(Map.of(REDIRECTED, "", EVER, "Yes",
        HOSTS, "No", API, "No", APIS, "No"));
  }

  /**
   * Starts each site (HTTPS, and its plain-HTTP side on another port), scans them with one
   * policy and answers {@link #QUESTIONS}.
   */
  private static Map<String, String> scanAndAnswer(Path dir, List<Site> sites)
      throws Exception {
    Files.createDirectories(dir);
    TestPki pki = new TestPki("Plain Side CA", Instant.now());
    Path ca = dir.resolve("ca.pem");
    pki.writeRoot(ca);
    List<HttpServer> servers = new ArrayList<>();
    StringBuilder targets = new StringBuilder();
    try {
      for (Site s : sites) {
        HttpsServer https = LoopbackHttps.create(pki);
        https.createContext("/", x -> {
          try (x) {
            Cli.send(x, 200, "<html><body>home</body></html>");
          }
        });
        https.start();
        servers.add(https);
        HttpServer plain = HttpServer.create(new InetSocketAddress(
            InetAddress.getByName("127.0.0.1"), 0), 16);
        int httpsPort = https.getAddress().getPort();
        plain.createContext("/", x -> {
          try (x) {
            switch (s.plain()) {
              case REDIRECTS -> {
                x.getResponseHeaders().add("Location", "https://127.0.0.1:" + httpsPort + "/");
                Cli.send(x, 301, "");
              }
              case SERVES -> Cli.send(x, 200, "<html><body>home, in clear</body></html>");
              case NOT_FOUND -> Cli.send(x, 404, "not found");
            }
          }
        });
        plain.start();
        servers.add(plain);
        targets.append("  - {name: %s, url: \"https://127.0.0.1:%d\", http_url:"
            .formatted(s.name(), httpsPort) + " \"http://127.0.0.1:%d\", paths: %s}\n"
            .formatted(plain.getAddress().getPort(), s.paths()));
      }
      Path policy = dir.resolve("policy.yaml");
      Files.writeString(policy, "version: 1\nname: acme\ntargets:\n" + targets
          + "tls: {min_version: \"1.2\", certificate: {ca_file: \"" + ca + "\"}}\n"
          + "https: {redirect: true}\n");
      Path out = dir.resolve("out");
      Cli.Result scan = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(),
          "--color", "never");
      assertThat(scan.code()).as(scan.err()).isIn(0, 1);
      return Cli.answer(dir, policy, out.resolve("scan.json"), QUESTIONS);
    } finally {
      servers.forEach(s -> s.stop(0));
    }
  }


}
