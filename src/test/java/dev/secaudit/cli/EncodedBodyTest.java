package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that compresses its answers although secaudit asked for identity: a valid file is
 * judged on what it says once decoded, never on its compressed bytes; what cannot be decoded
 * (an encoding secaudit does not know, a body that inflates past the size cap) is an ERROR that
 * names what the server did, never a FAIL about the content.
 */
class EncodedBodyTest {
  private static final String SECURITY_TXT = "Contact: mailto:security@acme.test\n"
      + "Expires: " + java.time.Instant.now().plus(java.time.Duration.ofDays(180))
          .truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\n";
  private static final String PAGE = "<html><head><meta http-equiv=\"Content-Security-Policy\""
      + " content=\"default-src 'self'; object-src 'none'; base-uri 'none'\"></head>"
      + "<body>hello</body></html>";

  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r);
    t.setDaemon(true);
    return t;
  });
  private final List<ServerSocket> servers = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (ServerSocket s : servers) {
      s.close();
    }
    pool.shutdownNow();
  }

  interface Encoder {
    byte[] encode(byte[] plain) throws IOException;
  }

  /** Serves the page and security.txt, each sent with {@code coding} as {@code encoder} makes it. */
  private int serve(String coding, Encoder encoder) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    servers.add(server);
    pool.submit(() -> {
      while (!server.isClosed()) {
        Socket s;
        try {
          s = server.accept();
        } catch (IOException e) {
          return;
        }
        pool.submit(() -> answer(s, coding, encoder));
      }
    });
    return server.getLocalPort();
  }

  private static void answer(Socket s, String coding, Encoder encoder) {
    try (s) {
      InputStream in = s.getInputStream();
      StringBuilder head = new StringBuilder();
      for (int state = 0, b; state < 4 && (b = in.read()) >= 0; ) {
        head.append((char) b);
        state = b == '\r' || b == '\n' ? state + 1 : 0;
      }
      boolean txt = head.toString().startsWith("GET /.well-known/security.txt");
      byte[] body = encoder.encode((txt ? SECURITY_TXT : PAGE).getBytes(StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + (txt ? "text/plain" : "text/html")
          + "; charset=utf-8\r\nContent-Encoding: " + coding + "\r\nContent-Length: "
          + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
    } catch (IOException e) {
      // the client went away
    }
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(b)) {
      z.write(plain);
    }
    return b.toByteArray();
  }

  /** Raw deflate, without the zlib wrapper: what many servers send as "deflate". */
  private static byte[] rawDeflate(byte[] plain) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try (DeflaterOutputStream z = new DeflaterOutputStream(b, d)) {
      z.write(plain);
    } finally {
      d.end();
    }
    return b.toByteArray();
  }

  private static JsonNode scan(Path dir, int port) throws IOException {
    Files.createDirectories(dir);
    Path policy = Files.writeString(dir.resolve("p.yaml"), """
        version: 1
        name: encoded
        settings: {max_body_kb: 64, timeouts: {connect: 2s, read: 2s, total: 4s}}
        targets:
          - {name: t, url: "http://127.0.0.1:%d/"}
        csp: {required: true}
        security_txt: {required: true}
        """.formatted(port));
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run(Map.of(), null, "scan", "-p", policy.toString(), "-o",
        out.toString(), "--color", "never");
    assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1, 3);
    return new ObjectMapper().readTree(out.resolve("scan.json").toFile());
  }

  private static List<JsonNode> findings(JsonNode scan, String idPrefix) {
    List<JsonNode> out = new ArrayList<>();
    scan.get("findings").forEach(f -> {
      if (f.get("check_id").asText().startsWith(idPrefix)) {
        out.add(f);
      }
    });
    assertThat(out).as(idPrefix).isNotEmpty();
    return out;
  }

  private static String status(JsonNode scan, String checkId) {
    return findings(scan, checkId).get(0).get("status").asText();
  }

  @Test
  void aGzippedSecurityTxtAndPageAreJudgedOnWhatTheySay(@TempDir Path dir) throws Exception {
    JsonNode scan = scan(dir, serve("gzip", EncodedBodyTest::gzip));
    assertThat(status(scan, "security_txt.contact")).isEqualTo("PASS");
    assertThat(status(scan, "security_txt.expires")).isEqualTo("PASS");
    // Served over plain HTTP, the loopback server's file fails .present; nothing else fails.
    assertThat(findings(scan, "security_txt.")).noneMatch(f -> f.get("status").asText()
        .equals("FAIL") && !f.get("check_id").asText().equals("security_txt.present"));
    // The CSP sits only in the compressed page's <meta>: found there, so no "missing policy".
    assertThat(findings(scan, "csp.")).noneMatch(f -> f.get("observed").asText()
        .contains("no Content-Security-Policy"));
  }

  @Test
  void rawAndDoubleEncodingsAreUndoneInOrder(@TempDir Path dir) throws Exception {
    JsonNode raw = scan(dir.resolve("raw"), serve("deflate", EncodedBodyTest::rawDeflate));
    assertThat(status(raw, "security_txt.contact")).isEqualTo("PASS");
    JsonNode twice = scan(dir.resolve("twice"), serve("gzip, gzip", p -> gzip(gzip(p))));
    assertThat(status(twice, "security_txt.contact")).isEqualTo("PASS");
  }

  @Test
  void aBodyThatInflatesPastTheCapIsAnErrorNamingTheBomb(@TempDir Path dir) throws Exception {
    // 8 MiB of zeros, about 8 KiB on the wire: over the policy's 64 KiB once decoded.
    JsonNode scan = scan(dir, serve("gzip", p -> gzip(new byte[8 << 20])));
    for (JsonNode f : findings(scan, "security_txt.")) {
      assertThat(f.get("status").asText()).as(f.toString()).isEqualTo("ERROR");
      assertThat(f.get("observed").asText()).as(f.toString())
          .contains("Content-Encoding: gzip although secaudit asked for identity")
          .contains("decompressed to over 64 KiB").contains("compression bomb");
    }
  }

  @Test
  void anEncodingSecauditDoesNotDecodeIsAnErrorNotAFail(@TempDir Path dir) throws Exception {
    JsonNode scan = scan(dir, serve("br", p -> new byte[] {0x1b, 0x03, 0x00, (byte) 0xf8}));
    for (JsonNode f : findings(scan, "security_txt.")) {
      assertThat(f.get("status").asText()).as(f.toString()).isEqualTo("ERROR");
      assertThat(f.get("observed").asText()).as(f.toString())
          .contains("the body was not judged: the server sent Content-Encoding: br")
          .contains("decodes only gzip and deflate");
    }
    assertThat(findings(scan, "csp.")).allMatch(f -> f.get("status").asText().equals("ERROR"));
  }
}
