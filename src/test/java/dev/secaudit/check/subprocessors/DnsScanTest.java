package dev.secaudit.check.subprocessors;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.dns.LoopbackDns;
import dev.secaudit.scan.ScanParameters;
import dev.secaudit.scan.Scanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whole scans reading DNS from a responder on loopback, judged by the checks the CLI wires. */
class DnsScanTest {
  private static ScanResult scan(String yaml) {
    LoadedPolicy loaded = new PolicyLoader(Map.<String, String>of()::get, StandardChecks.catalog().ids())
        .load("policy.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    Scanner scanner = new Scanner(List.of(new SubprocessorsCheck(VendorCatalog.builtIn()),
        new DnsVendorsCheck(VendorCatalog.builtIn())), Clock.systemUTC(), msg -> { });
    return scanner.scan(loaded, new ScanParameters("run-1", "test", List.of("scan"), Severity.LOW));
  }

  private static List<Finding> of(ScanResult r, String check) {
    return r.findings().stream().filter(f -> f.checkId().equals(check)).toList();
  }

  @Test
  void mailProvidersInMxAndSpfAreJudgedAgainstTheDeclaredList() throws IOException {
    try (LoopbackDns dns = new LoopbackDns(false)) {
      dns.add("acme.example.", LoopbackDns.MX, "10 mxa.mailgun.org.")
          .add("acme.example.", LoopbackDns.TXT,
              "\"v=spf1 include:mailgun.org include:sendgrid.net include:_spf.google.com ~all\"")
          .add("mailgun.org.", LoopbackDns.TXT, "\"v=spf1 ip4:192.0.2.1 -all\"");
      ScanResult r = scan("""
          version: 1
          name: acme
          subprocessors:
            declared:
              - {name: Mailgun, purpose: email}
              - {name: Stripe, purpose: payments}
            dns: {domains: [acme.example], resolver: "ADDR", timeout: 2s}
          """.replace("ADDR", dns.address()));

      assertThat(of(r, "subprocessors.dns"))
          .extracting(Finding::target, Finding::subject, Finding::status)
          .containsExactlyInAnyOrder(
              // The provider is the subject: two behind one SPF record are two findings.
              tuple("dns", "Mailgun", Status.PASS),
              tuple("dns", "SendGrid", Status.FAIL),
              tuple("dns", "Google Workspace", Status.FAIL));
      assertThat(of(r, "subprocessors.dns")).filteredOn(f -> f.status() == Status.FAIL)
          .extracting(Finding::observed).containsExactlyInAnyOrder(
              "SendGrid (email) is named by DNS but not declared: acme.example"
                  + " include:sendgrid.net",
              "Google Workspace (email) is named by DNS but not declared: acme.example"
                  + " include:_spf.google.com");
      assertThat(of(r, "subprocessors.unobserved"))
          .extracting(Finding::subject, Finding::status, Finding::observed)
          .containsExactlyInAnyOrder(
              tuple("Mailgun", Status.PASS, "seen in dns: acme.example MX"),
              tuple("Stripe", Status.INFO, "Stripe (payments) is declared but no page,"
                  + " dependency manifest or DNS record shows it"));
      assertThat(r.targets()).extracting(TargetState::name, TargetState::state)
          .containsExactly(tuple("dns", TargetState.State.EVALUATED));
      assertThat(r.artifacts()).extracting(a -> a.id()).contains("dns/records");
    }
  }

  /** Two things wrong with one record are one finding of it, saying both. */
  @Test
  void twoProblemsOfOneRecordAreOneFinding() throws IOException {
    try (LoopbackDns dns = new LoopbackDns(false)) {
      dns.add("acme.example.", LoopbackDns.TXT, "\"v=spf1 include:a.example include:b.example"
              + " -all\"")
          .add("a.example.", LoopbackDns.TXT, "\"v=spf1 -all\"")
          .add("a.example.", LoopbackDns.TXT, "\"v=spf1 ~all\"")
          .add("b.example.", LoopbackDns.TXT, "\"v=spf1 -all\"")
          .add("b.example.", LoopbackDns.TXT, "\"v=spf1 ?all\"");
      ScanResult r = scan("""
          version: 1
          name: acme
          subprocessors:
            declared: [{name: Mailgun}]
            dns: {domains: [acme.example], resolver: "ADDR", timeout: 2s, targets: false}
          """.replace("ADDR", dns.address()));
      List<Finding> spf = of(r, "subprocessors.dns").stream()
          .filter(f -> f.subject().equals("acme.example SPF")).toList();
      assertThat(spf).hasSize(1);
      assertThat(spf.get(0).status()).isEqualTo(Status.WARN);
      assertThat(spf.get(0).observed()).contains("a.example publishes 2 SPF records")
          .contains("; b.example publishes 2 SPF records");
    }
  }

  @Test
  void aResolverThatDoesNotAnswerIsAnErrorWithinTheTimeout() throws IOException {
    try (LoopbackDns silent = new LoopbackDns(true)) {
      ScanResult r = scan("""
          version: 1
          name: acme
          subprocessors:
            declared: [{name: Mailgun}]
            dns: {name: mail-dns, domains: [acme.example, other.example], resolver: "ADDR",
                  timeout: 400ms}
          """.replace("ADDR", silent.address()));

      assertThat(of(r, "subprocessors.dns")).extracting(Finding::target, Finding::status)
          .containsExactly(tuple("mail-dns", Status.ERROR));
      assertThat(of(r, "subprocessors.dns").get(0).observed())
          .contains("did not answer acme.example MX within 400 ms");
      assertThat(r.targets()).extracting(TargetState::name, TargetState::state)
          .containsExactly(tuple("mail-dns", TargetState.State.UNREACHABLE));
      // Asked once: after one silent timeout nothing more is asked of that resolver.
      assertThat(silent.queries.get()).isEqualTo(1);
    }
  }
}
