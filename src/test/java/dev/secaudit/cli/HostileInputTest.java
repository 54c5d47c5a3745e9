package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.secaudit.questionnaire.AnswerFixture;
import dev.secaudit.report.ScanJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of a blind hostile review, each through every command that reads its kind: a
 * forged or broken scan.json, an alias bomb, a policy nested hundreds deep, a workbook with an
 * external entity. Each is refused with exit 2 and a message a user can act on: the file, its
 * line and column, the field, what was expected and what the file holds, in plain words; never
 * the words of the library that noticed (Jackson, SnakeYAML, StAX).
 */
class HostileInputTest {
  @TempDir Path dir;

  /** Words of the libraries behind the readers; none may reach a user. */
  private static final List<String> INTERNALS = List.of("`", "java.", "Jackson", "jackson",
      "StreamReadConstraints", "JsonToken", "Cannot deserialize", "Cannot construct",
      "DateTimeParseException", "non-scalar", "Nesting Depth", "ParseError", "[row,col]",
      "Exception", "internal error");

  /** The unique text a forged scan.json carries where it is wrong, to find its place by. */
  private static final String BAD_TIME = "99999-99-99T99:99:99Z";

  /**
   * A forgery; {@code mark} is the text whose place the message names: where the value starts,
   * or (for a fault of the JSON text, marked "~") the line the parser stopped on.
   */
  private record Forged(String name, UnaryOperator<String> forge, String mark,
      List<String> named) {}

  private static final List<Forged> FORGED = List.of(
      // The review's scan-hugenum.json: a time no calendar has, in the run and in a finding.
      new Forged("run.started not a time", j -> replaceFirst(j, "\"started\" : \"",
          "\"started\" : \"" + BAD_TIME + "\", \"x\" : \""), "\"" + BAD_TIME,
          List.of("run.started: expected an ISO-8601 time", "got text '" + BAD_TIME + "'")),
      new Forged("finding time not a time", j -> replaceNth(j, "\"time\" : \"", 2,
          "\"time\" : \"" + BAD_TIME + "\", \"x\" : \""), "\"" + BAD_TIME,
          List.of("findings[1].time: expected an ISO-8601 time", "got text '" + BAD_TIME + "'")),
      // A line number of 401 digits.
      new Forged("huge number", j -> replaceFirst(j, "\"policy_line\" : ",
          "\"policy_line\" : 1" + "0".repeat(400) + ", \"x\" : "), "1" + "0".repeat(400),
          List.of("policy_line: expected a whole number up to 2147483647", "(401 characters)")),
      new Forged("NaN", j -> replaceFirst(j, "\"policy_line\" : ",
          "\"policy_line\" : NaN, \"x\" : "), "~NaN",
          List.of("not a valid scan JSON: expected a value, got NaN")),
      new Forged("a field twice", j -> replaceFirst(j, "\"status\" : \"",
          "\"status\" : \"PASS\", \"status\" : \""), "~\"status\" : \"",
          List.of("the field 'status' appears twice in one object")),
      new Forged("wrong type", j -> replaceFirst(j, "\"evidence\" : [",
          "\"evidence\" : 5, \"x\" : ["), "5, \"x\"",
          List.of("findings[0].evidence: expected a list, got the number 5")),
      new Forged("cut short", j -> j.substring(0, j.indexOf("\"remediation\" : \"") + 20), null,
          List.of("not a valid scan JSON: the file ends in the middle of a text value",
              "cut short")),
      new Forged("invalid UTF-8", j -> replaceFirst(j, "\"title\" : \"", "\"title\" : \"\u00ff"),
          null, List.of("not a valid scan JSON: not UTF-8: the byte 0xFF")),
      // A mapping to a framework secaudit does not hold cannot be verified, nor rendered: the
      // file is refused at the finding's mappings, and the line feed it carries is shown as a
      // code, never written to stderr as a line of its own.
      new Forged("unknown framework", j -> replaceFirst(j, "\"mappings\" : [ \"",
          "\"mappings\" : [ \"evil\\n::error::x:1\", \""), "[ \"evil",
          List.of("expected a mapping to a framework secaudit knows (soc2, gdpr, iso27001),"
              + " got 'evil\\u000A::error::x:1'")),
      // The same for the run's frameworks, which the HTML report draws a view of each.
      new Forged("unknown run framework", j -> replaceFirst(j, "\"frameworks\" : [",
          "\"frameworks\" : [ \"soc2\\n[x](https://evil.example)\" ], \"x\" : ["), null,
          List.of("run.frameworks[0]: 'soc2\\u000A[x](https://evil.example)' is not a framework"
              + " secaudit knows (soc2, gdpr, iso27001)")),
      // The review's scan-deep.json: a list nested 100,000 deep.
      new Forged("nested 100,000 deep", j -> "{\"schema\":" + "[".repeat(100_000)
          + "]".repeat(100_000) + "}", null,
          List.of(":1:1011: not a valid scan JSON: lists and objects nested more than 1000"
              + " deep")));

  @TestFactory
  Stream<DynamicTest> aForgedScanIsNamedAtItsPlaceByEveryCommandThatReadsOne() throws IOException {
    String scan = ScanJson.toJson(AnswerFixture.scan(AnswerFixture.SCANNED));
    List<DynamicTest> tests = new ArrayList<>();
    int n = 0;
    for (Forged forged : FORGED) {
      for (String command : List.of("report", "answer", "page", "merge")) {
        Path folder = Files.createDirectories(dir.resolve("case" + n++));
        tests.add(DynamicTest.dynamicTest(command + ": " + forged.name(), () -> {
          String text = forged.forge().apply(scan);
          Path file = folder.resolve("scan.json");
          // Latin-1 writes U+00FF as the one byte 0xFF: invalid UTF-8, as the review's was.
          Files.write(file, text.getBytes(forged.name().equals("invalid UTF-8")
              ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
          String err = refused(folder, command, file);
          assertThat(err).contains(file + ":");
          if (forged.mark() != null && forged.mark().startsWith("~")) {
            String at = place(text, forged.mark().substring(1));
            assertThat(err).contains(file + ":" + at.substring(0, at.indexOf(':') + 1));
          } else if (forged.mark() != null) {
            assertThat(err).contains(file + ":" + place(text, forged.mark()) + ": ");
          }
          for (String words : forged.named()) {
            assertThat(err).contains(words);
          }
        }));
      }
    }
    return tests.stream();
  }

  /** "line:column" of the first {@code mark} in {@code text}, counted here, not by secaudit. */
  private static String place(String text, String mark) {
    int at = text.indexOf(mark);
    String before = text.substring(0, at);
    int line = before.split("\n", -1).length;
    return line + ":" + (at - before.lastIndexOf('\n'));
  }

  private String refused(Path folder, String command, Path scan) throws IOException {
    Path policy = Files.writeString(folder.resolve("acme.yaml"), AnswerFixture.POLICY);
    List<String> args = switch (command) {
      case "report" -> List.of("report", "--from", scan.toString(), "-f", "csv");
      case "answer" -> List.of("answer", Files.writeString(folder.resolve("q.csv"),
              "ID,Question,Answer\nA-1,Do you use TLS?,\n").toString(), "--policy",
          policy.toString(), "--scan", scan.toString(), "-o", folder.resolve("a.csv").toString());
      case "page" -> List.of("page", "--policy", policy.toString(), "--scan", scan.toString(),
          "-o", folder.resolve("page").toString());
      default -> List.of("merge", scan.toString(), "-o", folder.resolve("out").toString());
    };
    return refusedWithUsage(args);
  }

  private static String refusedWithUsage(List<String> args) {
    Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.run(Map.of(),
        List.of(), Clock.fixed(AnswerFixture.ANSWERED, ZoneOffset.UTC),
        args.toArray(String[]::new)));
    assertThat(r.code()).as("secaudit %s\n%s", args, r.err()).isEqualTo(ExitCode.USAGE.code);
    for (String word : INTERNALS) {
      assertThat(r.err()).as("secaudit %s", args).doesNotContain(word);
    }
    return r.err();
  }

  private static String replaceFirst(String text, String what, String with) {
    return replaceNth(text, what, 1, with);
  }

  private static String replaceNth(String text, String what, int nth, String with) {
    int at = -1;
    for (int i = 0; i < nth; i++) {
      at = text.indexOf(what, at + 1);
    }
    assertThat(at).as("'%s' #%d in the fixture's scan", what, nth).isNotNegative();
    return text.substring(0, at) + with + text.substring(at + what.length());
  }

  private Path resource(String name) throws IOException {
    try (InputStream in = HostileInputTest.class.getResourceAsStream("/hostile/" + name)) {
      Path p = dir.resolve(name);
      Files.copy(in, p);
      return p;
    }
  }

  /** The review's billion-laughs.yaml: the 21st alias to a list is on line 6, column 18. */
  @Test
  void anAliasBombIsNamedWhereItCrossesTheLimit() throws IOException {
    Path bomb = resource("billion-laughs.yaml");
    for (List<String> args : List.of(List.of("validate", bomb.toString()),
        List.of("scan", "-p", bomb.toString(), "-o", dir.resolve("r").toString()))) {
      assertThat(refusedWithUsage(args)).contains(bomb + ":6:18: more than 20 aliases (*name)"
          + " to lists or mappings").contains("alias bomb?");
    }
  }

  /** deep-nesting.yaml and deep-nesting-map.yaml of the review, made here: 10,000 deep. */
  @Test
  void aPolicyOrWaiverNestedThousandsDeepIsNamedWhereItCrossesTheLimit() throws IOException {
    String head = "version: 1\nname: x\ntargets:\n  - {name: t, url: \"http://127.0.0.1:9/\"}\n";
    Path list = Files.writeString(dir.resolve("deep-list.yaml"), head + "headers:\n  X: "
        + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
    Path map = Files.writeString(dir.resolve("deep-map.yaml"), head + "claims: "
        + "{a: ".repeat(10_000) + "1" + "}".repeat(10_000) + "\n");
    // The top level and 'headers' are two levels: the 40th list is the 42nd, past 40 + 1.
    assertThat(refusedWithUsage(List.of("validate", list.toString())))
        .contains(list + ":6:45: lists and mappings nested more than 40 deep");
    assertThat(refusedWithUsage(List.of("scan", "-p", map.toString(), "-o",
        dir.resolve("r").toString()))).contains(map + ":5:").contains("nested more than 40 deep");
    Path policy = Files.writeString(dir.resolve("ok.yaml"), head);
    Path waivers = Files.writeString(dir.resolve("waivers.yaml"), "waivers:\n  - "
        + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
    assertThat(refusedWithUsage(List.of("validate", policy.toString(), "--waivers",
        waivers.toString()))).contains(waivers + ":2:").contains("nested more than 40 deep");
  }

  /** The review's q-xxe.xlsx: a sheet whose DOCTYPE declares file:///etc/passwd. */
  @Test
  void aWorkbookWithAnExternalEntityIsRefusedNamingThePartAndWhy() throws IOException {
    Path xxe = resource("q-xxe.xlsx");
    Path policy = Files.writeString(dir.resolve("acme.yaml"), AnswerFixture.POLICY);
    Path scan = Files.writeString(dir.resolve("scan.json"),
        ScanJson.toJson(AnswerFixture.scan(AnswerFixture.SCANNED)));
    String err = refusedWithUsage(List.of("answer", xxe.toString(), "--policy",
        policy.toString(), "--scan", scan.toString(), "-o", dir.resolve("a.xlsx").toString()));
    assertThat(err).contains(xxe + ": part xl/worksheets/sheet1.xml declares a DOCTYPE")
        .contains("entity").doesNotContain("passwd");
    assertThat(dir.resolve("a.xlsx")).doesNotExist();
  }
}
