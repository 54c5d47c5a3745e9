package dev.secaudit.probe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nginx grammar on real files in a temp dir; where nginx is installed, the same fixtures go
 * through {@code nginx -t} so the reader is held to the real grammar (NginxTool).
 */
class NginxParserTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return ConfigFixtures.write(dir, name, text);
  }

  private List<NginxDirective> parse(Path main) throws ConfigProblem {
    return parse(main, ConfigFiles.Limits.DEFAULTS);
  }

  private List<NginxDirective> parse(Path main, ConfigFiles.Limits limits) throws ConfigProblem {
    return new NginxParser(new ConfigFiles(main.getParent(), limits, Clock.systemUTC()))
        .parse(main);
  }

  @Test
  void quotesEscapesCommentsAndVariablesAsNginxReadsThem() throws Exception {
    Path main = write("nginx.conf", NginxTool.wrap("""
          # a comment; with { braces }
          server {
            listen 127.0.0.1:8080;   # trailing comment
            server_name "app.example" 'www.app.example';
            add_header Content-Security-Policy "default-src 'self'; object-src 'none'" always;
            add_header X-Quote "say \\"hi\\"\\tthere";
            set $x a#b;
            return 200 "${x}-ok";
          }
        """));
    NginxTool.assertValid(dir, main);
    NginxDirective http = parse(main).stream().filter(d -> d.name().equals("http")).findFirst()
        .orElseThrow();
    NginxDirective server = http.child("server");
    assertThat(server.child("server_name").args())
        .containsExactly("app.example", "www.app.example");
    List<NginxDirective> headers = server.children("add_header");
    assertThat(headers.get(0).args()).containsExactly("Content-Security-Policy",
        "default-src 'self'; object-src 'none'", "always");
    assertThat(headers.get(1).arg(1)).isEqualTo("say \"hi\"\tthere");
    assertThat(server.child("set").args()).containsExactly("$x", "a#b");
    assertThat(server.child("return").args()).containsExactly("200", "${x}-ok");
    assertThat(server.child("listen").at()).isEqualTo("nginx.conf:" + (NginxTool.HEAD_LINES + 3));
  }

  @Test
  void includesExpandInPlaceSortedAndRelativeToTheMainFilesFolder() throws Exception {
    write("conf.d/b.conf", "server { server_name b.example; listen 127.0.0.1:8082; }\n");
    write("conf.d/a.conf", "server { server_name a.example; listen 127.0.0.1:8081; }\n");
    write("conf.d/.hidden.conf", "this would not parse\n");
    write("snippets/headers.conf", "add_header X-Frame-Options DENY;\n");
    Path main = write("nginx.conf", NginxTool.wrap("""
          include snippets/headers.conf;
          include conf.d/*.conf;
          include missing.d/*.conf;
        """));
    NginxTool.assertValid(dir, main);
    NginxDirective http = parse(main).stream().filter(d -> d.name().equals("http")).findFirst()
        .orElseThrow();
    assertThat(http.child("add_header").at()).isEqualTo("snippets/headers.conf:1");
    assertThat(http.children("server")).extracting(d -> d.child("server_name").arg(0))
        .containsExactly("a.example", "b.example");
    assertThat(http.children("server").get(1).at()).isEqualTo("conf.d/b.conf:1");
  }

  @Test
  void anUnterminatedBlockIsReportedAtTheLineNginxNames() throws Exception {
    Path main = write("nginx.conf", NginxTool.wrap("""
          server {
            listen 127.0.0.1:8080;
        """).replaceFirst("\\}\\s*$", ""));
    ConfigProblem e = assertThrows(ConfigProblem.class, () -> parse(main));
    assertThat(e.getMessage()).isEqualTo("unexpected end of file, expecting \"}\"");
    NginxTool.assertRejectedAt(dir, main, e.where());
  }

  @Test
  void aStrayClosingBraceAndAMissingSemicolonAreErrorsWithTheirLine() throws Exception {
    Path stray = write("stray.conf", "events {}\n}\n");
    ConfigProblem e = assertThrows(ConfigProblem.class, () -> parse(stray));
    assertThat(e.toString()).isEqualTo("stray.conf:2: unexpected \"}\"");
    NginxTool.assertRejectedAt(dir, stray, e.where());

    Path open = write("open.conf", "events {}\nworker_processes 1\n");
    e = assertThrows(ConfigProblem.class, () -> parse(open));
    assertThat(e.getMessage()).contains("unexpected end of file, expecting \";\" or \"}\"");
  }

  @Test
  void anIncludeLoopIsAnErrorNamingTheChain() throws Exception {
    write("a.conf", "include b.conf;\n");
    write("b.conf", "\n\ninclude a.conf;\n");
    Path main = write("nginx.conf", "events {}\ninclude a.conf;\n");
    ConfigProblem e = assertThrows(ConfigProblem.class, () -> parse(main));
    assertThat(e.where()).isEqualTo("b.conf:3");
    assertThat(e.getMessage())
        .isEqualTo("include loop: nginx.conf -> a.conf -> b.conf -> a.conf");
  }

  @Test
  void binaryHugeMissingAndLoopingFilesAreProblemsNotExceptions() throws Exception {
    Path binary = dir.resolve("bin.conf");
    Files.write(binary, new byte[] {'e', 'v', '\n', 'x', 0, 1, 2});
    ConfigProblem e = assertThrows(ConfigProblem.class, () -> parse(binary));
    assertThat(e.toString()).startsWith("bin.conf:2: binary file");

    // A sparse 5 GiB file: read as a stream and cut at the cap, so this costs nothing.
    Path huge = dir.resolve("huge.conf");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(5L << 30);
    }
    e = assertThrows(ConfigProblem.class, () -> parse(huge));
    assertThat(e.toString()).isEqualTo("huge.conf: larger than the 4096 KiB cap for one config"
        + " file; not parsed");

    Path main = write("nginx.conf", "events {}\ninclude gone.conf;\n");
    e = assertThrows(ConfigProblem.class, () -> parse(main));
    assertThat(e.toString()).isEqualTo("nginx.conf:2: cannot read gone.conf: no such file");

    Path loop = dir.resolve("loop.conf");
    Files.createSymbolicLink(loop, dir.resolve("loop2.conf"));
    Files.createSymbolicLink(dir.resolve("loop2.conf"), loop);
    e = assertThrows(ConfigProblem.class, () -> parse(loop));
    assertThat(e.getMessage()).startsWith("cannot read loop.conf:");
  }

  @Test
  void tooManyFilesAndTooLittleTimeStopTheReading() throws Exception {
    for (int i = 0; i < 5; i++) {
      write("many/" + i + ".conf", "# nothing\n");
    }
    Path main = write("nginx.conf", "include many/*.conf;\n");
    ConfigProblem e = assertThrows(ConfigProblem.class, () -> parse(main,
        new ConfigFiles.Limits(1 << 20, 1 << 20, 3, 16, 64, Duration.ofSeconds(10))));
    assertThat(e.toString()).isEqualTo("nginx.conf:1: more than 3 files included; stopped before"
        + " many/2.conf");
    e = assertThrows(ConfigProblem.class, () -> parse(main,
        new ConfigFiles.Limits(1 << 20, 1 << 20, 300, 16, 64, Duration.ofSeconds(-1))));
    assertThat(e.getMessage()).startsWith("reading took longer than");
    e = assertThrows(ConfigProblem.class, () -> parse(main,
        new ConfigFiles.Limits(1 << 20, 25, 300, 16, 64, Duration.ofSeconds(10))));
    assertThat(e.toString()).isEqualTo("nginx.conf:1: the files included so far exceed the 0 KiB"
        + " cap for one config; stopped at many/0.conf");
  }

  @Test
  void deeplyNestedBlocksStopAtTheCapInsteadOfOverflowingTheStack() throws Exception {
    Path deep = write("deep.conf", "a {\n".repeat(200_000));
    ConfigProblem e = assertThrows(ConfigProblem.class, () -> parse(deep));
    assertThat(e.toString()).isEqualTo("deep.conf:65: blocks nested deeper than 64 levels");
  }
}
