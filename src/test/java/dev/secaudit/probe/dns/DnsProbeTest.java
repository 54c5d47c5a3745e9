package dev.secaudit.probe.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.secaudit.model.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DNS probe against a responder on loopback: never a real resolver. */
class DnsProbeTest {
  private static DnsObservation read(LoopbackDns dns, Duration timeout, List<String> domains,
      List<String[]> hosts) {
    return new DnsProbe(Duration.ofSeconds(20)).observe("dns", dns.address(), timeout, domains,
        hosts, Redactor.none(), Clock.systemUTC());
  }

  @Test
  void mxSpfIncludesRecursivelyAndCnameChains() throws Exception {
    try (LoopbackDns dns = new LoopbackDns(false)) {
      dns.add("acme.example.", LoopbackDns.MX, "20 mxb.mailgun.org.")
          .add("acme.example.", LoopbackDns.MX, "10 mxa.mailgun.org.")
          .add("acme.example.", LoopbackDns.TXT, "\"google-site-verification=abc\"")
          .add("acme.example.", LoopbackDns.TXT,
              "\"v=spf1 include:_spf.acme.example include:sendgrid.net ~all\"")
          .add("_spf.acme.example.", LoopbackDns.TXT, "\"v=spf1 include:_spf.google.com -all\"")
          .add("_spf.google.com.", LoopbackDns.TXT, "\"v=spf1 ip4:192.0.2.0/24 ~all\"")
          .add("app.acme.example.", LoopbackDns.CNAME, "acme.vercel-dns.com.")
          .add("acme.vercel-dns.com.", LoopbackDns.CNAME, "cname.vercel-dns.com.");
      DnsObservation o = read(dns, Duration.ofSeconds(2), List.of("acme.example"),
          List.<String[]>of(new String[] {"app", "app.acme.example"}));

      assertThat(o.failure()).isNull();
      assertThat(o.problems()).isEmpty();
      assertThat(o.sightings()).extracting(DnsSighting::kind, DnsSighting::host)
          .containsExactly(
              tuple("mx", "mxa.mailgun.org"), tuple("mx", "mxb.mailgun.org"),
              tuple("spf", "_spf.acme.example"), tuple("spf", "_spf.google.com"),
              tuple("spf", "sendgrid.net"),
              tuple("cname", "acme.vercel-dns.com"), tuple("cname", "cname.vercel-dns.com"));
      assertThat(o.sightings().get(3).via()).isEqualTo(
          "acme.example include:_spf.acme.example -> include:_spf.google.com");
      assertThat(o.sightings().get(6).via())
          .isEqualTo("app.acme.example -> acme.vercel-dns.com -> cname.vercel-dns.com");
      assertThat(o.artifacts().get(0).content()).contains("acme.example MX -> 10 mxa.mailgun.org.");
    }
  }

  @Test
  void spfOverTenLookupsIsAProblemAndReadingStopsThere() throws Exception {
    try (LoopbackDns dns = new LoopbackDns(false)) {
      // Longer than one 255-byte character-string: split in several, joined without spaces.
      StringBuilder spf = new StringBuilder("\"v=spf1");
      for (int i = 0; i < 12; i++) {
        spf.append(i % 4 == 3 ? " \" \"" : " ").append("include:s").append(i)
            .append(".acme.example");
        dns.add("s" + i + ".acme.example.", LoopbackDns.TXT, "\"v=spf1 -all\"");
      }
      dns.add("acme.example.", LoopbackDns.TXT, spf + " -all\"");
      DnsObservation o = read(dns, Duration.ofSeconds(2), List.of("acme.example"), List.of());
      assertThat(o.sightings()).hasSize(10);
      assertThat(o.problems()).extracting(DnsProblem::place, DnsProblem::unread)
          .containsExactly(tuple("acme.example SPF", false));
      assertThat(o.problems().get(0).text()).contains("more than 10 DNS lookups");
    }
  }

  @Test
  void servfailIsAnUnreadRecordAndTheRestIsStillRead() throws Exception {
    try (LoopbackDns dns = new LoopbackDns(false)) {
      dns.servfail("broken.example").add("ok.example.", LoopbackDns.MX, "10 mx.zoho.eu.");
      DnsObservation o = read(dns, Duration.ofSeconds(2), List.of("broken.example", "ok.example"),
          List.of());
      assertThat(o.failure()).isNull();
      assertThat(o.problems()).extracting(DnsProblem::place, DnsProblem::text, DnsProblem::unread)
          .containsExactly(tuple("broken.example MX", "the resolver answered SERVFAIL", true),
              tuple("broken.example TXT", "the resolver answered SERVFAIL", true));
      assertThat(o.sightings()).extracting(DnsSighting::host).containsExactly("mx.zoho.eu");
    }
  }

  @Test
  void aSilentResolverEndsTheReadingWithinOneTimeout() throws Exception {
    try (LoopbackDns dns = new LoopbackDns(true)) {
      long start = System.nanoTime();
      DnsObservation o = read(dns, Duration.ofMillis(300), List.of("a.example", "b.example"),
          List.<String[]>of(new String[] {"app", "app.a.example"}));
      long millis = (System.nanoTime() - start) / 1_000_000;

      assertThat(o.failure()).startsWith("the resolver " + dns.address()
          + " did not answer a.example MX within 300 ms");
      assertThat(o.lookups()).isEqualTo(1);
      // One timeout, not one per name (three names would be 900 ms more); the bound is loose
      // because the first DNS query also loads dnsjava on a loaded 2-core machine.
      assertThat(dns.queries.get()).isEqualTo(1);
      assertThat(millis).isLessThan(5_000);
    }
  }
}
