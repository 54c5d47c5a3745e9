package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.check.StandardChecks;
import dev.secaudit.model.CheckDescriptions;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Location;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.scan.Gate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI formats name a file alike: SARIF's location, JUnit's "at:" line and GitHub's annotation
 * all name it from the checkout's root (ci20: JUnit and the annotations named config files by
 * absolute paths, or from the folder secaudit ran in, where GitHub looks from the root).
 */
class CiFilePathsTest {
  @TempDir Path dir;

  @Test
  void sarifJUnitAndAnnotationsNameEachConfigFileTheSameWayFromTheCheckoutRoot()
      throws Exception {
    Files.createDirectories(dir.resolve("repo/.git"));
    Path site = Files.createDirectories(dir.resolve("repo/site"));
    SourceRoot root = SourceRoot.of(site);
    ScanResult fixture = ReportFixture.scan();
    RunInfo r = fixture.run();
    // The policy given by an absolute path inside the checkout, as `-p $PWD/secaudit.yaml` does.
    RunInfo run = new RunInfo(r.id(), r.tool(), r.toolVersion(), r.started(), r.finished(),
        site.resolve("secaudit.yaml").toString(), r.policyName(), r.policySha256(),
        r.commandLine(), r.failOn(), r.frameworks());
    List<Finding> findings = new ArrayList<>();
    // A config given absolute inside the checkout, one relative to the folder secaudit ran in,
    // one in a sibling folder of the checkout, and one outside it (the audited host's).
    findings.add(config("tls.protocols", "edge", dir.resolve("repo/other/nginx.conf").toString()));
    findings.add(config("config.sshd.auth", "bastion", "configs/sshd_config"));
    findings.add(config("tls.ciphers", "edge", dir.resolve("elsewhere/nginx.conf").toString()));
    ScanResult scan = new ScanResult(fixture.schema(), run, fixture.targets(), findings,
        fixture.artifacts(), fixture.claims());

    StringWriter annotations = new StringWriter();
    GitHubAnnotations.print(scan, Gate.of(scan, Severity.LOW), root, new PrintWriter(annotations));
    List<String> annotated = all(Pattern.compile("file=([^,]*),line=(\\d+)"),
        annotations.toString());

    StringWriter junit = new StringWriter();
    new JUnitReport(root).render(scan, Gate.of(scan, Severity.LOW), junit);
    List<String> at = all(Pattern.compile("at: (\\S+):(\\d+)"), junit.toString());

    StringWriter sarif = new StringWriter();
    new SarifReport(new CheckDescriptions(StandardChecks.catalog().all()), root)
        .render(scan, Gate.of(scan, Severity.LOW), sarif);
    List<String> located = new ArrayList<>();
    for (JsonNode result : new ObjectMapper().readTree(sarif.toString()).at("/runs/0/results")) {
      JsonNode physical = result.at("/locations/0/physicalLocation");
      String uri = physical.at("/artifactLocation/uri").asText();
      located.add((uri.startsWith("file:") ? Path.of(java.net.URI.create(uri)).toString() : uri)
          + ":" + physical.at("/region/startLine").asInt());
    }

    String outside = dir.resolve("elsewhere/nginx.conf") + ":4";
    assertThat(annotated).containsExactlyInAnyOrder("other/nginx.conf:4",
        "site/configs/sshd_config:4", outside);
    assertThat(at).containsExactlyInAnyOrderElementsOf(annotated);
    assertThat(located).containsExactlyInAnyOrderElementsOf(annotated);
  }

  private static Finding config(String checkId, String target, String path) {
    return ReportFixture.finding(checkId, target, "", Status.FAIL, "refused", "accepted")
        .withLocation(new Location(Path.of(path).getFileName().toString(), 4, path));
  }

  private static List<String> all(Pattern p, String text) {
    List<String> found = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      found.add(m.group(1) + ":" + m.group(2));
    }
    return found;
  }
}
