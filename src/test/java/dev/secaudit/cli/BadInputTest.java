package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secaudit.questionnaire.AnswerFixture;
import dev.secaudit.report.ScanJson;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input of every kind a careless user or a forger hands secaudit, each through the command
 * that reads it: every one exits 2 with a message naming the file and the field, never 70, never a
 * hang or an out-of-memory error. Nothing here is probed: a policy's target is a closed loopback
 * port, and every case is refused before a scan would start.
 */
class BadInputTest {
  @TempDir Path dir;

  /** A valid policy whose target nothing listens on; scans of it are refused before probing. */
  private static final String POLICY = """
      version: 1
      name: acme
      targets:
        - {name: app, url: "http://127.0.0.1:9/"}
      """;

  /**
   * One bad input: the command line run (built from a fresh folder, where it writes its files)
   * and the words the message must contain (the file, the field, the problem).
   */
  private record Case(String name, Setup setup) {}

  private interface Setup {
    Invocation in(Path folder) throws IOException;
  }

  private record Invocation(List<String> args, Map<String, String> env, List<String> named) {
    static Invocation of(List<String> named, String... args) {
      return new Invocation(List.of(args), Map.of(), named);
    }
  }

  private static Path write(Path folder, String name, String text) throws IOException {
    Path p = folder.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static Path writeBytes(Path folder, String name, byte[] bytes) throws IOException {
    Path p = folder.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private static Path policy(Path folder, String extra) throws IOException {
    return write(folder, "policy.yaml", POLICY + extra);
  }

  private static Path policyWithTarget(Path folder, String url) throws IOException {
    return write(folder, "policy.yaml", POLICY.replace("http://127.0.0.1:9/", url));
  }

  /** A real scan.json of the answer fixture, changed by {@code forge}. */
  private static Path scan(Path folder, String name, Consumer<ObjectNode> forge)
      throws IOException {
    ObjectNode tree = (ObjectNode) ScanJson.mapper().readTree(
        ScanJson.toJson(AnswerFixture.scan(AnswerFixture.SCANNED)));
    forge.accept(tree);
    return write(folder, name, ScanJson.mapper().writeValueAsString(tree));
  }

  /** A real scan.json, as secaudit writes it, with its last {@code cut} bytes missing. */
  private static Path truncatedScan(Path folder, String name, int cut) throws IOException {
    byte[] whole = ScanJson.toJson(AnswerFixture.scan(AnswerFixture.SCANNED))
        .getBytes(StandardCharsets.UTF_8);
    return writeBytes(folder, name, java.util.Arrays.copyOf(whole, whole.length - cut));
  }

  private static Consumer<ObjectNode> firstFinding(Consumer<ObjectNode> change) {
    return tree -> change.accept((ObjectNode) tree.get("findings").get(0));
  }

  private static Path fifo(Path folder, String name) throws IOException {
    Path p = folder.resolve(name);
    try {
      Process mk = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
      Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo failed");
    } catch (IOException e) {
      Assumptions.abort("no mkfifo here: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return p;
  }

  private static Path sparse(Path folder, String name, long size) throws IOException {
    Path p = folder.resolve(name);
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.setLength(size);
    }
    return p;
  }

  private static Path folderNamed(Path folder, String name) throws IOException {
    return Files.createDirectories(folder.resolve(name));
  }

  private static String s(Path p) {
    return p.toString();
  }

  /** The policy-file cases, each run through both validate and scan. */
  private static List<Case> policyCases() {
    List<Case> cases = new ArrayList<>();
    for (String port : List.of("0", "65536", "99999")) {
      cases.add(new Case("target port " + port, f -> {
        Path p = policyWithTarget(f, "http://127.0.0.1:" + port + "/");
        return Invocation.of(List.of(s(p) + ":4:", "targets[0].url", "port " + port,
            "1-65535"));
      }));
    }
    cases.add(new Case("http_url port 0", f -> {
      Path p = write(f, "policy.yaml", POLICY.replace("}", ", http_url: \"http://127.0.0.1:0/\"}"));
      return Invocation.of(List.of(s(p) + ":4:", "targets[0].http_url", "port 0"));
    }));
    cases.add(new Case("unset env", f -> {
      Path p = policyWithTarget(f, "http://127.0.0.1:9/?k=${env:SECAUDIT_TEST_UNSET}");
      return Invocation.of(List.of(s(p) + ":4:", "targets[0].url", "SECAUDIT_TEST_UNSET"));
    }));
    for (String[] t : new String[][] {{"connect", "25d"}, {"read", "11m"}, {"total", "2h"},
        {"target", "30d"}}) {
      cases.add(new Case("timeout " + t[0] + " " + t[1], f -> {
        Path p = policy(f, "settings:\n  timeouts: {" + t[0] + ": " + t[1] + "}\n");
        return Invocation.of(List.of(s(p) + ":6:", "settings.timeouts." + t[0], "at most"));
      }));
    }
    cases.add(new Case("local tag", f -> {
      Path p = write(f, "policy.yaml", POLICY.replace("name: acme", "name: !foo acme"));
      return Invocation.of(List.of(s(p) + ":2:", "name", "'!foo'"));
    }));
    cases.add(new Case("binary tag", f -> {
      Path p = policy(f, "hsts: !!binary aGVsbG8=\n");
      return Invocation.of(List.of(s(p) + ":5:", "hsts", "tag"));
    }));
    cases.add(new Case("python object tag on a mapping", f -> {
      Path p = policy(f, "tls: !!python/object:os.system {min_version: \"1.2\"}\n");
      return Invocation.of(List.of(s(p) + ":5:", "tls", "tag"));
    }));
    cases.add(new Case("alias bomb", f -> {
      StringBuilder b = new StringBuilder(POLICY).append("a0: &a0 [");
      b.append("lol,".repeat(5000)).append("lol]\n");
      for (int i = 1; i <= 9; i++) {
        b.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1)
            .append(", *a").append(i - 1).append("]\n");
      }
      Path p = write(f, "policy.yaml", b.toString());
      return Invocation.of(List.of(s(p) + ":", "a", "aliases"));
    }));
    cases.add(afterPolicy("recursive alias", "a: &a [*a]\n", "a[0]", "recursive alias"));
    cases.add(afterPolicy("recursive alias in a mapping", "tls: &t {certificate: *t}\n",
        "tls.certificate", "recursive alias"));
    cases.add(afterPolicy("every bad extends entry at once",
        "extends: [mozilla-ancient, ./missing.yaml]\npaths: 5\n", "extends[0]",
        "'mozilla-ancient'", "extends[1]", "'./missing.yaml'", ":6:", "paths"));
    cases.add(new Case("NUL byte", f -> {
      Path p = writeBytes(f, "policy.yaml", POLICY.replace("acme", "ac\0me")
          .getBytes(StandardCharsets.UTF_8));
      return Invocation.of(List.of(s(p) + ":2:9", "U+0000"));
    }));
    cases.add(new Case("ESC byte", f -> {
      Path p = write(f, "policy.yaml", POLICY.replace("acme", "\u001b[31macme"));
      return Invocation.of(List.of(s(p) + ":2:7", "U+001B"));
    }));
    cases.add(new Case("Latin-1 byte", f -> {
      Path p = writeBytes(f, "policy.yaml", POLICY.replace("acme", "caf\u00e9")
          .getBytes(StandardCharsets.ISO_8859_1));
      return Invocation.of(List.of(s(p) + ":2:10", "not UTF-8", "0xE9"));
    }));
    cases.add(new Case("misspelt key", f -> {
      Path p = policy(f, "tsl: {min_version: \"1.2\"}\n");
      return Invocation.of(List.of(s(p) + ":5:1", "unknown key 'tsl'", "did you mean 'tls'"));
    }));
    cases.add(new Case("policy is a folder", f -> {
      Path p = folderNamed(f, "policy.yaml");
      return Invocation.of(List.of(s(p), "directory"));
    }));
    cases.add(new Case("policy is /dev/zero", f ->
        Invocation.of(List.of("/dev/zero", "not a regular file"))));
    cases.add(new Case("policy is /dev/stdin", f ->
        Invocation.of(List.of("/dev/stdin", "not a regular file"))));
    cases.add(new Case("policy is a FIFO with no writer", f -> {
      Path p = fifo(f, "policy.yaml");
      return Invocation.of(List.of(s(p), "not a regular file"));
    }));
    cases.add(new Case("policy over the size cap", f -> {
      Path p = sparse(f, "policy.yaml", 64L * 1024 * 1024);
      return Invocation.of(List.of(s(p), "at most"));
    }));
    return cases;
  }

  /** A policy with {@code extra} lines after its four: the mistake is named at line 5. */
  private static Case afterPolicy(String name, String extra, String... named) {
    return new Case(name, f -> {
      Path p = policy(f, extra);
      List<String> words = new ArrayList<>(List.of(s(p) + ":5:"));
      words.addAll(List.of(named));
      return new Invocation(List.of(), Map.of(), words);
    });
  }

  /** A waiver that contains itself through an alias. */
  private static final String RECURSIVE_WAIVER = "- &w {id: W, check: tls.protocols, reason: r,"
      + " expires: 2099-01-01, x: [*w]}\n";

  /** Cases of the other input files, each with its own command line. */
  private static List<Case> otherCases() {
    List<Case> cases = new ArrayList<>();
    // Waivers.
    for (String kind : List.of("folder", "/dev/zero", "FIFO", "NUL")) {
      cases.add(new Case("waiver file: " + kind, f -> {
        Path p = policy(f, "");
        Path w = switch (kind) {
          case "folder" -> folderNamed(f, "waivers.yaml");
          case "/dev/zero" -> Path.of("/dev/zero");
          case "FIFO" -> fifo(f, "waivers.yaml");
          default -> writeBytes(f, "waivers.yaml", "waivers:\n  - id: a\0b\n"
              .getBytes(StandardCharsets.UTF_8));
        };
        String problem = switch (kind) {
          case "folder" -> "directory";
          case "NUL" -> ":2:";
          default -> "not a regular file";
        };
        return Invocation.of(List.of(s(w), problem), "validate", s(p), "--waivers", s(w));
      }));
    }
    cases.add(new Case("waiver file: recursive alias", f -> {
      Path p = policy(f, "");
      Path w = write(f, "waivers.yaml", RECURSIVE_WAIVER);
      return Invocation.of(List.of(s(w) + ":1:", "recursive alias"), "validate", s(p),
          "--waivers", s(w));
    }));
    cases.add(new Case("scan --waivers: recursive alias", f -> {
      Path w = write(f, "waivers.yaml", RECURSIVE_WAIVER);
      return Invocation.of(List.of(s(w) + ":1:", "recursive alias"), "scan", s(policy(f, "")),
          "--waivers", s(w), "-o", s(f.resolve("out")));
    }));
    cases.add(new Case("scan --waivers: comments only", f -> {
      Path w = write(f, "waivers.yaml", "# no waivers yet\n");
      return Invocation.of(List.of(s(w) + ": the waiver file is empty"), "scan",
          s(policy(f, "")), "--waivers", s(w), "-o", s(f.resolve("out")));
    }));
    // -o that cannot take the reports: refused before anything is probed or read.
    cases.add(new Case("scan -o a file", f -> {
      Path o = write(f, "afile", "");
      return Invocation.of(List.of("-o", s(o), "is a file"), "scan", s(policy(f, "")),
          "-o", s(o));
    }));
    cases.add(new Case("scan -o under /proc", f ->
        Invocation.of(List.of("-o", "/proc/nope", "cannot create"), "scan", s(policy(f, "")),
            "-o", "/proc/nope")));
    cases.add(new Case("scan -o under a file", f -> {
      Path o = write(f, "afile", "");
      return Invocation.of(List.of("-o", s(o), "is a file"), "scan", s(policy(f, "")),
          "-o", s(o.resolve("reports")));
    }));
    cases.add(new Case("demo -o a file", f -> {
      Path o = write(f, "afile", "");
      return Invocation.of(List.of("-o", s(o), "is a file"), "demo", "-o", s(o));
    }));
    cases.add(new Case("demo -o under /proc", f ->
        Invocation.of(List.of("-o", "/proc/nope", "cannot create"), "demo", "-o", "/proc/nope")));
    cases.add(new Case("merge -o a file", f -> {
      Path a = scan(f, "a.json", t -> { });
      Path o = write(f, "afile", "");
      return Invocation.of(List.of("-o", s(o), "is a file"), "merge", s(a), "-o", s(o));
    }));
    cases.add(new Case("report -o a folder", f -> {
      Path scan = scan(f, "scan.json", t -> { });
      Path o = folderNamed(f, "out");
      return Invocation.of(List.of("-o", s(o), "is a folder"), "report", "--from", s(scan),
          "-f", "csv", "-o", s(o));
    }));
    cases.add(new Case("report -o in a missing folder", f -> {
      Path scan = scan(f, "scan.json", t -> { });
      Path o = f.resolve("missing").resolve("r.csv");
      return Invocation.of(List.of("-o", s(o), "does not exist"), "report", "--from", s(scan),
          "-f", "csv", "-o", s(o));
    }));
    cases.add(new Case("report -o under /proc", f -> {
      Path scan = scan(f, "scan.json", t -> { });
      return Invocation.of(List.of("-o", "/proc/nope", "cannot write"), "report", "--from",
          s(scan), "-f", "csv", "-o", "/proc/nope");
    }));
    // A scan.json cut short near its end, through every command that reads one.
    for (int cut : new int[] {2, 3, 20, 40}) {
      cases.add(new Case("baseline cut " + cut + " bytes short", f -> {
        Path b = truncatedScan(f, "baseline.json", cut);
        return Invocation.of(List.of(s(b) + ":", "not a valid scan JSON"),
            "scan", s(policy(f, "")), "--baseline", s(b), "-o", s(f.resolve("out")));
      }));
      cases.add(new Case("report --from: cut " + cut + " bytes short", f -> {
        Path scan = truncatedScan(f, "scan.json", cut);
        return Invocation.of(List.of(s(scan) + ":", "not a valid scan JSON"),
            "report", "--from", s(scan), "-f", "csv");
      }));
      cases.add(new Case("merge: shard cut " + cut + " bytes short", f -> {
        Path a = truncatedScan(f, "a.json", cut);
        return Invocation.of(List.of(s(a) + ":", "not a valid scan JSON"),
            "merge", s(a), "-o", s(f.resolve("out")));
      }));
      cases.add(new Case("answer --scan: cut " + cut + " bytes short", f -> {
        Path scan = truncatedScan(f, "scan.json", cut);
        return answer(f, scan, write(f, "q.csv", "ID,Question,Answer\nA-1,Do you use TLS?,\n"),
            scan, "not a valid scan JSON");
      }));
      cases.add(new Case("page --scan: cut " + cut + " bytes short", f -> {
        Path p = write(f, "acme.yaml", AnswerFixture.POLICY);
        Path scan = truncatedScan(f, "scan.json", cut);
        return Invocation.of(List.of(s(scan) + ":", "not a valid scan JSON"), "page",
            "--policy", s(p), "--scan", s(scan), "-o", s(f.resolve("page")));
      }));
    }
    // scan --baseline: a forged or broken earlier scan.
    cases.add(new Case("baseline finding without status", f -> {
      Path b = scan(f, "baseline.json", firstFinding(x -> x.remove("status")));
      return Invocation.of(List.of(s(b), "findings[0].status", "missing"),
          "scan", s(policy(f, "")), "--baseline", s(b), "-o", s(f.resolve("out")));
    }));
    cases.add(new Case("baseline without run", f -> {
      Path b = scan(f, "baseline.json", t -> t.remove("run"));
      return Invocation.of(List.of(s(b), "run", "missing"),
          "scan", s(policy(f, "")), "--baseline", s(b), "-o", s(f.resolve("out")));
    }));
    cases.add(new Case("baseline without findings", f -> {
      Path b = scan(f, "baseline.json", t -> t.remove("findings"));
      return Invocation.of(List.of(s(b), "findings", "missing"),
          "scan", s(policy(f, "")), "--baseline", s(b), "-o", s(f.resolve("out")));
    }));
    cases.add(new Case("baseline is a folder", f -> {
      Path b = folderNamed(f, "baseline.json");
      return Invocation.of(List.of(s(b), "directory"),
          "scan", s(policy(f, "")), "--baseline", s(b), "-o", s(f.resolve("out")));
    }));
    cases.add(new Case("baseline is a FIFO", f -> {
      Path b = fifo(f, "baseline.json");
      return Invocation.of(List.of(s(b), "not a regular file"),
          "scan", s(policy(f, "")), "--baseline", s(b), "-o", s(f.resolve("out")));
    }));
    // report --from.
    record Forgery(String name, Consumer<ObjectNode> forge, List<String> named) {}
    List<Forgery> forgeries = List.of(
        new Forgery("finding without status", firstFinding(x -> x.remove("status")),
            List.of("findings[0].status", "missing")),
        new Forgery("no run", t -> t.remove("run"), List.of("run", "missing")),
        new Forgery("unknown status", firstFinding(x -> x.put("status", "BOGUS")),
            List.of("findings[0].status", "'BOGUS'", "PASS")),
        new Forgery("unknown severity", firstFinding(x -> x.put("severity", 7)),
            List.of("findings[0].severity", "expected text")),
        new Forgery("findings not a list", t -> t.put("findings", "none"),
            List.of("findings", "expected a list")),
        new Forgery("finding not an object", t -> ((ArrayNode) t.get("findings")).insert(0, 1),
            List.of("findings[0]", "expected an object")),
        new Forgery("finding without check_id", firstFinding(x -> x.remove("check_id")),
            List.of("findings[0].check_id", "missing")),
        new Forgery("run.started not a time", t -> ((ObjectNode) t.get("run"))
            .put("started", "yesterday"), List.of("run.started")),
        new Forgery("finding time not a time", firstFinding(x -> x.put("time", "soon")),
            List.of("findings[0].time")),
        new Forgery("target without state", t -> ((ArrayNode) t.withArray("targets"))
            .insertObject(0).put("name", "app"), List.of("targets[0].state", "missing")),
        new Forgery("other schema", t -> t.put("schema", "secaudit.scan/2"),
            List.of("schema", "secaudit.scan/2")),
        // ci20: "334 findings on 0 targets" was reported from such a file.
        new Forgery("findings but no targets", t -> t.withArray("targets").removeAll(),
            List.of(".target: '", "is not among the scan's targets (it lists none)")),
        new Forgery("a finding twice", t -> t.withArray("findings")
            .add(t.get("findings").get(0).deepCopy()), List.of("the same finding as findings[0]")));
    for (Forgery forgery : forgeries) {
      cases.add(new Case("report --from: " + forgery.name(), f -> {
        Path scan = scan(f, "scan.json", forgery.forge());
        List<String> named = new ArrayList<>(forgery.named());
        named.add(s(scan));
        return Invocation.of(named, "report", "--from", s(scan), "-f", "csv");
      }));
    }
    cases.add(new Case("report --from: not JSON", f -> {
      Path scan = write(f, "scan.json", "{\"schema\": \"secaudit.scan/1\", \"run\": ");
      return Invocation.of(List.of(s(scan) + ":1:", "not a valid scan JSON"),
          "report", "--from", s(scan));
    }));
    cases.add(new Case("report --from: a JSON list", f -> {
      Path scan = write(f, "scan.json", "[]");
      return Invocation.of(List.of(s(scan), "expected a JSON object"),
          "report", "--from", s(scan));
    }));
    cases.add(new Case("report --from: /dev/zero", f ->
        Invocation.of(List.of("/dev/zero", "not a regular file"),
            "report", "--from", "/dev/zero")));
    cases.add(new Case("report --from: a folder", f -> {
      Path scan = folderNamed(f, "scan.json");
      return Invocation.of(List.of(s(scan), "directory"), "report", "--from", s(scan));
    }));
    // merge.
    cases.add(new Case("merge: shard finding without status", f -> {
      Path a = scan(f, "a.json", t -> { });
      Path b = scan(f, "b.json", firstFinding(x -> x.remove("status")));
      return Invocation.of(List.of(s(b), "findings[0].status", "missing"),
          "merge", s(a), s(b), "-o", s(f.resolve("out")));
    }));
    cases.add(new Case("merge: shard without run", f -> {
      Path a = scan(f, "a.json", t -> t.remove("run"));
      return Invocation.of(List.of(s(a), "run", "missing"),
          "merge", s(a), "-o", s(f.resolve("out")));
    }));
    cases.add(new Case("merge: baseline without findings", f -> {
      Path a = scan(f, "a.json", t -> { });
      Path b = scan(f, "baseline.json", t -> t.remove("findings"));
      return Invocation.of(List.of(s(b), "findings", "missing"),
          "merge", s(a), "--baseline", s(b), "-o", s(f.resolve("out")));
    }));
    cases.add(new Case("merge: shard is a FIFO", f -> {
      Path a = fifo(f, "a.json");
      return Invocation.of(List.of(s(a), "not a regular file"),
          "merge", s(a), "-o", s(f.resolve("out")));
    }));
    // answer and page read a policy and its scan.
    cases.add(new Case("answer --scan: finding without status", f -> {
      Path scan = scan(f, "scan.json", firstFinding(x -> x.remove("status")));
      return answer(f, scan, write(f, "q.csv", "ID,Question,Answer\nA-1,Do you use TLS?,\n"),
          scan, "findings[0].status", "missing");
    }));
    cases.add(new Case("answer: questionnaire is a FIFO", f -> {
      Path sheet = fifo(f, "q.csv");
      return answer(f, scan(f, "scan.json", t -> { }), sheet, sheet, "not a regular file");
    }));
    cases.add(new Case("answer: XLSX questionnaire is a folder", f -> {
      Path sheet = folderNamed(f, "q.xlsx");
      return answer(f, scan(f, "scan.json", t -> { }), sheet, sheet, "directory");
    }));
    cases.add(new Case("page --scan: no run", f -> {
      Path p = write(f, "acme.yaml", AnswerFixture.POLICY);
      Path scan = scan(f, "scan.json", t -> t.remove("run"));
      return Invocation.of(List.of(s(scan), "run", "missing"), "page",
          "--policy", s(p), "--scan", s(scan), "-o", s(f.resolve("page")));
    }));
    // Run histories.
    cases.add(new Case("history verify: a folder", f -> {
      Path h = folderNamed(f, "history.jsonl");
      return Invocation.of(List.of(s(h), "directory"), "history", "verify", s(h));
    }));
    cases.add(new Case("history verify: /dev/zero", f ->
        Invocation.of(List.of("/dev/zero", "not a regular file"),
            "history", "verify", "/dev/zero")));
    cases.add(new Case("history verify: a FIFO", f -> {
      Path h = fifo(f, "history.jsonl");
      return Invocation.of(List.of(s(h), "not a regular file"), "history", "verify", s(h));
    }));
    cases.add(new Case("history verify --pin nothex", f -> {
      Path h = write(f, "history.jsonl", "");
      return Invocation.of(List.of("--pin", "'nothex'", "64 hex digits"),
          "history", "verify", s(h), "--pin", "nothex");
    }));
    cases.add(new Case("period: history is a folder", f -> {
      Path h = folderNamed(f, "history.jsonl");
      return Invocation.of(List.of(s(h), "directory"), "period", "--history", s(h),
          "--from", "2026-01-01", "--to", "2026-01-31");
    }));
    cases.add(new Case("period: history is a FIFO", f -> {
      Path h = fifo(f, "history.jsonl");
      return Invocation.of(List.of(s(h), "not a regular file"), "period", "--history", s(h),
          "--from", "2026-01-01", "--to", "2026-01-31");
    }));
    cases.add(new Case("scan --history /dev/zero", f ->
        Invocation.of(List.of("--history", "/dev/zero"),
            "scan", s(policy(f, "")), "--history", "/dev/zero", "-o", s(f.resolve("out")))));
    cases.add(new Case("scan --targets with several bad lines", f -> {
      Path t = write(f, "targets.txt", "https://127.0.0.1:9/\nftp://x/\n"
          + "https://user:pw-not-shown@127.0.0.1:1/\nhttps://127.0.0.1:9/\nnot a url\n");
      return Invocation.of(List.of(s(t) + ":2:1: 'ftp://x/'", s(t) + ":3:1:",
          s(t) + ":4:1: 'https://127.0.0.1:9/' is already on line 1", s(t) + ":5:1:"),
          "scan", s(policy(f, "")), "--targets", s(t), "-o", s(f.resolve("out")));
    }));
    cases.add(new Case("scan --targets FIFO", f -> {
      Path t = fifo(f, "targets.txt");
      return Invocation.of(List.of(s(t), "not a regular file"),
          "scan", s(policy(f, "")), "--targets", s(t), "-o", s(f.resolve("out")));
    }));
    return cases;
  }

  /** 'answer' of the fixture policy, where {@code bad} is the file the message must name. */
  private static Invocation answer(Path f, Path scan, Path sheet, Path bad, String... named)
      throws IOException {
    Path p = write(f, "acme.yaml", AnswerFixture.POLICY);
    List<String> words = new ArrayList<>(List.of(named));
    words.add(s(bad));
    String out = sheet.toString().endsWith(".xlsx") ? "a.xlsx" : "a.csv";
    return Invocation.of(words, "answer", s(sheet), "--policy", s(p), "--scan", s(scan), "-o",
        s(f.resolve(out)));
  }

  @TestFactory
  Stream<DynamicTest> everyBadInputExitsTwoNamingFileAndField() {
    List<DynamicTest> tests = new ArrayList<>();
    int[] n = {0};
    for (Case c : policyCases()) {
      for (String command : List.of("validate", "scan")) {
        tests.add(DynamicTest.dynamicTest(command + ": " + c.name(), () -> {
          Path folder = Files.createDirectories(dir.resolve("case" + n[0]++));
          Invocation in = c.setup().in(folder);
          String policy = in.named().get(0).replaceAll(":[0-9:]*$", "");
          List<String> args = command.equals("validate") ? List.of("validate", policy)
              : List.of("scan", policy, "-o", folder.resolve("out").toString());
          check(new Invocation(args, in.env(), in.named()));
        }));
      }
    }
    for (Case c : otherCases()) {
      tests.add(DynamicTest.dynamicTest(c.name(), () -> {
        Path folder = Files.createDirectories(dir.resolve("case" + n[0]++));
        check(c.setup().in(folder));
      }));
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(40);
    return tests.stream();
  }

  private static void check(Invocation in) {
    Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Cli.run(in.env(),
        List.of(), Clock.fixed(AnswerFixture.ANSWERED, ZoneOffset.UTC),
        in.args().toArray(String[]::new)));
    assertThat(r.err()).as("secaudit %s", in.args()).doesNotContain("internal error");
    assertThat(r.code()).as("secaudit %s\n%s", in.args(), r.err()).isEqualTo(ExitCode.USAGE.code);
    for (String word : in.named()) {
      assertThat(r.err()).as("secaudit %s", in.args()).contains(word);
    }
  }
}
