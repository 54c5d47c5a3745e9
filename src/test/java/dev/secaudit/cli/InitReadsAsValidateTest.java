package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * init writes no claim with checks that validate would then note: what its rule pointers cannot
 * show of the sentence (RuleReach) is read before the claim is written, the same way, and the
 * sentence is offered to attest with validate's reason instead.
 */
class InitReadsAsValidateTest {
  private static final Pattern COUNTS = Pattern.compile("(\\d+) claims: (\\d+) checked with the"
      + " page's numbers, (\\d+) checked once a TODO is filled in, (\\d+) stated gaps, (\\d+) to"
      + " attest \\(commented at the end; (\\d+) of them with rules that run");

  @Test
  void aClaimValidateWouldNoteIsWrittenToAttestWithValidatesReason(@TempDir Path dir)
      throws Exception {
    Path page = dir.resolve("page.txt");
    // Seed 1's TLS sentence, and a header sentence over every page: its rule, /headers/X-Frame-
    // Options, is judged on the paths the target lists.
    Files.writeString(page, """
        Security
        Encryption
        - All traffic is encrypted via TLS 1.2+ (HTTPS).
        Headers
        - Every page is sent with X-Frame-Options: DENY.
        """);
    Path ca = dir.resolve("ca.pem");
    try (SeedSite site = SeedSite.serve(page, "Let's Encrypt", List.of(
        new String[] {"Strict-Transport-Security", "max-age=86400"},
        new String[] {"X-Frame-Options", "DENY"}), ca)) {
      Path policy = dir.resolve("policy.yaml");
      Cli.Result r = Cli.run("init", "--from", site.url(), "--ca-file", ca.toString(), "-o",
          policy.toString());
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      String text = Files.readString(policy);
      System.out.println(r.out() + text);

      Cli.Result v = Cli.run("validate", policy.toString());
      assertThat(v.code()).as(v.out() + v.err()).isZero();
      assertThat(v.out()).as("validate notes none of the claims init wrote with checks")
          .doesNotContain(".checks: claim").doesNotContain("warning:")
          .doesNotContain("read only in part");

      JsonNode p = new ObjectMapper(new YAMLFactory()).readTree(text);
      List<String> checked = new ArrayList<>();
      p.path("claims").forEach(c -> checked.add(c.path("statement").asText()));
      assertThat(checked).contains("All traffic is encrypted via TLS 1.2+ (HTTPS).")
          .doesNotContain("Every page is sent with X-Frame-Options: DENY.");
      int at = text.indexOf("statement: \"Every page is sent with X-Frame-Options: DENY.\"");
      assertThat(at).as(text).isPositive();
      // The attestation's comment, its wrapped lines joined.
      String comment = text.substring(at, text.indexOf("attest:", at))
          .replaceAll("\n#\\s*(# )?", " ");
      assertThat(comment).contains("'secaudit validate' notes that")
          .contains("X-Frame-Options").contains("every response")
          .contains("paths listed only");

      Matcher counts = COUNTS.matcher(r.out());
      assertThat(counts.find()).as(r.out()).isTrue();
      assertThat(Integer.parseInt(counts.group(6))).as(counts.group(0)).isPositive()
          .isLessThanOrEqualTo(Integer.parseInt(counts.group(5)));
    }
  }
}
