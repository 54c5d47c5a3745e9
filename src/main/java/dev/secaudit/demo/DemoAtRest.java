package dev.secaudit.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/**
 * The demo's data at rest: a server's nginx and sshd configs, its logrotate config, a log
 * folder and a folder of generated reports, written next to the demo policy. Like the demo
 * target, mostly right with a few mistakes, so the at-rest checks show both verdicts.
 */
public final class DemoAtRest {
  private DemoAtRest() {}

  /** Writes {@code dir/at-rest/}; report ages count back from {@code now}. */
  public static void write(Path dir, Instant now) throws IOException {
    Path root = Files.createDirectories(dir.resolve("at-rest"));
    Files.writeString(root.resolve("nginx.conf"), NGINX);
    Files.writeString(root.resolve("sshd_config"), SSHD);
    Files.writeString(root.resolve("logrotate.conf"), LOGROTATE);
    Path logs = Files.createDirectories(root.resolve("logs"));
    Files.writeString(logs.resolve("app.log"), APP_LOG);
    Path reports = Files.createDirectories(root.resolve("reports"));
    int[] ageDays = {2, 11, 29, 45};
    for (int days : ageDays) {
      Path report = reports.resolve("report-" + days + "d.pdf");
      Files.writeString(report, "%PDF-1.7 demo report\n");
      Files.setLastModifiedTime(report, FileTime.from(now.minus(Duration.ofDays(days))));
    }
  }

  // TLS 1.1 is still enabled, and /account has an add_header of its own, so by nginx's
  // inheritance rule it sends no Strict-Transport-Security.
  private static final String NGINX = """
      events {}
      http {
        server_tokens off;
        ssl_protocols TLSv1.1 TLSv1.2 TLSv1.3;
        ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256;
        add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
        add_header X-Content-Type-Options nosniff always;
        add_header Content-Security-Policy "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'" always;
        add_header X-Frame-Options DENY always;
        add_header Referrer-Policy strict-origin-when-cross-origin always;
        add_header Permissions-Policy "geolocation=(), camera=(), microphone=()" always;
        add_header Cross-Origin-Opener-Policy same-origin always;
        add_header Cross-Origin-Resource-Policy same-origin always;

        server {
          listen 443 ssl;
          server_name 127.0.0.1;
          location / {
            root /srv/www;
          }
          location /account {
            add_header Cache-Control no-store always;
          }
        }
      }
      """;

  // Keys only, except that a Match block lets the office network log in with passwords.
  private static final String SSHD = """
      PermitRootLogin no
      PasswordAuthentication no
      KbdInteractiveAuthentication no
      PubkeyAuthentication yes

      Match Address 10.20.0.0/16
        PasswordAuthentication yes
      """;

  // 14 daily files plus the current one: 15 days, inside a 30-day window.
  private static final String LOGROTATE = """
      /var/log/demo/app.log {
        daily
        rotate 14
        compress
        missingok
      }
      """;

  // The card number is masked as it should be; the e-mail address on line 3 is not.
  private static final String APP_LOG = """
      2026-11-20T10:00:01Z INFO  request id=4f1c path=/login status=200 user=u_1842
      2026-11-20T10:00:07Z INFO  payment id=88a1 card=**** **** **** 4242 status=captured
      2026-11-20T10:01:12Z WARN  password reset requested for jane.doe@example.com
      2026-11-20T10:02:40Z INFO  request id=4f1d path=/account status=200 user=u_1842
      """;
}
