package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.secaudit.scan.Shard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A merge never says "passed" for targets nobody scanned. Two targets of a loopback server that
 * meet the policy, scanned in 8 shards (so most shards own neither): a shard with none of its own
 * targets, a merge of only such shards, and a merge missing a shard that owns a target are
 * incomplete (exit 3), with the targets named as not scanned and no grade for nothing seen; the
 * complete merge, like the unsharded scan, passes.
 */
class MergeNothingJudgedEndToEndTest {
  static final int COUNT = 8;
  static final List<String> NAMES = List.of("alpha", "beta");
  @TempDir static Path dir;
  static HttpServer server;
  static Path policy;

  @BeforeAll
  static void start() throws Exception {
    server = LoopbackPages.start((path, h) -> h.add("X-Content-Type-Options", "nosniff"));
    StringBuilder y = new StringBuilder("version: 1\nname: pair\nsettings: {timeouts: {connect:"
        + " 2s, read: 2s, total: 5s}}\nheaders:\n  X-Content-Type-Options: {required: true,"
        + " value: nosniff}\ntargets:\n");
    for (String n : NAMES) {
      y.append("  - {name: ").append(n).append(", url: \"http://127.0.0.1:")
          .append(server.getAddress().getPort()).append("/").append(n).append("\"}\n");
    }
    policy = Files.writeString(dir.resolve("pair.yaml"), y.toString());
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static Cli.Result scan(String out, String... more) {
    List<String> args = new ArrayList<>(List.of("scan", "-p", policy.toString(), "-o",
        dir.resolve(out).toString(), "-f", "json", "--color", "never"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private static JsonNode json(Path file) throws Exception {
    return new ObjectMapper().readTree(file.toFile());
  }

  private static boolean owns(int shard) {
    return NAMES.stream().anyMatch(n -> Shard.of(n, COUNT) == shard);
  }

  @Test
  void nothingScannedOrAShardMissingIsIncompleteNeverPassed() throws Exception {
    Cli.Result whole = scan("whole");
    assertThat(whole.code()).as(whole.out() + whole.err()).isEqualTo(ExitCode.PASSED.code);

    List<String> shardFiles = new ArrayList<>();
    List<String> emptyShards = new ArrayList<>();
    String owning = null;
    for (int i = 1; i <= COUNT; i++) {
      Cli.Result r = scan("s" + i, "--shard", i + "/" + COUNT);
      String file = dir.resolve("s" + i).resolve("scan.json").toString();
      shardFiles.add(file);
      if (owns(i)) {
        // Its part passed; the fleet's other targets are another shard's: the merge decides.
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.INCOMPLETE.code);
        assertThat(r.out()).contains("left to other shards (merge them to gate the fleet)");
        owning = owning == null ? file : owning;
      } else {
        // A shard that owns no target looked at nothing: not a pass.
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.INCOMPLETE.code);
        assertThat(r.err() + r.out()).contains("2 targets not scanned");
        JsonNode s = json(Path.of(file));
        assertThat(s.at("/summary/gate/outcome").asText()).isEqualTo("INCOMPLETE");
        assertThat(s.at("/summary/grade/letter").asText()).isEqualTo("-");
        emptyShards.add(file);
      }
    }
    assertThat(emptyShards).hasSizeGreaterThanOrEqualTo(COUNT - NAMES.size());

    // The blind review's case: one shard, owning no target, merged with --partial.
    Cli.Result none = Cli.run("merge", emptyShards.get(0), "--partial", "-o",
        dir.resolve("m-none").toString(), "-f", "json");
    assertThat(none.code()).as(none.out() + none.err()).isEqualTo(ExitCode.INCOMPLETE.code);
    assertThat(none.out() + none.err()).doesNotContain("passed")
        .contains("2 targets not scanned");
    JsonNode merged = json(dir.resolve("m-none/scan.json"));
    assertThat(merged.at("/summary/gate/outcome").asText()).isEqualTo("INCOMPLETE");
    assertThat(merged.at("/summary/grade/letter").asText()).isEqualTo("-");
    for (JsonNode t : merged.get("targets")) {
      assertThat(t.get("state").asText()).isEqualTo("EXCLUDED");
      assertThat(t.get("reason").asText()).startsWith("not scanned: its shard ")
          .endsWith("was not among the merged results");
    }
    // Re-rendered from the merged scan.json, the gate is the same.
    Cli.Result again = Cli.run("report", "--from", dir.resolve("m-none/scan.json").toString(),
        "-f", "json");
    assertThat(json(again.out()).at("/summary/gate/outcome").asText()).isEqualTo("INCOMPLETE");

    // Every shard but one that owns a target: what was scanned passed, the rest was not seen.
    List<String> allButOwner = new ArrayList<>(shardFiles);
    allButOwner.remove(owning);
    List<String> args = new ArrayList<>(List.of("merge", "--partial"));
    args.addAll(allButOwner);
    Cli.Result missing = Cli.run(args.toArray(String[]::new));
    assertThat(missing.code()).as(missing.out() + missing.err())
        .isEqualTo(ExitCode.INCOMPLETE.code);
    assertThat(missing.out() + missing.err()).contains(" not scanned")
        .doesNotContain("gate: passed");

    List<String> all = new ArrayList<>(List.of("merge"));
    all.addAll(shardFiles);
    Cli.Result complete = Cli.run(all.toArray(String[]::new));
    assertThat(complete.code()).as(complete.out() + complete.err())
        .isEqualTo(ExitCode.PASSED.code);
  }

  @Test
  void targetsScannedWithEveryCheckSwitchedOffJudgedNothing() throws Exception {
    Cli.Result whole = scan("before-off");
    assertThat(whole.code()).as(whole.err()).isEqualTo(ExitCode.PASSED.code);
    java.util.Set<String> checks = new java.util.TreeSet<>();
    json(dir.resolve("before-off/scan.json")).get("findings")
        .forEach(f -> checks.add(f.get("check_id").asText()));
    StringBuilder off = new StringBuilder(Files.readString(policy)).append("checks:\n");
    checks.forEach(c -> off.append("  ").append(c).append(": {enabled: false}\n"));
    Path offPolicy = Files.writeString(dir.resolve("off.yaml"), off.toString());
    Cli.Result r = Cli.run("scan", "-p", offPolicy.toString(), "-o",
        dir.resolve("off").toString(), "-f", "json", "--color", "never");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.INCOMPLETE.code);
    assertThat(r.out() + r.err()).contains("nothing judged").doesNotContain("passed");
    JsonNode s = json(dir.resolve("off/scan.json"));
    assertThat(s.get("findings")).isNotEmpty()
        .allSatisfy(f -> assertThat(f.get("status").asText()).isEqualTo("SKIPPED"));
    Cli.Result merged = Cli.run("merge", dir.resolve("off/scan.json").toString());
    assertThat(merged.code()).as(merged.out() + merged.err())
        .isEqualTo(ExitCode.INCOMPLETE.code);
  }

  private static JsonNode json(String text) throws Exception {
    return new ObjectMapper().readTree(text);
  }
}
