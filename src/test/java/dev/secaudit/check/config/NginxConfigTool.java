package dev.secaudit.check.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Fixture helpers: nginx -t through the probe tests' tool, and a throwaway certificate. */
final class NginxConfigTool {
  private NginxConfigTool() {}

  static String wrap(String httpBody) {
    return dev.secaudit.probe.config.NginxTool.wrap(httpBody);
  }

  static void assertValid(Path dir, Path main) throws Exception {
    dev.secaudit.probe.config.NginxTool.assertValid(dir, main);
  }

  /**
   * ssl_certificate lines for a listen ... ssl server: nginx -t loads the files, so a real key
   * pair is made with openssl (made once per temp dir).
   */
  static String certificate(Path dir) throws Exception {
    Path cert = dir.resolve("nginx/cert.pem");
    Path key = dir.resolve("nginx/key.pem");
    if (!Files.exists(cert)) {
      Files.createDirectories(cert.getParent());
      Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
          "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=api.acme.test", "-days", "2",
          "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("openssl req failed");
      }
    }
    return "ssl_certificate " + cert + "; ssl_certificate_key " + key + ";";
  }
}
