package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckContext;
import dev.secaudit.check.ClaimCheck;
import dev.secaudit.check.StandardChecks;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.report.ScanJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two reviewers' policies and the scans they recorded of their own loopback sites (resources
 * reviews/): the scan called their claims verified, and `page` published them, although the
 * statements said more than the checks showed. The target findings are theirs; the claim
 * verdicts are judged again here by the code under test.
 */
class ReviewedClaimsTest {
  @TempDir Path dir;

  private Path copy(String review, String file) throws IOException {
    Path to = dir.resolve(review + "-" + file);
    try (InputStream in = getClass().getResourceAsStream("/reviews/" + review + "/" + file)) {
      Files.copy(in, to);
    }
    return to;
  }

  /** The claims' verdicts as the scan makes them, from the recorded target findings. */
  private Map<String, Finding> claimVerdicts(String review) throws IOException {
    Path policy = copy(review, "policy.yaml");
    ScanResult recorded = ScanJson.read(copy(review, "scan.json"));
    LoadedPolicy loaded = new PolicyLoader(name -> null, StandardChecks.catalog().ids())
        .load(policy);
    List<Finding> targetFindings = recorded.findings().stream()
        .filter(f -> !f.checkId().startsWith("claim.")).toList();
    return new ClaimCheck().evaluate(new CheckContext(StandardChecks.catalog(), loaded, null,
            null, recorded.run().started()), targetFindings, recorded.targets()).stream()
        .filter(f -> f.checkId().equals("claim.verified"))
        .collect(Collectors.toMap(Finding::subject, Function.identity()));
  }

  @Test
  void aClaimIsVerifiedOnlyWhenItsChecksRanAndTestWhatItSays() throws IOException {
    Map<String, Finding> v = claimVerdicts("founder-over");
    // Recorded as PASS: the public endpoint's TLS does not show the internal connections.
    assertThat(v.get("encryption.in_transit").status()).isEqualTo(Status.WARN);
    assertThat(v.get("encryption.in_transit").observed())
        .contains("read only in part (not read: 'between', 'frontend', 'background', 'workers')");
    // Two of its three checks judged nothing.
    assertThat(v.get("tokens.lifetime").status()).isEqualTo(Status.WARN);
    assertThat(v.get("tokens.lifetime").observed())
        .contains("token.expiry, token.single_use judged nothing");
    // TLS checks do not verify AES-256 at rest; an HSTS max-age does not verify a pentest.
    assertThat(v.get("over.tls").status()).isEqualTo(Status.WARN);
    assertThat(v.get("over.pentest").status()).isEqualTo(Status.WARN);
    // What failed still fails.
    assertThat(v.get("certificate.issuer").status()).isEqualTo(Status.FAIL);

    Map<String, Finding> s004 = claimVerdicts("s004");
    assertThat(s004.get("tokens.lifetime_2").status()).isEqualTo(Status.WARN);
    // "Partitioned" is read since words22 (cookies.partitioned); the rest still is not.
    assertThat(s004.get("cookies.secure").observed()).contains("'strictest', 'cross', 'chrome'")
        .doesNotContain("'partitioned'");
    assertThat(s004.values()).noneMatch(f -> f.status() == Status.PASS
        && List.of("cookies.secure", "encryption.in_transit", "encryption.in_transit_2")
            .contains(f.subject()));
  }

  @Test
  void aClaimTheSameScanContradictsOrDoesNotTestIsNotVerified() throws IOException {
    // A reviewer's hand-written claims against a site sending max-age=31536000 and SameSite=Lax
    // cookies under a policy whose rules ask only that HSTS be sent and cookies be Lax.
    Map<String, Finding> v = claimVerdicts("probe");
    assertThat(v.get("p1").status()).isEqualTo(Status.WARN);
    // "Every response carries HSTS …": hsts.header judges the listed paths only (peer16), which
    // is named first; before, the two years nothing verified was.
    assertThat(v.get("p1").observed()).contains("judged the responses of the paths listed only,"
        + " not every response");
    assertThat(v.get("p7").status()).isEqualTo(Status.WARN);
    assertThat(v.get("p7").observed()).contains("SameSite=Lax, not strict");
    assertThat(v.values()).extracting(Finding::status).doesNotContain(Status.PASS);
  }

  @Test
  void aStatementReadInPartIsNotPublishedAsVerified() throws IOException {
    Path policy = copy("s004", "policy.yaml");
    Path scan = copy("s004", "scan.json");
    ScanResult recorded = ScanJson.read(scan);
    Cli.Result r = Cli.run(Map.of(), null, Clock.fixed(recorded.run().started()
            .plus(Duration.ofHours(1)), ZoneOffset.UTC), "page", "--policy", policy.toString(),
        "--scan", scan.toString(), "-o", dir.resolve("site").toString());

    String md = Files.readString(dir.resolve("site/security.md"));
    assertThat(md).doesNotContain("Partitioned").doesNotContain("inter-service")
        .doesNotContain("Cloudflare: hosting").doesNotContain("Magic links");
    assertThat(r.err()).contains("left out of the page: claim encryption.in_transit_2: its"
            + " statement was read only in part (not read: 'cloudflare', 'edge', 'compute',"
            + " 'dns', 'termination')")
        .contains("left out of the page: claim tokens.lifetime_2: ");
  }
}
