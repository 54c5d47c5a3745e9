package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'secaudit init' on a page of one list item, served on loopback: nothing a page says vanishes
 * from the draft, and what it ties a sentence to is what tests it.
 */
class InitOneSentenceTest {
  @TempDir Path dir;

  private String init(String item) throws Exception {
    Path page = dir.resolve("page.txt");
    Files.writeString(page, "Security\n- " + item + "\n");
    Path ca = dir.resolve("ca.pem");
    try (SeedSite site = SeedSite.serve(page, "Let's Encrypt", List.of(), ca)) {
      Path policy = dir.resolve("policy.yaml");
      Cli.Result r = Cli.run("init", "--from", site.url(), "--ca-file", ca.toString(), "-o",
          policy.toString(), "--force");
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      return r.out() + "\n" + Files.readString(policy);
    }
  }

  @Test
  void aShortSentenceThePageStatesIsKept() throws Exception {
    // Shorter than the 25 characters below which a line was taken for a menu entry, it was
    // dropped unseen: "0 claims", no claim, attestation or context line.
    String out = init("We never log passwords.");
    assertThat(out).contains("1 claims: 0 checked with the page's numbers, 1 checked once a TODO"
        + " is filled in").contains("- id: logging.sensitive_data\n  statement: We never log"
        + " passwords.\n  topic: logging.sensitive_data\n  checks:\n  - data.secrets\n");
  }
}
