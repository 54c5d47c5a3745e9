package dev.secaudit.policy;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** host:port targets, IPv6 literals, sni and starttls: accepted forms and file:line errors. */
class TlsTargetPolicyTest {
  private final InlinePolicy inline =
      new InlinePolicy(new PolicyLoader(Map.<String, String>of()::get, StandardChecks.catalog().ids()));

  @Test
  void hostPortIpv4Ipv6AndStartTlsTargetsLoad() {
    Policy p = inline.load("""
        version: 1
        name: acme
        targets:
          - {name: mx, url: "mail.acme.test:25", starttls: smtp}
          - {name: ldaps, url: "192.0.2.10:636", sni: ldap.acme.test}
          - {name: v6, url: "[2001:db8::1]:8443"}
          - {name: app, url: "https://127.0.0.1:8443/", sni: app.acme.test}
        tls: {}
        """).policy();
    assertThat(p.targets()).extracting(Target::tlsOnly)
        .containsExactly(true, true, true, false);
    assertThat(TargetAddress.parse(p.targets().get(2).url()))
        .isEqualTo(new TargetAddress("2001:db8::1", 8443));
    assertThat(TargetAddress.parse(p.targets().get(0).url()))
        .isEqualTo(new TargetAddress("mail.acme.test", 25));
    assertThat(p.targets().get(3).sni()).isEqualTo("app.acme.test");
  }

  @Test
  void badAddressesNameTheLineAndTheForm() {
    assertThat(inline.error("""
        version: 1
        name: acme
        targets:
          - {name: mx, url: "mail.acme.test"}
        """)).startsWith("p.yaml:4:21: targets[0].url: expected an http:// or https:// URL, or"
            + " host:port for a TLS-only endpoint");
    assertThat(inline.error("""
        version: 1
        name: acme
        targets:
          - {name: v6, url: "2001:db8::1:443"}
        """)).startsWith("p.yaml:4:21: targets[0].url: write an IPv6 address in brackets");
    assertThat(inline.error("""
        version: 1
        name: acme
        targets:
          - {name: mx, url: "mail.acme.test:70000"}
        """)).contains("targets[0].url: port 70000 is out of range");
    assertThat(inline.error("""
        version: 1
        name: acme
        targets:
          - {name: mx, url: "300.1.1.1:25"}
        """)).contains("'300.1.1.1' is not a valid IPv4 address");
  }

  @Test
  void startTlsAndSniRules() {
    assertThat(inline.error("""
        version: 1
        name: acme
        targets:
          - {name: mx, url: "mail.acme.test:25", starttls: smtpp}
        """)).startsWith("p.yaml:4:52: targets[0].starttls: unknown STARTTLS protocol 'smtpp'")
        .contains("did you mean 'smtp'");
    assertThat(inline.error("""
        version: 1
        name: acme
        targets:
          - {name: app, url: "https://acme.test", starttls: smtp}
        """)).contains("targets[0].starttls: starttls needs a host:port url");
    assertThat(inline.error("""
        version: 1
        name: acme
        targets:
          - {name: mx, url: "mail.acme.test:25", sni: 192.0.2.1}
        """)).contains("targets[0].sni: '192.0.2.1' is an IP address");
    assertThat(inline.error("""
        version: 1
        name: acme
        targets:
          - {name: mx, url: "mail.acme.test:465", paths: [/]}
        """)).contains("targets[0].paths: a host:port target is TLS only and has no pages");
    assertThat(inline.error("""
        version: 1
        name: acme
        targets:
          - {name: mx, url: "mail.acme.test:465"}
        rate_limits:
          - {name: l, target: mx, request: {path: /}, limit: 1, window: 1m}
        """)).contains("rate_limits[0].target: target 'mx' is a host:port (TLS-only) target");
  }
}
