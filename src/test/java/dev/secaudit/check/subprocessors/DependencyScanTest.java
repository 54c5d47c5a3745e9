package dev.secaudit.check.subprocessors;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.model.TargetState;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.scan.ScanParameters;
import dev.secaudit.scan.Scanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole scan of repositories on disk: manifests of every format naming vendor SDKs, a malformed
 * pom, a binary "requirements" file, a symlink loop, a FIFO named package.json and a repository
 * path that does not exist. Findings come from the probe and checks the CLI wires.
 */
class DependencyScanTest {
  @TempDir Path dir;

  private ScanResult scan(String yaml) throws IOException {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, yaml);
    LoadedPolicy loaded = new PolicyLoader(Map.<String, String>of()::get, StandardChecks.catalog().ids())
        .load(file.toString(), yaml.getBytes(StandardCharsets.UTF_8));
    Scanner scanner = new Scanner(List.of(new SubprocessorsCheck(VendorCatalog.builtIn()),
        new DependencyVendorsCheck(VendorCatalog.builtIn())), Clock.systemUTC(), msg -> { });
    return scanner.scan(loaded, new ScanParameters("run-1", "test", List.of("scan"), Severity.LOW));
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  @Test
  void vendorSdksAreJudgedAtTheirManifestLines() throws IOException {
    Path app = dir.resolve("app");
    write(app.resolve("web/package.json"), """
        {
          "name": "web",
          "dependencies": {
            "@stripe/stripe-js": "^4.0.0",
            "@sentry/react": "^8.0.0",
            "react": "18.3.1"
          }
        }
        """);
    write(app.resolve("web/node_modules/posthog-js/package.json"),
        "{\"dependencies\": {\"posthog-js\": \"1\"}}");
    write(app.resolve("api/requirements.txt"), "stripe==10.1.0\nopenai>=1.0\n");
    write(app.resolve("api/pyproject.toml"), "[tool.poetry.dependencies]\nsentry-sdk = \"^2\"\n");
    write(app.resolve("svc/go.mod"), "module x\n\nrequire github.com/aws/aws-sdk-go-v2/service/s3"
        + " v1.2.0\n");
    write(app.resolve("Gemfile"), "source 'https://rubygems.org'\ngem 'rails'\n");
    write(app.resolve("billing/pom.xml"), "<project><dependencies><dependency>\n"
        + "<groupId>com.stripe</groupId>\n</project>\n");
    Files.write(app.resolve("requirements-binary.txt"), new byte[] {'a', 0, 'b'});
    Files.createSymbolicLink(app.resolve("web/loop"), app.resolve("web"));
    Path fifo = app.resolve("fifo-pkg/package.json");
    Files.createDirectories(fifo.getParent());
    boolean haveFifo = new ProcessBuilder("mkfifo", fifo.toString()).start().onExit().join()
        .exitValue() == 0;

    ScanResult r = scan("""
        version: 1
        name: acme
        subprocessors:
          declared:
            - {name: Stripe, purpose: payments}
            - {name: Amazon Web Services, purpose: hosting}
            - {name: Mailgun, purpose: email}
        repositories:
          - {name: app-repo, path: app}
          - {name: gone, path: missing}
        """);

    List<Finding> deps = r.findings().stream()
        .filter(f -> f.checkId().equals("subprocessors.dependencies")).toList();
    // A vendor is the subject, once per repository, at the first manifest line naming it; a
    // manifest that could not be read is its file.
    assertThat(deps).extracting(Finding::target, DependencyScanTest::at, Finding::status)
        .containsExactlyInAnyOrder(
            tuple("app-repo", "Stripe at api/requirements.txt:1", Status.PASS),
            tuple("app-repo", "Sentry at api/pyproject.toml:2", Status.FAIL),
            tuple("app-repo", "OpenAI at api/requirements.txt:2", Status.FAIL),
            tuple("app-repo", "Amazon Web Services at svc/go.mod:3", Status.PASS),
            tuple("app-repo", "billing/pom.xml at billing/pom.xml:3", Status.ERROR),
            tuple("app-repo", "requirements-binary.txt", Status.ERROR),
            tuple("gone", "git:" + dir.resolve("missing"), Status.ERROR));
    Finding sentry = deps.stream().filter(f -> f.subject().equals("Sentry"))
        .findFirst().orElseThrow();
    assertThat(sentry.observed()).isEqualTo("Sentry (error-monitoring) is depended on but not"
        + " declared: pypi sentry-sdk at api/pyproject.toml:2; npm @sentry/react at"
        + " web/package.json:5");
    Finding stripe = deps.stream().filter(f -> f.subject().equals("Stripe"))
        .findFirst().orElseThrow();
    assertThat(stripe.observed()).contains("pypi stripe at api/requirements.txt:1; npm"
        + " @stripe/stripe-js at web/package.json:4");
    assertThat(deps.stream().filter(f -> f.subjectAtLine().equals("billing/pom.xml:3")).findFirst()
        .orElseThrow().observed()).startsWith("billing/pom.xml could not be read: invalid XML");
    assertThat(deps.stream().filter(f -> f.subjectAtLine().equals("requirements-binary.txt"))
        .findFirst().orElseThrow().observed()).contains("binary content");

    assertThat(r.findings()).filteredOn(f -> f.checkId().equals("subprocessors.unobserved"))
        .extracting(Finding::subjectAtLine, Finding::status, Finding::observed)
        .containsExactlyInAnyOrder(
            tuple("Stripe", Status.PASS, "seen in app-repo: api/requirements.txt:1"),
            tuple("Amazon Web Services", Status.PASS, "seen in app-repo: svc/go.mod:3"),
            tuple("Mailgun", Status.INFO, "Mailgun (email) is declared but no page, dependency"
                + " manifest or DNS record shows it"));

    // As data: the vendor judged, and whether it is declared; a manifest that could not be read
    // is about its file.
    assertThat(sentry.about()).isEqualTo(new Subject(Subject.Kind.VENDOR, "Sentry"));
    assertThat(sentry.expectedValue())
        .isEqualTo(new Value.Presence("subprocessors.declared", true));
    assertThat(sentry.observedValue())
        .isEqualTo(new Value.Presence("subprocessors.declared", false));
    assertThat(stripe.about()).isEqualTo(new Subject(Subject.Kind.VENDOR, "Stripe"));
    assertThat(stripe.observedValue())
        .isEqualTo(new Value.Presence("subprocessors.declared", true));
    assertThat(deps.stream().filter(f -> f.subjectAtLine().equals("billing/pom.xml:3"))
        .findFirst().orElseThrow().about())
        .isEqualTo(new Subject(Subject.Kind.FILE, "billing/pom.xml"));
    assertThat(r.findings()).filteredOn(f -> f.checkId().equals("subprocessors.unobserved"))
        .extracting(Finding::about).containsExactlyInAnyOrder(
            new Subject(Subject.Kind.VENDOR, "Stripe"),
            new Subject(Subject.Kind.VENDOR, "Amazon Web Services"),
            new Subject(Subject.Kind.VENDOR, "Mailgun"));

    assertThat(r.targets()).extracting(TargetState::name, TargetState::state).containsExactly(
        tuple("app-repo", TargetState.State.EVALUATED),
        tuple("gone", TargetState.State.UNREACHABLE));
    Artifact listing = r.artifacts().stream().filter(a -> a.id().equals("app-repo/dependency-list"))
        .findFirst().orElseThrow();
    assertThat(listing.content()).contains("web/package.json:5 npm @sentry/react")
        .doesNotContain("node_modules").doesNotContain("loop/");
    if (haveFifo) {
      // The FIFO is not a regular file: never opened (opening it would block the scan).
      assertThat(listing.content()).doesNotContain("fifo-pkg");
    }
  }

  @Test
  void oversizedManifestIsAnErrorAndOthersStillCount() throws IOException {
    Path app = dir.resolve("big");
    StringBuilder huge = new StringBuilder();
    while (huge.length() < (9 << 20)) {
      huge.append("left-pad==1.0.0\n");
    }
    write(app.resolve("requirements.txt"), huge.toString());
    write(app.resolve("Gemfile"), "gem 'stripe'\n");
    ScanResult r = scan("""
        version: 1
        name: acme
        subprocessors: {declared: [{name: Stripe}]}
        repositories: [{name: big, path: big}]
        """);
    assertThat(r.findings()).filteredOn(f -> f.checkId().equals("subprocessors.dependencies"))
        .extracting(DependencyScanTest::at, Finding::status).containsExactlyInAnyOrder(
            tuple("requirements.txt", Status.ERROR), tuple("Stripe at Gemfile:1", Status.PASS));
  }

  /** The subject, and where it is written when the finding says. */
  private static String at(Finding f) {
    return f.subject() + (f.location() == null ? "" : " at " + f.location().at());
  }
}
