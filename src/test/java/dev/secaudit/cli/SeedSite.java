package dev.secaudit.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.secaudit.probe.tls.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import org.jsoup.nodes.Entities;

/**
 * One seed security page (src/test/resources/seeds), served as a small company would serve it: a home page
 * linking to /security over HTTPS on loopback, with a certificate from a test CA named as the
 * issuer the test asks for, a session cookie and the headers the test gives. The page's text
 * becomes HTML the way such pages are built: headings, paragraphs, bullet lists.
 */
final class SeedSite implements AutoCloseable {
  private final HttpsServer server;

  private SeedSite(HttpsServer server) {
    this.server = server;
  }

  /**
   * @param headers extra response headers of every page, as name/value pairs
   * @param caOut where the test CA's root goes, for --ca-file
   */
  static SeedSite serve(Path seed, String issuerOrg, List<String[]> headers, Path caOut)
      throws Exception {
    TestPki pki = new TestPki(issuerOrg, Instant.now());
    pki.writeRoot(caOut);
    HttpsServer https = HttpsServer.create(new InetSocketAddress(
        InetAddress.getByName("127.0.0.1"), 0), 16);
    https.setHttpsConfigurator(new HttpsConfigurator(
        pki.issue(TestPki.Spec.good(Instant.now())).serverContext()));
    // A page captured as HTML is served as it is, from a site with a sign-in page.
    boolean asIs = seed.toString().endsWith(".html");
    String page = asIs ? Files.readString(seed) : html(Files.readString(seed));
    https.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      if (path.equals("/")) {
        send(ex, 200, "<!doctype html><html><head><title>Home</title></head><body>"
            + "<h1>Welcome</h1><p>We make software for teams.</p>"
            + "<a href=\"/security\">Security</a>"
            + (asIs ? " <a href=\"/login\">Log in</a>" : "") + "</body></html>", headers);
      } else if (asIs && path.equals("/login")) {
        send(ex, 200, "<!doctype html><html><body><form method=\"post\" action=\"/login\">"
            + "<input name=\"email\"><input name=\"password\" type=\"password\"></form>"
            + "</body></html>", headers);
      } else if (path.equals("/security")) {
        send(ex, 200, page, headers);
      } else {
        send(ex, 404, "<!doctype html><p>not found</p>", headers);
      }
    });
    https.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "seed-site");
      t.setDaemon(true);
      return t;
    }));
    https.start();
    return new SeedSite(https);
  }

  String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  private static void send(HttpExchange ex, int status, String body, List<String[]> headers)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
    for (String[] h : headers) {
      ex.getResponseHeaders().add(h[0], h[1]);
    }
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  /**
   * Short lines without a full stop are headings, "- " lines list items, the rest paragraphs:
   * the shape the captured pages had before they were flattened to text.
   */
  static String html(String text) {
    StringBuilder b = new StringBuilder("<!doctype html><html><head><title>Security</title>"
        + "</head><body>");
    boolean inList = false;
    boolean inTable = false;
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      boolean row = line.startsWith("|");
      if (row != inTable) {
        b.append(row ? "<table>" : "</table>");
        inTable = row;
      }
      if (row) {
        // A table in the page's markdown capture, one table as a site renders it: the
        // separator row is no row, and the row over it is the header (th cells).
        if (!line.matches("\\|[-|: ]+\\|")) {
          String cell = i + 1 < lines.length && lines[i + 1].strip().matches("\\|[-|: ]+\\|")
              ? "th" : "td";
          b.append("<tr>");
          for (String c : line.substring(1, line.length() - 1).split("\\|")) {
            b.append('<').append(cell).append('>').append(Entities.escape(c.strip()))
                .append("</").append(cell).append('>');
          }
          b.append("</tr>");
        }
        continue;
      }
      boolean item = line.startsWith("- ");
      if (item != inList) {
        b.append(item ? "<ul>" : "</ul>");
        inList = item;
      }
      String escaped = Entities.escape(item ? line.substring(2) : line);
      if (item) {
        b.append("<li>").append(escaped).append("</li>");
      } else if (line.length() <= 60 && !line.matches(".*[.:!?]$")) {
        b.append("<h2>").append(escaped).append("</h2>");
      } else {
        b.append("<p>").append(escaped).append("</p>");
      }
    }
    return b.append(inList ? "</ul>" : "").append(inTable ? "</table>" : "")
        .append("</body></html>").toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
