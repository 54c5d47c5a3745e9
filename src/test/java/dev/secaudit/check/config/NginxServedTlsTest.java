package dev.secaudit.check.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.TlsVersion;
import dev.secaudit.probe.config.LoopbackNginx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which server's TLS settings a client really gets, asked of the real nginx on loopback, and the
 * TLS verdicts that must agree: a named server's own ssl_ciphers for TLS 1.2, a listen without
 * ssl on the policy's https port, a listen that gets TLS from another server's listen on the
 * same address:port. Skipped when nginx is not installed.
 */
class NginxServedTlsTest {
  @TempDir Path dir;

  private static final String POLICY = """
      version: 1
      name: acme
      targets:
        - {name: api, url: "https://api.acme.test:%d"}
      tls: {min_version: "1.2"}
      configs:
        - {name: edge, kind: nginx, path: nginx/nginx.conf, target: api}
      """;

  private static final String STRONG = "ECDHE-ECDSA-AES128-GCM-SHA256";
  /** CBC with SHA-1: a suite the policy's rules refuse, which OpenSSL still serves. */
  private static final String WEAK = "ECDHE-ECDSA-AES128-SHA";

  private List<Finding> judge(int port, String id, String server) throws Exception {
    return ConfigScan.run(ConfigScan.load(dir, POLICY.formatted(port)), new NginxTlsCheck())
        .stream().filter(f -> f.checkId().equals(id))
        .filter(f -> server == null || f.subject().contains("server " + server)).toList();
  }

  /**
   * ssl_conf_command Ciphersuites is the TLS 1.3 list clients get (OpenSSL's default otherwise),
   * and a CipherString there replaces ssl_ciphers' list for TLS 1.2: both judged as served.
   */
  @Test
  void sslConfCommandListsAreWhatClientsGet() throws Exception {
    assumeTrue(LoopbackNginx.available());
    String policy = POLICY.replace("tls: {min_version: \"1.2\"}",
        "tls: {min_version: \"1.2\", forbidden_suites: [\"*_CCM_8_*\"]}");
    for (String commands : new String[] {
        "ssl_conf_command Ciphersuites TLS_AES_128_CCM_8_SHA256:TLS_AES_256_GCM_SHA384;",
        "ssl_conf_command ciphersuites TLS_AES_256_GCM_SHA384;",
        "ssl_conf_command CipherString " + WEAK + ";"}) {
      int port = LoopbackNginx.freePort();
      String conf = "ssl_protocols TLSv1.2 TLSv1.3;\n"
          + "server { listen 127.0.0.1:%1$d ssl; server_name api.acme.test; %2$s"
          + " ssl_ciphers " + STRONG + "; " + commands + " return 200 ok; }\n";
      try (LoopbackNginx n = ServedNginx.serve(dir, conf, port)) {
        boolean ccm8 = ServedNginx.handshake(port, "api.acme.test", "-tls1_3",
            "-ciphersuites", "TLS_AES_128_CCM_8_SHA256") != null;
        boolean cbc = ServedNginx.handshake(port, "api.acme.test", "-tls1_2", "-cipher", WEAK)
            != null;
        assertThat(ServedNginx.handshake(port, "api.acme.test", "-tls1_2", "-cipher", STRONG)
            != null).as(commands).isEqualTo(!cbc);
        Files.writeString(dir.resolve("policy.yaml"), policy.formatted(port));
        Finding f = ConfigScan.run(ConfigScan.load(dir, policy.formatted(port)),
            new NginxTlsCheck()).stream()
            .filter(x -> x.checkId().equals("config.nginx.tls_ciphers")).findFirst()
            .orElseThrow();
        String label = commands + " ccm8 " + ccm8 + " cbc " + cbc + ": " + f.observed();
        assertThat(f.status()).as(label).isEqualTo(ccm8 || cbc ? Status.FAIL : Status.PASS);
        if (ccm8) {
          assertThat(f.observed()).as(label).contains("TLS 1.3: ssl_conf_command Ciphersuites",
              "TLS_AES_128_CCM_8_SHA256 (forbidden by *_CCM_8_*)");
        }
        if (cbc) {
          assertThat(f.observed()).as(label).startsWith("ssl_conf_command CipherString " + WEAK
              + "; (nginx.conf:").contains("over ssl_ciphers " + STRONG,
              "OpenSSL reads it after ssl_ciphers", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA (CBC");
        }
      }
    }
  }

  @Test
  void aClientSendingSniForANamedServerGetsItsOwnCiphersForTls12() throws Exception {
    assumeTrue(LoopbackNginx.available());
    for (boolean namedIsWeak : new boolean[] {true, false}) {
      int port = LoopbackNginx.freePort();
      String conf = "ssl_protocols TLSv1.2 TLSv1.3;\n"
          + "server { listen 127.0.0.1:%1$d ssl default_server; server_name other.test; %2$s"
          + " ssl_ciphers " + (namedIsWeak ? STRONG : WEAK + ":" + STRONG) + ";"
          + " ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256; return 200 d; }\n"
          + "server { listen 127.0.0.1:%1$d ssl; server_name api.acme.test; %2$s"
          + " ssl_ciphers " + (namedIsWeak ? WEAK + ":" + STRONG : STRONG) + ";"
          + " ssl_conf_command Ciphersuites TLS_AES_256_GCM_SHA384; return 200 ok; }\n";
      try (LoopbackNginx n = ServedNginx.serve(dir, conf, port)) {
        boolean weakServed = ServedNginx.handshake(port, "api.acme.test", "-tls1_2",
            "-cipher", WEAK) != null;
        assertThat(weakServed).as("nginx, named weak: " + namedIsWeak).isEqualTo(namedIsWeak);
        // TLS 1.3 suites stay the default server's: the named server's own is refused.
        assertThat(ServedNginx.handshake(port, "api.acme.test", "-tls1_3", "-ciphersuites",
            "TLS_AES_256_GCM_SHA384", "-curves", "prime256v1")).isNull();
        assertThat(ServedNginx.handshake(port, "api.acme.test", "-tls1_3", "-ciphersuites",
            "TLS_AES_128_GCM_SHA256", "-curves", "prime256v1")).startsWith("TLSv1.3");
        Finding named = judge(port, "config.nginx.tls_ciphers", "api.acme.test").get(0);
        assertThat(named.status()).as(named.observed())
            .isEqualTo(weakServed ? Status.FAIL : Status.PASS);
        assertThat(named.observed()).contains("SNI for api.acme.test", "TLS 1.2",
            "other.test", "without SNI", "TLS 1.3 suites");
      }
    }
  }

  @Test
  void anHttpsTargetOnAListenWithoutSslIsPlainHttpAndFails() throws Exception {
    assumeTrue(LoopbackNginx.available());
    for (boolean withCertificate : new boolean[] {true, false}) {
      int port = LoopbackNginx.freePort();
      String conf = "server { listen 127.0.0.1:%1$d; server_name api.acme.test; "
          + (withCertificate ? "%2$s" : "") + " return 200 plain; }\n";
      try (LoopbackNginx n = ServedNginx.serve(dir, conf, port)) {
        assertThat(ServedNginx.handshake(port, "api.acme.test", "-tls1_2")).isNull();
        HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(plain.body()).isEqualTo("plain");
        Finding f = judge(port, "config.nginx.tls_protocols", null).get(0);
        assertThat(f.status()).isEqualTo(Status.FAIL);
        assertThat(f.observed()).contains("listen 127.0.0.1:" + port + ";", "has no ssl",
            "plain HTTP");
        assertThat(f.observed().contains("ssl_certificate")).isEqualTo(withCertificate);
        Finding c = judge(port, "config.nginx.tls_ciphers", null).get(0);
        assertThat(c.status()).isEqualTo(Status.SKIPPED);
        assertThat(c.observed()).contains("no TLS on port " + port);
      }
    }
  }

  @Test
  void aListenWithoutSslGetsTlsFromAnotherServersListenOnTheSamePort() throws Exception {
    assumeTrue(LoopbackNginx.available());
    int port = LoopbackNginx.freePort();
    String conf = "ssl_ciphers DEFAULT:@SECLEVEL=0;\n"
        + "server { listen 127.0.0.1:%1$d ssl; server_name other.test; %2$s"
        + " ssl_protocols TLSv1 TLSv1.2; return 200 d; }\n"
        + "server { listen 127.0.0.1:%1$d; server_name api.acme.test; %2$s"
        + " ssl_protocols TLSv1.2; return 200 ok; }\n";
    try (LoopbackNginx n = ServedNginx.serve(dir, conf, port)) {
      assertThat(ServedNginx.negotiated(port, "api.acme.test", "-tls1_2")).isEqualTo("TLSv1.2");
      boolean acceptsTls1 = ServedNginx.negotiated(port, "api.acme.test", "-tls1") != null;
      assertThat(acceptsTls1).isTrue();
      Finding api = judge(port, "config.nginx.tls_protocols", "api.acme.test").get(0);
      assertThat(api.status()).as(api.observed()).isEqualTo(Status.FAIL);
      assertThat(api.observed()).contains("default server", "other.test", "TLS 1.0");
    }
  }

  @Test
  void unsetProtocolsAreTheDefaultThisNginxReleaseServes() throws Exception {
    assumeTrue(LoopbackNginx.available());
    int[] v = ServedNginx.version();
    NginxTlsCheck.DefaultProtocols row = NginxTlsCheck.DEFAULT_PROTOCOLS.stream()
        .filter(d -> d.covers(v)).findFirst().orElseThrow();
    int port = LoopbackNginx.freePort();
    // OpenSSL 3 refuses TLS 1.0 and 1.1 at its default security level: lowered here so that
    // what is seen is nginx's default, not OpenSSL's.
    try (LoopbackNginx n = ServedNginx.serve(dir, "ssl_ciphers DEFAULT:@SECLEVEL=0;\n"
        + "server { listen 127.0.0.1:%1$d ssl; server_name api.acme.test; %2$s return 200 ok; }\n",
        port)) {
      java.util.Map<TlsVersion, String> flags = java.util.Map.of(TlsVersion.TLS_1_0, "-tls1",
          TlsVersion.TLS_1_1, "-tls1_1", TlsVersion.TLS_1_2, "-tls1_2", TlsVersion.TLS_1_3,
          "-tls1_3");
      for (java.util.Map.Entry<TlsVersion, String> e : flags.entrySet()) {
        assertThat(ServedNginx.negotiated(port, "api.acme.test", e.getValue()) != null)
            .as(e.getKey() + " by default in nginx " + java.util.Arrays.toString(v) + ", "
                + row.releases())
            .isEqualTo(row.versions().contains(e.getKey()));
      }
      Finding f = judge(port, "config.nginx.tls_protocols", null).get(0);
      // min_version 1.2: a release whose default has TLS 1.0 or 1.1 is a forbidden default.
      long bad = NginxTlsCheck.DEFAULT_PROTOCOLS.stream().filter(d -> d.versions().stream()
          .anyMatch(x -> x.compareTo(TlsVersion.TLS_1_2) < 0)).count();
      assertThat(f.status()).as(f.observed()).isEqualTo(bad == 0 ? Status.PASS
          : bad == NginxTlsCheck.DEFAULT_PROTOCOLS.size() ? Status.FAIL : Status.WARN);
      assertThat(f.observed()).contains(row.releases(), "forbidden: TLS 1.0, TLS 1.1 "
          + row.releases());
    }
  }

  /**
   * Unset, the TLS 1.3 suites are OpenSSL's default and the TLS 1.2 list nginx's HIGH:!aNULL:!MD5:
   * what this nginx serves is compared with what the check assumed, and the verdicts follow the
   * suites served.
   */
  @Test
  void unsetSuitesAreTheLibrarysDefaultsJudgedAsAssumed() throws Exception {
    assumeTrue(LoopbackNginx.available());
    String policy = POLICY.replace("tls: {min_version: \"1.2\"}",
        "tls: {min_version: \"1.2\", forbidden_suites: [\"TLS_CHACHA20_*\"]}");
    int port = LoopbackNginx.freePort();
    String conf = "ssl_protocols TLSv1.2 TLSv1.3;\n"
        + "server { listen 127.0.0.1:%1$d ssl; server_name api.acme.test; %2$s"
        + " return 200 ok; }\n";
    try (LoopbackNginx n = ServedNginx.serve(dir, conf, port)) {
      List<String> served = new java.util.ArrayList<>();
      for (String suite : List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256")) {
        if (ServedNginx.handshake(port, "api.acme.test", "-tls1_3", "-ciphersuites", suite)
            != null) {
          served.add(suite);
        }
      }
      assertThat(served).containsExactlyInAnyOrderElementsOf(NginxTlsCheck.OPENSSL_TLS13_SUITES);
      // Every suite of the sample is in this OpenSSL's expansion of nginx's default, and the
      // ECDSA one (the certificate's key) is served for TLS 1.2.
      Process p = new ProcessBuilder("openssl", "ciphers", "-stdname", NginxTlsCheck
          .DEFAULT_CIPHERS).redirectErrorStream(true).start();
      String expansion = new String(p.getInputStream().readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8);
      assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      for (String suite : NginxTlsCheck.DEFAULT_CIPHERS_INCLUDE) {
        assertThat(expansion).contains(suite + " ");
      }
      boolean cbcServed = ServedNginx.handshake(port, "api.acme.test", "-tls1_2", "-cipher",
          WEAK) != null;
      assertThat(cbcServed).isTrue();
      for (String p2 : List.of(POLICY, policy)) {
        Finding f = ConfigScan.run(ConfigScan.load(dir, p2.formatted(port)),
            new NginxTlsCheck()).stream()
            .filter(x -> x.checkId().equals("config.nginx.tls_ciphers")).findFirst()
            .orElseThrow();
        assertThat(f.status()).as(f.observed()).isEqualTo(Status.FAIL);
        assertThat(f.observed()).contains("assumed to be OpenSSL's: "
            + String.join(":", NginxTlsCheck.OPENSSL_TLS13_SUITES), "OpenSSL 1.1.1 to 3.x",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA (CBC; in nginx's default HIGH:!aNULL:!MD5)",
            "as OpenSSL 1.1.1 to 3.x expand HIGH (assumed");
        assertThat(f.observed().contains("TLS_CHACHA20_POLY1305_SHA256 (forbidden by"
            + " TLS_CHACHA20_*; OpenSSL's default)")).as(f.observed())
            .isEqualTo(p2 == policy && served.contains("TLS_CHACHA20_POLY1305_SHA256"));
      }
    }
  }

  @Test
  void sslOnCountsOnlyInTheDefaultServerOfTheAddressPort() throws Exception {
    assumeTrue(LoopbackNginx.available());
    // nginx 1.25.1 removed the directive and refuses the config.
    assumeTrue(java.util.Arrays.compare(ServedNginx.version(), new int[] {1, 25, 1}) < 0);
    for (boolean inDefault : new boolean[] {true, false}) {
      int port = LoopbackNginx.freePort();
      String conf = "server { listen 127.0.0.1:%1$d; server_name other.test; %2$s"
          + (inDefault ? " ssl on;" : "") + " return 200 d; }\n"
          + "server { listen 127.0.0.1:%1$d; server_name api.acme.test; %2$s"
          + (inDefault ? "" : " ssl on;") + " return 200 ok; }\n";
      try (LoopbackNginx n = ServedNginx.serve(dir, conf, port)) {
        boolean tls = ServedNginx.handshake(port, "api.acme.test", "-tls1_2") != null;
        assertThat(tls).as("ssl on in the default server: " + inDefault).isEqualTo(inDefault);
        Finding f = judge(port, "config.nginx.tls_protocols", "api.acme.test").get(0);
        assertThat(f.status() == Status.FAIL).as(f.observed()).isEqualTo(!tls);
        assertThat(f.observed()).contains("ssl on;", inDefault ? "1.25.1" : "does nothing");
      }
    }
  }
}
