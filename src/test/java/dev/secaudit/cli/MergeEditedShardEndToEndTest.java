package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shard's findings are merged only as secaudit wrote them: a blind review added a requirement
 * (soc2:CC8.1) to every finding of one shard's scan.json, and merge wrote it into the history as
 * a trusted run. Two shards of a real loopback scan (a header rule and an attested claim with
 * its own maps_to) merge as written; the same with a mapping added to a check's finding, or to
 * the claim's, is refused with the file, the finding and the mapping named.
 */
class MergeEditedShardEndToEndTest {
  @TempDir static Path dir;
  static HttpServer server;
  static Path policy;

  @BeforeAll
  static void start() throws Exception {
    server = LoopbackPages.start((path, h) -> h.add("X-Content-Type-Options", "nosniff"));
    int port = server.getAddress().getPort();
    policy = Files.writeString(dir.resolve("p.yaml"), "version: 1\nname: pair\n"
        + "settings: {timeouts: {connect: 2s, read: 2s, total: 5s}}\n"
        + "headers:\n  X-Content-Type-Options: {required: true, value: nosniff}\n"
        + "targets:\n"
        + "  - {name: alpha, url: \"http://127.0.0.1:" + port + "/a\"}\n"
        + "  - {name: beta, url: \"http://127.0.0.1:" + port + "/b\"}\n"
        + "claims:\n  - id: passwords.hashing\n    statement: \"Passwords are hashed.\"\n"
        + "    maps_to: [soc2:CC6.1]\n    attest: {owner: cto@example.test, date: 2026-10-01,"
        + " evidence: [https://wiki.example.test/pw]}\n");
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static Path shard(int i) {
    Path out = dir.resolve("s" + i);
    Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "-f", "json",
        "--color", "never", "--shard", i + "/2");
    assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1, 3);
    return out.resolve("scan.json");
  }

  /** The shard with {@code mapping} added to the first finding of {@code check}. */
  private static Path edited(Path scan, String check, String mapping, String name)
      throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(scan.toFile());
    for (var f : root.withArray("findings")) {
      if (f.get("check_id").asText().equals(check)) {
        ((ArrayNode) f.get("mappings")).add(mapping);
        break;
      }
    }
    Path out = dir.resolve(name);
    json.writeValue(out.toFile(), root);
    return out;
  }

  @Test
  void aShardIsMergedAsWrittenAndRefusedWithAMappingAdded() throws Exception {
    Path one = shard(1);
    Path two = shard(2);
    Cli.Result merged = Cli.run("merge", one.toString(), two.toString(), "-o",
        dir.resolve("m").toString(), "-f", "json");
    assertThat(merged.code()).as(merged.out() + merged.err()).isIn(0, 1);

    Path forged = edited(one, "header.rule", "soc2:CC8.1", "forged-check.json");
    Cli.Result refused = Cli.run("merge", forged.toString(), two.toString(), "-o",
        dir.resolve("m2").toString(), "-f", "json");
    assertThat(refused.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(refused.err()).contains("forged-check.json: findings[").contains("header.rule")
        .contains("maps to soc2:CC8.1").contains("changed after the scan wrote it")
        .doesNotContain("Exception");

    Path forgedClaim = edited(one, "claim.attestation", "soc2:CC8.1", "forged-claim.json");
    Cli.Result claim = Cli.run("merge", forgedClaim.toString(), two.toString(), "-o",
        dir.resolve("m3").toString(), "-f", "json");
    assertThat(claim.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(claim.err()).contains("its claim 'passwords.hashing' does not");
  }
}
