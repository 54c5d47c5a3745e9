package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Fix first" names distinct things to do: a site missing six headers on each of five pages has
 * thirty failures and six fixes, and the five slots of the console and of the HTML's first screen
 * name five different headers, each with the pages it is missing on (newuser25: one CSP header on
 * five paths took all five slots).
 */
class FixFirstDistinctFixesTest {
  @TempDir Path dir;

  private static final List<String> PATHS = List.of("/", "/a", "/b", "/c", "/d");
  private static final List<String> HEADERS = List.of("Content-Security-Policy",
      "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy",
      "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy");

  @Test
  void oneHeaderMissingOnFivePagesIsOneFixNamingThePages() throws Exception {
    HttpServer server = LoopbackPages.start((path, headers) -> {});
    try {
      StringBuilder policy = new StringBuilder("version: 1\nname: pages\ntargets:\n"
          + "  - name: site\n    url: http://127.0.0.1:" + server.getAddress().getPort()
          + "\n    paths: [" + String.join(", ", PATHS) + "]\nheaders:\n");
      HEADERS.forEach(h -> policy.append("  ").append(h).append(": {required: true}\n"));
      Path file = dir.resolve("policy.yaml");
      Files.writeString(file, policy);
      Path out = dir.resolve("out");

      Cli.Result r = Cli.run(Map.of(), null, "scan", "-p", file.toString(), "-o",
          out.toString(), "--color", "never");

      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.FAILED.code);
      List<String> lines = Arrays.asList(r.out().split("\n"));
      int at = lines.indexOf("fix first:");
      assertThat(at).as(r.out()).isNotNegative();
      List<String> fixes = lines.subList(at + 1, at + 6);
      assertThat(lines.get(at + 6)).startsWith("gate: ");
      // Five slots, five different headers, each on the five pages.
      List<String> named = fixes.stream().map(l -> HEADERS.stream()
          .filter(h -> l.contains("[" + h + "]")).findFirst().orElse(l)).toList();
      assertThat(named).as(r.out()).doesNotHaveDuplicates().allMatch(HEADERS::contains);
      // At 80 columns the list of pages is cut, never how many there are.
      assertThat(fixes).allSatisfy(l -> assertThat(l).contains("] on 5 pages: ")
          .hasSizeLessThanOrEqualTo(80));

      Document html = Jsoup.parse(out.resolve("report.html").toFile(), "UTF-8");
      List<Element> items = html.select("#fix-first ol.fix > li");
      assertThat(items).hasSize(5);
      assertThat(items.stream().map(li -> li.selectFirst("code.val").text()).toList())
          .doesNotHaveDuplicates().allMatch(HEADERS::contains);
      assertThat(items).allSatisfy(li -> assertThat(li.selectFirst(".places").text())
          .isEqualTo("on 5 pages: main page, /a, /b, /c, …"));
      // Every failure is stood for by one of the fixes shown or counted below them.
      int failures = PATHS.size() * HEADERS.size();
      String more = html.select("#fix-first p.muted").text();
      assertThat(more).startsWith((failures - 5 * PATHS.size()) + " more failed");
    } finally {
      server.stop(0);
    }
  }
}
