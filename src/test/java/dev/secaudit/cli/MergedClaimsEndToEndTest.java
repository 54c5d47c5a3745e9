package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.secaudit.scan.Shard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A claim over a loopback fleet, scanned whole and in two shards then merged: the merged claim
 * is judged over every shard's findings, so its verdict, counts and text are the unsharded run's,
 * and so are the answer and the page made from it. One shard sees only pages that keep the claim
 * and verifies it on its own; the other sees the page that breaks it.
 */
class MergedClaimsEndToEndTest {
  @TempDir static Path dir;
  static HttpServer server;
  static String base;

  /** Shard of 2 by name: app, www and legacy in 1, api and shop in 2 (SHA-256 of the name). */
  static final List<String> GOOD = List.of("app", "api", "www", "shop");

  @BeforeAll
  static void start() throws IOException {
    assertThat(Shard.of("legacy", 2)).isEqualTo(1);
    assertThat(Stream.of("api", "shop").map(n -> Shard.of(n, 2))).containsOnly(2);
    assertThat(Stream.of("app", "www").map(n -> Shard.of(n, 2))).containsOnly(1);
    // Every page sends nosniff but /legacy, which sends a banner instead.
    server = LoopbackPages.start((path, h) -> h.add(path.startsWith("/legacy") ? "X-Powered-By"
        : "X-Content-Type-Options", path.startsWith("/legacy") ? "PHP/8.1.2" : "nosniff"));
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static Path policy(String name, List<String> targets) throws IOException {
    StringBuilder y = new StringBuilder("version: 1\nname: fleet\nsettings: {timeouts: {connect:"
        + " 2s, read: 2s, total: 5s}}\ntargets:\n");
    for (String t : targets) {
      y.append("  - {name: ").append(t).append(", url: \"").append(base).append('/').append(t)
          .append("/\"}\n");
    }
    y.append("headers:\n  X-Content-Type-Options: {required: true, value: nosniff}\nclaims:\n"
        + "  - id: nosniff\n    statement: \"We send X-Content-Type-Options nosniff.\"\n"
        + "    checks: [/headers/X-Content-Type-Options]\n");
    Path p = dir.resolve(name + ".yaml");
    Files.writeString(p, y.toString());
    return p;
  }

  /** Two more targets from --targets, named after their URL, so a merge rebuilds a fleet too. */
  private static Path fleetFile() throws IOException {
    Path f = dir.resolve("fleet.txt");
    Files.writeString(f, base + "/extra1/\n" + base + "/extra2/\n");
    return f;
  }

  private static Cli.Result scan(Path policy, String out, String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of("scan", "-p", policy.toString(), "--targets",
        fleetFile().toString(), "-q", "--color", "never", "-o", dir.resolve(out).toString(),
        "-f", "json"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private static JsonNode claim(Path scanJson) throws IOException {
    for (JsonNode f : new ObjectMapper().readTree(scanJson.toFile()).get("findings")) {
      if (f.get("check_id").asText().equals("claim.verified")) {
        return f;
      }
    }
    throw new AssertionError("no claim.verified in " + scanJson);
  }

  /** What a reader of the claim sees: its verdict and words, not when it was judged. */
  private static String verdict(JsonNode claim) {
    return claim.get("status").asText() + " | " + claim.get("observed").asText() + " | "
        + claim.get("evidence");
  }

  private static Cli.Result merge(String out, String... inputs) {
    List<String> args = new ArrayList<>(List.of("merge"));
    args.addAll(List.of(inputs));
    args.addAll(List.of("-q", "-o", dir.resolve(out).toString(), "-f", "json"));
    return Cli.run(args.toArray(String[]::new));
  }

  private static String answered(Path policy, String scanDir) throws IOException {
    Path sheet = dir.resolve("sheet.csv");
    Files.writeString(sheet, "ID,Question,Answer,Comments\nQ1,Do you send the"
        + " X-Content-Type-Options nosniff header?,,\n");
    Path out = dir.resolve(scanDir + "-answers.csv");
    Cli.Result r = Cli.run("answer", sheet.toString(), "--policy", policy.toString(), "--scan",
        dir.resolve(scanDir + "/scan.json").toString(), "-o", out.toString());
    assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1);
    return unrun(Files.readString(out));
  }

  private static String page(Path policy, String scanDir) throws IOException {
    Path site = dir.resolve(scanDir + "-site");
    Cli.Result r = Cli.run("page", "--policy", policy.toString(), "--scan",
        dir.resolve(scanDir + "/scan.json").toString(), "-o", site.toString(),
        "--allow-omissions");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(site)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        all.append("== ").append(site.relativize(p)).append('\n')
            .append(unrun(Files.readString(p)));
      }
    }
    return all.toString();
  }

  /** Run ids and times differ between a scan and a merge of the same fleet; nothing else may. */
  private static String unrun(String text) {
    return text.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "RUN")
        .replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "TIME")
        .replaceAll("\\d{4}-\\d\\d-\\d\\d( \\d\\d:\\d\\d( UTC)?)?", "DAY");
  }

  @Test
  void oneShardsRefutationIsTheMergedVerdictAndAnswerAndPageAgree() throws IOException {
    List<String> targets = new ArrayList<>(GOOD);
    targets.add("legacy");
    Path policy = policy("broken", targets);
    Cli.Result whole = scan(policy, "b-whole");
    assertThat(whole.code()).as(whole.out() + whole.err()).isEqualTo(ExitCode.FAILED.code);
    JsonNode unsharded = claim(dir.resolve("b-whole/scan.json"));
    assertThat(unsharded.get("status").asText()).isEqualTo("FAIL");

    assertThat(scan(policy, "b-1", "--shard", "1/2").code()).isEqualTo(1);
    assertThat(scan(policy, "b-2", "--shard", "2/2").code()).isIn(1, 3);
    // The shard without the legacy page saw only pages that keep the claim: its own file does
    // not call verified what it never scanned, and names the shard and the targets it lacks.
    JsonNode own = claim(dir.resolve("b-2/scan.json"));
    assertThat(own.get("status").asText()).as(own.toString()).isEqualTo("WARN");
    assertThat(own.get("observed").asText()).contains("shard 2/2 holds only its own part")
        .contains("app scanned by shard 1/2").contains("legacy scanned by shard 1/2")
        .doesNotContain("api scanned");
    // Said once, beside what the claim's own weighing found.
    assertThat(own.get("observed").asText().split("holds only its own part", -1)).hasSize(2);
    // Nor do an answer or a page made from that one file.
    assertThat(answered(policy, "b-2")).doesNotContain(",Yes,").contains("shard 2/2");
    page(policy, "b-2");
    assertThat(Files.readString(dir.resolve("b-2-site/security.md"))).doesNotContain("nosniff");

    Cli.Result m = merge("b-merged", dir.resolve("b-2/scan.json").toString(),
        dir.resolve("b-1/scan.json").toString());
    assertThat(m.code()).as(m.out() + m.err()).isEqualTo(whole.code());
    Path merged = dir.resolve("b-merged/scan.json");
    assertThat(verdict(claim(merged))).isEqualTo(verdict(unsharded));
    assertThat(claim(merged).get("expected").asText())
        .isEqualTo(unsharded.get("expected").asText());
    assertThat(answered(policy, "b-merged")).isEqualTo(answered(policy, "b-whole"))
        .doesNotContain(",Yes,");
    String page = page(policy, "b-merged");
    assertThat(page).isEqualTo(page(policy, "b-whole"));
    // Named only in the review of what was left out, never on the page itself.
    assertThat(Files.readString(dir.resolve("b-merged-site/security.md")))
        .doesNotContain("nosniff");
    assertThat(Files.readString(merged)).contains("\"secaudit.scan/1.6\"");
  }

  @Test
  void aFleetThatKeepsTheClaimIsVerifiedAsWholeAndAPartialMergeNamesWhatWasNotScanned()
      throws IOException {
    Path policy = policy("kept", GOOD);
    Cli.Result whole = scan(policy, "k-whole");
    assertThat(whole.code()).as(whole.out() + whole.err()).isZero();
    JsonNode unsharded = claim(dir.resolve("k-whole/scan.json"));
    assertThat(unsharded.get("status").asText()).as(unsharded.toString()).isEqualTo("PASS");
    scan(policy, "k-1", "--shard", "1/2");
    scan(policy, "k-2", "--shard", "2/2");
    for (String shard : List.of("k-1", "k-2")) {
      // Each shard kept the claim on its part; neither file verifies it for the fleet.
      JsonNode own = claim(dir.resolve(shard + "/scan.json"));
      assertThat(own.get("status").asText()).as(own.toString()).isEqualTo("WARN");
      assertThat(own.get("observed").asText()).contains("holds only its own part")
          .contains("merge every shard's scan.json");
      assertThat(answered(policy, shard)).doesNotContain(",Yes,");
    }

    Cli.Result m = merge("k-merged", dir.resolve("k-1/scan.json").toString(),
        dir.resolve("k-2/scan.json").toString());
    assertThat(m.code()).as(m.out() + m.err()).isZero();
    assertThat(verdict(claim(dir.resolve("k-merged/scan.json")))).isEqualTo(verdict(unsharded));
    assertThat(answered(policy, "k-merged")).isEqualTo(answered(policy, "k-whole"))
        .contains(",Yes,");
    assertThat(page(policy, "k-merged")).isEqualTo(page(policy, "k-whole"));

    // Shard 2 (api, shop) missing: what shard 1 saw verifies nothing about the fleet.
    Cli.Result partial = merge("k-partial", dir.resolve("k-1/scan.json").toString(),
        "--partial");
    assertThat(partial.code()).as(partial.out() + partial.err()).isEqualTo(3);
    JsonNode claim = claim(dir.resolve("k-partial/scan.json"));
    assertThat(claim.get("status").asText()).isEqualTo("WARN");
    assertThat(claim.get("observed").asText()).contains("not scanned").contains("api")
        .contains("shop");
    assertThat(answered(policy, "k-partial")).doesNotContain(",Yes,");
  }

  @Test
  void theClaimsAreJudgedOnlyWithThePolicyTheShardsWereScannedWith() throws IOException {
    Path policy = policy("moved", GOOD);
    scan(policy, "m-1", "--shard", "1/2");
    scan(policy, "m-2", "--shard", "2/2");
    String one = dir.resolve("m-1/scan.json").toString();
    String two = dir.resolve("m-2/scan.json").toString();
    Path elsewhere = dir.resolve("elsewhere.yaml");
    Files.move(policy, elsewhere);

    Cli.Result gone = merge("m-gone", one, two);
    assertThat(gone.code()).isEqualTo(2);
    assertThat(gone.err()).contains(one + ": run.policy_file").contains("--policy");

    Cli.Result given = merge("m-given", one, two, "--policy", elsewhere.toString());
    assertThat(given.code()).as(given.out() + given.err()).isZero();
    assertThat(claim(dir.resolve("m-given/scan.json")).get("status").asText())
        .isEqualTo("PASS");

    Files.writeString(elsewhere, Files.readString(elsewhere).replace("We send", "We always"
        + " send"));
    Cli.Result changed = merge("m-changed", one, two, "--policy", elsewhere.toString());
    assertThat(changed.code()).isEqualTo(2);
    assertThat(changed.err()).contains("--policy " + elsewhere).contains("run.policy_sha256");
  }

  /**
   * Waivers on the legacy page's failure and on the claim itself: the claim is judged on what
   * its check found (a waived FAIL is still a FAIL), then waived as the unsharded scan waives it,
   * and each waiver counts the merged claim once, not once per shard.
   */
  @Test
  void waivedFailuresStillRefuteAndEachWaiverCountsTheMergedClaimOnce() throws IOException {
    List<String> targets = new ArrayList<>(GOOD);
    targets.add("legacy");
    Path policy = policy("waived", targets);
    Path waivers = dir.resolve("waivers.yaml");
    Files.writeString(waivers, """
        - id: W-legacy
          check: header.rule
          target: legacy
          justification: legacy page retires next quarter
          approver: ciso@acme.test
          expires: 2099-12-31
        - id: W-claim
          check: claim.verified
          justification: page wording under review
          approver: ciso@acme.test
          expires: 2099-12-31
        """);
    Cli.Result whole = scan(policy, "w-whole", "--waivers", waivers.toString());
    assertThat(whole.code()).as(whole.out() + whole.err()).isZero();
    scan(policy, "w-1", "--shard", "1/2", "--waivers", waivers.toString());
    scan(policy, "w-2", "--shard", "2/2", "--waivers", waivers.toString());
    Cli.Result m = merge("w-merged", dir.resolve("w-1/scan.json").toString(),
        dir.resolve("w-2/scan.json").toString());
    assertThat(m.code()).as(m.out() + m.err()).isZero();

    JsonNode unsharded = claim(dir.resolve("w-whole/scan.json"));
    JsonNode merged = claim(dir.resolve("w-merged/scan.json"));
    assertThat(unsharded.get("status").asText()).isEqualTo("WAIVED");
    assertThat(unsharded.at("/waiver/waived_status").asText()).isEqualTo("FAIL");
    assertThat(verdict(merged)).isEqualTo(verdict(unsharded));
    assertThat(merged.get("waiver")).isEqualTo(unsharded.get("waiver"));
    JsonNode wholeWaivers = new ObjectMapper().readTree(dir.resolve("w-whole/scan.json")
        .toFile()).get("waivers");
    JsonNode mergedWaivers = new ObjectMapper().readTree(dir.resolve("w-merged/scan.json")
        .toFile()).get("waivers");
    assertThat(mergedWaivers).isEqualTo(wholeWaivers);
    assertThat(answered(policy, "w-merged")).isEqualTo(answered(policy, "w-whole"))
        .doesNotContain(",Yes,");

    // The same shards as a secaudit before scan/1.5 wrote them: a waiver did not record what it
    // waived, so the legacy page's FAIL could have been a WARN. The claim is not judged over a
    // status nobody knows: refused by file, finding and field.
    Path old = dir.resolve("w-old-1/scan.json");
    Files.createDirectories(old.getParent());
    ObjectNode shard = (ObjectNode) new ObjectMapper().readTree(dir.resolve("w-1/scan.json")
        .toFile());
    shard.put("schema", "secaudit.scan/1.4");
    int legacy = -1;
    for (int i = 0; i < shard.get("findings").size(); i++) {
      JsonNode f = shard.get("findings").get(i);
      if (f.get("waiver") instanceof ObjectNode w) {
        w.remove("waived_status");
        legacy = f.get("target").asText().equals("legacy") && legacy < 0 ? i : legacy;
      }
    }
    assertThat(legacy).isNotNegative();
    Files.writeString(old, new ObjectMapper().writeValueAsString(shard));
    Cli.Result refused = merge("w-old-merged", old.toString(),
        dir.resolve("w-2/scan.json").toString(), "--policy", policy.toString());
    assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(2);
    assertThat(refused.err()).contains(old + ": findings[" + legacy + "] (header.rule on"
        + " legacy) is WAIVED by W-legacy without waiver.waived_status (secaudit.scan/1.4")
        .contains("scan the shards again");
    assertThat(dir.resolve("w-old-merged/scan.json")).doesNotExist();
  }
}
