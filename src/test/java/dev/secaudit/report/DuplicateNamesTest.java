package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.policy.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A name twice in one object of a scan.json is refused where the parser's own check finds it:
 * a finding's names are checked by FindingReader, what they hold by the parser, and every report
 * names the same field at the same line and column as a strict walk of the file's tokens.
 */
class DuplicateNamesTest {
  @TempDir Path dir;

  private final String scan = ScanJson.toJson(ReportFixture.scan());

  /** Before the n-th (from 1) match of {@code key} after the findings begin, {@code text}. */
  private String before(String key, int n, String text) {
    Matcher m = Pattern.compile(key).matcher(scan);
    int from = scan.indexOf("\"findings\"");
    for (int i = 0; i < n; i++) {
      assertThat(m.find(from)).as("%s #%d", key, n).isTrue();
      from = m.end();
    }
    return scan.substring(0, m.start()) + text + scan.substring(m.start());
  }

  /** Inside the first object that begins at the n-th match of {@code key}, first, {@code text}. */
  private String inside(String key, int n, String text) {
    String marked = before(key, n, "\u0000");
    int at = marked.indexOf('{', marked.indexOf('\u0000')) + 1;
    return marked.substring(0, at).replace("\u0000", "") + text + marked.substring(at);
  }

  @Test
  void aFindingsNameTwiceIsRefusedWhereTheParserWouldRefuseIt() throws IOException {
    String title = "\"title\"\\s*:";
    check(before(title, 1, "\"title\" : \"x\",\n    "), "title");
    check(before(title, 1, "\"title\"   :   \"x\" ,  "), "title");
    // An escaped spelling is the same name; one on a line after wide characters.
    check(before(title, 1, "\"t\\u0069tle\" : \"x\", "), "title");
    check(before(title, 1, "\"note\" : \"\u2014\u00e9\u4e2d\", \"title\" : \"x\", "), "title");
    check(before("\"check_id\"\\s*:", 1, "\"check_id\" : \"x\", "), "check_id");
    // A finding's name this reader does not know, twice.
    check(before(title, 1, "\"z\u00e9\" : 1, \"z\u00e9\" : [2], "), "z\u00e9");
    // Twice within what a field holds: an object it skips, one in a list, a typed value.
    check(before(title, 1, "\"extra\" : {\"a\":1,\"b\":2,\"c\":3,\"a\":4}, "), "a");
    check(before(title, 1, "\"extra\" : [ {\"a\":1, \"a\":2} ], "), "a");
    check(inside("\"waiver\"\\s*:\\s*\\{", 1, "\"a\":1, \"a\":2, "), "a");
    check(before(title, 1, "\"title\" : {\"x\":1,\"x\":2}, "), "x");
    // A later finding, and an artifact after the findings: the parser's check still holds for
    // every object after the first finding's.
    check(before(title, 3, "\"title\" : \"x\", "), "title");
    // (An artifact is bound as a tree and named by its path: "artifacts[0]: the field 'id'…".)
    Path file = write(inside("\"artifacts\"\\s*:", 1, "\"id\" : \"a\", \"id\" : \"b\", "));
    for (ReportSet.Format format : ReportSet.Format.values()) {
      assertThatThrownBy(() -> ReportSet.prepare(file, format, false)).as("%s", format)
          .isInstanceOf(UsageException.class).hasMessageContaining(
              "artifacts[0]: the field 'id' appears twice in one object");
    }
  }

  @Test
  void aFileWithNoNameTwiceIsRead() throws IOException {
    Path file = write(before("\"title\"\\s*:", 2, "\"extra\" : {\"a\":{\"a\":1}}, "));
    assertThat(ScanJson.read(file).findings()).hasSize(ReportFixture.scan().findings().size());
  }

  /** Every way a scan is read refuses {@code json} with the parser's words and place. */
  private void check(String json, String name) throws IOException {
    Path file = write(json);
    JsonLocation at = strictWalk(file);
    assertThat(at).as("the forged file has a name twice").isNotNull();
    String expected = file + ":" + at.getLineNr() + ":" + at.getColumnNr()
        + ": not a valid scan JSON: the field '" + name + "' appears twice in one object";
    assertThatThrownBy(() -> ScanJson.read(file)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith(expected);
    for (ReportSet.Format format : ReportSet.Format.values()) {
      assertThatThrownBy(() -> ReportSet.prepare(file, format, false))
          .as("%s", format).isInstanceOf(UsageException.class).hasMessageStartingWith(expected);
    }
  }

  private Path write(String json) throws IOException {
    Path file = dir.resolve("scan.json");
    Files.writeString(file, json, StandardCharsets.UTF_8);
    return file;
  }

  /** Where a walk of the file's tokens with the parser's check on stops, or null. */
  private static JsonLocation strictWalk(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file);
        JsonParser p = new ObjectMapper().createParser(in)) {
      p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      while (p.nextToken() != null) {
        // To the end or to the refusal.
      }
    } catch (JsonParseException e) {
      return e.getLocation();
    }
    return null;
  }
}
