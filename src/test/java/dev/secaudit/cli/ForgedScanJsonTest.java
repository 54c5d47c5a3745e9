package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan.json edited by hand but still well-formed cannot make a report say more than its
 * findings: a summary or gate that contradicts them is recomputed, and a value that no run could
 * have written (a status or severity outside the lists, a verdict dated outside its run, a run
 * that finished before it started, a WAIVED finding without its waiver) is refused at its place
 * by every reader: report --from, merge, answer and page.
 */
class ForgedScanJsonTest {
  private static final Path REAL = Path.of("src/test/resources/reviews/probe/scan.json");
  private static final Path POLICY = Path.of("src/test/resources/reviews/probe/policy.yaml");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path forged(String name, Consumer<ObjectNode> edit) throws Exception {
    ObjectNode scan = (ObjectNode) JSON.readTree(REAL.toFile());
    edit.accept(scan);
    Path p = dir.resolve(name + ".json");
    JSON.writerWithDefaultPrettyPrinter().writeValue(p.toFile(), scan);
    return p;
  }

  private static ObjectNode failing(ObjectNode scan) {
    for (JsonNode f : scan.get("findings")) {
      if (f.get("status").asText().equals("FAIL")) {
        return (ObjectNode) f;
      }
    }
    throw new AssertionError("the recorded scan has a failure");
  }

  private static int index(ObjectNode scan, JsonNode finding) {
    for (int i = 0; i < scan.get("findings").size(); i++) {
      if (scan.get("findings").get(i) == finding) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void aSummarySayingPassOverFailuresIsRecomputedFromTheFindings() throws Exception {
    Path p = forged("summary", s -> {
      ObjectNode summary = (ObjectNode) s.get("summary");
      summary.put("findings", 3);
      ((ObjectNode) summary.get("by_status")).put("FAIL", 0).put("PASS", 999);
      ((ObjectNode) summary.get("gate")).put("outcome", "PASSED").put("failing", 0)
          .put("reason", "PASSED: nothing at or above low");
    });
    Cli.Result r = Cli.run("report", "--from", p.toString(), "-f", "json", "-o", "-");
    assertThat(r.code()).as(r.err()).isIn(0, 1);
    JsonNode written = JSON.readTree(r.out());
    JsonNode real = JSON.readTree(REAL.toFile());
    int fails = 0;
    for (JsonNode f : real.get("findings")) {
      fails += f.get("status").asText().equals("FAIL") ? 1 : 0;
    }
    assertThat(written.at("/summary/findings").asInt()).isEqualTo(real.get("findings").size());
    assertThat(written.at("/summary/by_status/FAIL").asInt()).isEqualTo(fails).isPositive();
    assertThat(written.at("/summary/gate/outcome").asText()).isEqualTo("FAILED");
    Path html = dir.resolve("report.html");
    Cli.Result h = Cli.run("report", "--from", p.toString(), "-f", "html", "-o", html.toString());
    assertThat(h.code()).as(h.err()).isIn(0, 1);
    assertThat(Files.readString(html)).doesNotContain("PASSED: nothing at or above low");
  }

  private record Forgery(String name, Consumer<ObjectNode> edit, String place, String words) {}

  private static List<Forgery> forgeries() {
    return List.of(
        new Forgery("status", s -> failing(s).put("status", "PASSED"), ".status",
            "'PASSED' is not one of"),
        new Forgery("severity", s -> failing(s).put("severity", "SEVERE"), ".severity",
            "'SEVERE' is not one of"),
        new Forgery("before", s -> failing(s).put("time", "2020-01-01T00:00:00Z"), ".time",
            "outside its run"),
        new Forgery("after", s -> failing(s).put("time", "2099-01-01T00:00:00Z"), ".time",
            "outside its run"),
        new Forgery("waived", s -> failing(s).put("status", "WAIVED"), ".status",
            "WAIVED without the waiver"),
        new Forgery("backwards", s -> ((ObjectNode) s.get("run"))
            .put("finished", "2020-01-01T00:00:00Z"), "run.finished", "before the run started"));
  }

  @Test
  void valuesNoRunCouldWriteAreRefusedAtTheirPlaceByEveryReader() throws Exception {
    for (Forgery f : forgeries()) {
      ObjectNode probe = (ObjectNode) JSON.readTree(REAL.toFile());
      String place = f.place().startsWith(".") ? "findings[" + index(probe, failing(probe)) + "]"
          + f.place() : f.place();
      Path p = forged(f.name(), f.edit());
      List<Cli.Result> runs = List.of(
          Cli.run("report", "--from", p.toString(), "-f", "json", "-o", "-"),
          Cli.run("merge", p.toString(), "--partial", "-o", dir.resolve("m-" + f.name())
              .toString()),
          Cli.run("page", "--policy", POLICY.toString(), "--scan", p.toString(), "-o",
              dir.resolve("page-" + f.name()).toString()));
      for (Cli.Result r : runs) {
        assertThat(r.code()).as(f.name() + ": " + r.err()).isEqualTo(ExitCode.USAGE.code);
        assertThat(r.err()).as(f.name()).containsPattern(
            java.util.regex.Pattern.quote(p.toString()) + ":\\d+:\\d+: ")
            .contains(place).contains(f.words());
      }
      Path sheet = Files.writeString(dir.resolve("sheet.csv"),
          "id,question\nQ1,\"Do you enforce HTTPS?\"\n");
      Cli.Result answer = Cli.run("answer", sheet.toString(), "--policy", POLICY.toString(),
          "--scan", p.toString(), "-o", dir.resolve("a-" + f.name() + ".csv").toString());
      assertThat(answer.code()).as(f.name() + ": " + answer.err())
          .isEqualTo(ExitCode.USAGE.code);
      assertThat(answer.err()).contains(place).contains(f.words());
    }
  }
}
