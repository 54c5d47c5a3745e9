package dev.secaudit.policy;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** subprocessors.dns: defaults, its place among the sources, and validation with file:line. */
class SubprocessorDnsPolicyTest {
  private final InlinePolicy inline = new InlinePolicy(
      new PolicyLoader(Map.<String, String>of()::get, StandardChecks.catalog().ids()));

  @Test
  void defaultsAndSourceEntry() {
    Policy p = inline.load("""
        version: 1
        name: acme
        subprocessors:
          declared: [{name: Mailgun}]
          dns: {domains: [acme.example]}
        """).policy();
    Subprocessors.SubprocessorDns dns = p.subprocessors().dns();
    assertThat(dns.name()).isEqualTo("dns");
    assertThat(dns.targets()).isTrue();
    assertThat(dns.resolver()).isNull();
    assertThat(dns.timeout().value()).isEqualTo(Duration.ofSeconds(3));
    assertThat(p.sources()).containsExactly(new SourceEntry("/subprocessors/dns", "dns"));
  }

  @Test
  void domainsResolverTimeoutAndNameAreChecked() {
    String msg = inline.error("""
        version: 1
        name: acme
        targets: [{name: dns, url: "https://acme.example"}]
        subprocessors:
          declared: [{name: Mailgun}]
          dns:
            domains: ["https://acme.example"]
            resolver: "127.0.0.1:99999"
            timeout: 0s
        """);
    assertThat(msg).contains("subprocessors.dns.domains[0]").contains("is not a domain name")
        .contains("p.yaml:8:").contains("subprocessors.dns.resolver")
        .contains("not host, host:port").contains("subprocessors.dns.timeout")
        .contains("duplicate name 'dns'");
  }

  @Test
  void resolverForms() {
    for (String ok : List.of("127.0.0.1", "127.0.0.1:5353", "dns.acme.example:53", "[::1]:5353",
        "::1")) {
      assertThat(Subprocessors.SubprocessorDns.isResolver(ok)).as(ok).isTrue();
    }
    for (String bad : List.of("127.0.0.1:0", "udp://1.1.1.1", "host:port", "")) {
      assertThat(Subprocessors.SubprocessorDns.isResolver(bad)).as(bad).isFalse();
    }
  }
}
