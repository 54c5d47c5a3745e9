package dev.secaudit.check.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Value;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sentences of the TLS config verdicts that say which server's settings a client gets: the
 * served tests (NginxServedTlsTest) prove the behaviour, these pin what the finding says.
 */
class NginxTlsVerdictTextTest {
  @TempDir Path dir;

  private static final String POLICY = """
      version: 1
      name: acme
      targets:
        - {name: api, url: "https://api.acme.test:8443"}
      tls: {min_version: "1.2"}
      configs:
        - {name: edge, kind: nginx, path: nginx/nginx.conf, target: api}
      """;

  private List<Finding> scan(String http) throws Exception {
    return ConfigScan.nginx(dir, POLICY, http.replace("CERT", NginxConfigTool.certificate(dir)),
        new NginxTlsCheck());
  }

  private static Finding of(List<Finding> fs, String id, String server) {
    return fs.stream().filter(f -> f.checkId().equals(id))
        .filter(f -> f.subject().endsWith("server " + server)).findFirst().orElseThrow();
  }

  @Test
  void aNamedServersCiphersSayWhatSniClientsAndOthersGet() throws Exception {
    List<Finding> fs = scan("""
        ssl_protocols TLSv1.2 TLSv1.3;
        server { listen 8443 ssl; server_name other.test; CERT ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256; }
        server { listen 8443 ssl; server_name api.acme.test; CERT ssl_ciphers ECDHE-ECDSA-AES128-SHA; }
        """);
    Finding named = of(fs, NginxTlsCheck.CIPHERS, "api.acme.test");
    assertThat(named.status()).isEqualTo(Status.FAIL);
    // No Ciphersuites in the default server: TLS 1.3 gets the library's default, said so.
    assertThat(named.observed()).isEqualTo("ssl_ciphers ECDHE-ECDSA-AES128-SHA; in"
        + " nginx.conf:6 server api.acme.test; TLS 1.3: no ssl_conf_command Ciphersuites in"
        + " effect for nginx.conf:5 server other.test, so the library's default, assumed to be"
        + " OpenSSL's: TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256"
        + " (OpenSSL 1.1.1 to 3.x; the config does not name the OpenSSL nginx was built with,"
        + " and a system openssl.cnf may set other suites; nginx -V names the library, and the"
        + " live tls.* checks see what is served): TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA (CBC)"
        + "; a client that sends SNI for api.acme.test gets this server's ssl_ciphers for"
        + " TLS 1.2 (OpenSSL picks the cipher after SNI has chosen the server; nginx 1.22.1"
        + " with OpenSSL 3.0 checked, other builds may differ), while a client without SNI"
        + " gets nginx.conf:5 server other.test's, and TLS 1.3 suites and curves are"
        + " nginx.conf:5 server other.test's");
    // other.test answers only other names on the port: not the target's, named in one INFO.
    assertThat(fs).noneMatch(f -> f.subject().endsWith("server other.test"));
    Finding leftOut = fs.stream().filter(f -> f.status() == Status.INFO).findFirst()
        .orElseThrow();
    assertThat(leftOut.subject()).isEqualTo("nginx.conf servers target api does not reach");
    assertThat(leftOut.observed()).isEqualTo("judged nginx.conf:6 server api.acme.test; left"
        + " out: nginx.conf:5 server other.test: on port 8443 too, but nginx answers Host"
        + " api.acme.test with nginx.conf:6 server api.acme.test (by server_name, then the"
        + " default server)");
  }

  @Test
  void sslConfCommandListsAreNamedWhereTheyDecide() throws Exception {
    List<Finding> fs = scan("""
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_conf_command Ciphersuites TLS_AES_128_CCM_SHA256:TLS_AES_256_GCM_SHA384;
        server { listen 8443 ssl; server_name api.acme.test; CERT
          ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256;
          ssl_conf_command CipherString ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-SHA; }
        """);
    Finding f = of(fs, NginxTlsCheck.CIPHERS, "api.acme.test");
    assertThat(f.status()).isEqualTo(Status.FAIL);
    // ssl_conf_command is an array directive: the server's own hides the http block's.
    assertThat(f.observed()).isEqualTo("ssl_conf_command CipherString"
        + " ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-SHA; (nginx.conf:8) in effect for"
        + " nginx.conf:6 server api.acme.test, over ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256;"
        + " (nginx.conf:7): OpenSSL reads it after ssl_ciphers; TLS 1.3: no ssl_conf_command"
        + " Ciphersuites in effect, so the library's default, assumed to be OpenSSL's: "
        + String.join(":", NginxTlsCheck.OPENSSL_TLS13_SUITES) + " (OpenSSL 1.1.1 to 3.x; the"
        + " config does not name the OpenSSL nginx was built with, and a system openssl.cnf may"
        + " set other suites; nginx -V names the library, and the live tls.* checks see what is"
        + " served): TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA (CBC)");
    assertThat(f.observedValue()).isEqualTo(new Value.Setting("ssl_ciphers",
        "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-SHA"));
    fs = scan("""
        ssl_protocols TLSv1.3;
        ssl_conf_command Ciphersuites TLS_AES_128_CCM_SHA256:TLS_AES_256_GCM_SHA384;
        server { listen 8443 ssl; server_name api.acme.test; CERT }
        """);
    f = of(fs, NginxTlsCheck.CIPHERS, "api.acme.test");
    assertThat(f.status()).isEqualTo(Status.PASS);
    assertThat(f.observed()).isEqualTo("ssl_ciphers unset (default HIGH:!aNULL:!MD5) in"
        + " nginx.conf:6 server api.acme.test (only TLS 1.3 is enabled, whose suites ssl_ciphers"
        + " does not choose); TLS 1.3: ssl_conf_command Ciphersuites"
        + " TLS_AES_128_CCM_SHA256:TLS_AES_256_GCM_SHA384; (nginx.conf:5): 2 suite(s) named,"
        + " all allowed");
  }

  @Test
  void anHttpsTargetOnAPlainListenIsAFailNamingTheListenAndTheUnusedCertificate()
      throws Exception {
    List<Finding> fs = scan("""
        server { listen 8443; server_name api.acme.test; CERT }
        server { listen 9443 ssl; server_name other.test; CERT }
        """);
    Finding f = fs.stream().filter(x -> x.checkId().equals(NginxTlsCheck.PROTOCOLS))
        .filter(x -> x.status() == Status.FAIL).findFirst().orElseThrow();
    assertThat(f.subject()).isEqualTo("nginx.conf server api.acme.test");
    assertThat(f.observed()).startsWith("target api (https://api.acme.test:8443) is served by"
        + " nginx.conf:4 server api.acme.test: listen 8443; (nginx.conf:4) has no ssl, and no"
        + " server's listen on that address:port has it, so nginx answers plain HTTP on the"
        + " port the policy calls https (a TLS client gets no handshake); ssl_certificate ");
    assertThat(f.observed()).endsWith("is not used without ssl on the listen");
    assertThat(f.observedValue()).isEqualTo(new Value.Setting("listen", "8443"));
    assertThat(f.expected()).isEqualTo("TLS on port 8443, as the https URL of api"
        + " (https://api.acme.test:8443) says");
    // The other server is on another port: not the target's, so not judged for it.
    assertThat(fs.stream().filter(x -> x.checkId().equals(NginxTlsCheck.CIPHERS))
        .map(Finding::status)).containsExactly(Status.SKIPPED);
    assertThat(fs.stream().filter(x -> x.status() == Status.INFO).findFirst().orElseThrow()
        .observed()).endsWith("left out: nginx.conf:5 server other.test (listen 9443):"
            + " not on port 8443");
  }

  @Test
  void aPlainListenBesideAnSslListenOnTheSamePortIsJudgedAsTls() throws Exception {
    // 0.0.0.0:8443 is the same address:port as 8443 to nginx (checked with nginx 1.22.1; the
    // served test stays on 127.0.0.1, as tests bind only loopback).
    for (String sslListen : new String[] {"8443", "0.0.0.0:8443", "*:8443"}) {
      List<Finding> fs = scan("""
          server { listen LISTEN ssl; server_name other.test; CERT ssl_protocols TLSv1.2; SUITE }
          server { listen 8443; server_name api.acme.test; ssl_protocols TLSv1.2; SUITE }
          """.replace("LISTEN", sslListen)
          .replace("SUITE", "ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256;"));
      assertThat(fs).as(sslListen)
          .noneMatch(f -> f.status() == Status.FAIL || f.status() == Status.SKIPPED);
      assertThat(of(fs, NginxTlsCheck.PROTOCOLS, "api.acme.test").observed())
          .contains("default server nginx.conf:4 server other.test");
    }
  }

  /** Written without nginx -t: nginx 1.25.1 and later refuse "ssl on". */
  private List<Finding> unchecked(String http) throws Exception {
    dev.secaudit.probe.config.ConfigFixtures.write(dir, "nginx/nginx.conf", NginxConfigTool
        .wrap(http.replace("CERT", NginxConfigTool.certificate(dir))));
    return ConfigScan.run(ConfigScan.load(dir, POLICY), new NginxTlsCheck());
  }

  @Test
  void sslOnSaysItsReleasesAndDoesNothingOutsideTheDefaultServer() throws Exception {
    List<Finding> fs = unchecked("""
        server { listen 8443; server_name other.test; CERT ssl on; ssl_protocols TLSv1.2; }
        server { listen 8443; server_name api.acme.test; }
        """);
    assertThat(of(fs, NginxTlsCheck.PROTOCOLS, "api.acme.test").observed()).contains(
        " in nginx.conf:4 server other.test (TLS by ssl on; at nginx.conf:4, deprecated since"
        + " nginx 1.15.0; nginx 1.25.1 and later refuse the config)");
    fs = unchecked("""
        server { listen 8443; server_name other.test; }
        server { listen 8443; server_name api.acme.test; CERT ssl on; }
        """);
    Finding f = fs.stream().filter(x -> x.checkId().equals(NginxTlsCheck.PROTOCOLS))
        .findFirst().orElseThrow();
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).contains("; ssl on; (nginx.conf:5) does nothing here: nginx"
        + " decides TLS from the default server of the address:port");
  }
}
