package dev.secaudit.check.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.probe.config.ConfigFixtures;
import dev.secaudit.probe.config.LoopbackNginx;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The served tests' side of a real nginx on loopback: start it on an http block's body, ask it
 * for a TLS handshake with openssl s_client, or send it a burst of requests, so a config verdict
 * can be compared with what a client gets.
 */
final class ServedNginx {
  private ServedNginx() {}

  /**
   * Starts nginx on {@code http} (an http block's body; %1$d is the port, %2$s the certificate
   * lines), written to dir/nginx/nginx.conf where the test policy's configs entry reads it.
   */
  static LoopbackNginx serve(Path dir, String http, int port) throws Exception {
    Path conf = ConfigFixtures.write(dir, "nginx/nginx.conf", "events {}\nhttp {\n"
        + LoopbackNginx.tempPaths(dir) + http.formatted(port, LoopbackNginx.certificate(dir))
        + "}\n");
    return LoopbackNginx.start(dir, conf, port);
  }

  /**
   * What openssl negotiates with {@code sni} and {@code options} ("-tls1_2", "-cipher", ...):
   * "TLSv1.2 ECDHE-ECDSA-AES128-SHA" (version and cipher), or null when no handshake completes.
   */
  static String handshake(int port, String sni, String... options) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect",
        "127.0.0.1:" + port, "-servername", sni));
    cmd.addAll(List.of(options));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    for (String line : out.split("\n")) {
      if (line.startsWith("New, TLSv")) {
        return line.replaceAll("New, (TLSv[0-9.]+), Cipher is (\\S+).*", "$1 $2");
      }
    }
    return null;
  }

  /** The version openssl negotiates when it offers only {@code flag}'s, or null. */
  static String negotiated(int port, String sni, String flag) throws Exception {
    String h = handshake(port, sni, flag, "-cipher", "DEFAULT:@SECLEVEL=0");
    return h == null ? null : h.substring(0, h.indexOf(' '));
  }

  /** The installed nginx's version as numbers: "nginx/1.22.1" is [1, 22, 1]. */
  static int[] version() throws Exception {
    Process p = new ProcessBuilder(dev.secaudit.probe.config.NginxTool.binary().toString(), "-v")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    String v = out.replaceAll("(?s).*nginx/([0-9.]+).*", "$1");
    return java.util.Arrays.stream(v.split("\\.")).mapToInt(Integer::parseInt).toArray();
  }

  /**
   * The statuses of {@code n} quick plain-HTTP requests to {@code path}, counted. Written by hand
   * so that the Host header ({@code headers} may set it; api.acme.test otherwise) is the test's.
   */
  static Map<Integer, Integer> burst(int port, String path, int n, String... headers)
      throws Exception {
    Map<Integer, Integer> out = new TreeMap<>();
    for (String reply : replies(port, path, n, headers)) {
      out.merge(Integer.parseInt(reply.substring(9, 12)), 1, Integer::sum);
    }
    return out;
  }

  /**
   * How many of {@code n} quick requests reached the handler the limit protects: whose answer
   * carries {@code marker}, which only the handler's content has (nginx's own return, redirect
   * or refusal does not).
   */
  static int handled(int port, String path, int n, String marker, String... headers)
      throws Exception {
    return (int) replies(port, path, n, headers).stream().filter(r -> r.contains(marker))
        .count();
  }

  /** The raw answers to {@code n} quick requests, one connection each. */
  private static List<String> replies(int port, String path, int n, String... headers)
      throws Exception {
    StringBuilder head = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
    boolean host = false;
    for (int i = 0; i + 1 < headers.length; i += 2) {
      head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
      host |= headers[i].equalsIgnoreCase("Host");
    }
    head.append(host ? "" : "Host: api.acme.test\r\n").append("Connection: close\r\n\r\n");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.setSoTimeout(10_000);
        s.getOutputStream().write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.add(new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1));
      }
    }
    return out;
  }
}
