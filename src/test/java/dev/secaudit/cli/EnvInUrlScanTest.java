package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.secaudit.model.SecretForms;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password from ${env:} in a target's query and path reaches a loopback server as meant (a
 * form decoder reads it back whole: a hostile review saw {@code +} arrive raw, a space to such a
 * decoder), and no form of it is written anywhere.
 */
class EnvInUrlScanTest {
  private static final String PW = "hunter2-P4ss/word+é &x=1";

  @Test
  void aQueryValueIsSentAsOneComponentAndNeverWritten(@TempDir Path dir) throws Exception {
    List<String> targets = Collections.synchronizedList(new ArrayList<>());
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext("/", ex -> {
      targets.add(ex.getRequestURI().getRawPath() + "?" + ex.getRequestURI().getRawQuery());
      // An echo, as the hostile server did: the request target back in a header and the body.
      byte[] body = ("<p>" + ex.getRequestURI().getRawQuery() + "</p>")
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("X-Echo", ex.getRequestURI().getRawQuery());
      ex.getResponseHeaders().add("Content-Type", "text/html");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    try {
      Path policy = Files.writeString(dir.resolve("p.yaml"), """
          version: 1
          name: q
          settings: {timeouts: {connect: 2s, read: 3s, total: 5s}}
          targets:
            - name: app
              url: "http://127.0.0.1:%d/s/${env:PW}?pw=${env:PW}&lit=a+b"
          headers:
            X-Echo: {required: true, value: nope}
          """.formatted(server.getAddress().getPort()));
      Path out = dir.resolve("out");
      Cli.Result r = Cli.run(Map.of("PW", PW), null, "scan", "-p", policy.toString(), "-v",
          "--color", "never", "-o", out.toString());
      assertThat(r.code()).as(r.err()).isEqualTo(1);

      assertThat(targets).isNotEmpty();
      String target = targets.get(0);
      String[] pathAndQuery = target.split("\\?", 2);
      // One path segment holding the whole value, and the query parameter read back whole by a
      // form decoder; the policy's own "+" stays a "+" (a space to that decoder, as written).
      assertThat(pathAndQuery[0].split("/")).hasSize(3);
      assertThat(URLDecoder.decode(pathAndQuery[0].split("/")[2], StandardCharsets.UTF_8))
          .isEqualTo(PW);
      assertThat(pathAndQuery[1].split("&")).hasSize(2);
      assertThat(URLDecoder.decode(pathAndQuery[1].split("&")[0], StandardCharsets.UTF_8))
          .isEqualTo("pw=" + PW);
      assertThat(pathAndQuery[1]).endsWith("&lit=a+b");

      List<Path> written;
      try (Stream<Path> files = Files.walk(out)) {
        written = files.filter(Files::isRegularFile).toList();
      }
      assertThat(written).isNotEmpty();
      for (Path f : written) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(SecretForms.foundIn(text, PW)).as("%s", f).isEmpty();
        assertThat(text).doesNotContain("hunter2");
      }
      assertThat(SecretForms.foundIn(r.out() + r.err(), PW)).isEmpty();
      assertThat(r.out() + r.err()).doesNotContain("hunter2");
    } finally {
      server.stop(0);
    }
  }
}
