package dev.secaudit.probe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sshd_config as sshd reads it: first value wins, keywords in any case, Include, Match. */
class SshdConfigTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return ConfigFixtures.write(dir, name, text);
  }

  private SshdConfig parse(Path main) throws ConfigProblem {
    return SshdConfig.parse(new ConfigFiles(dir, ConfigFiles.Limits.DEFAULTS, Clock.systemUTC()),
        main);
  }

  @Test
  void firstValueWinsKeywordsAreCaseInsensitiveAndIncludesComeFirst() throws Exception {
    // Debian's layout: the drop-ins are included at the top, so they win over the main file.
    write("sshd_config.d/10-hardening.conf", "passwordauthentication no\n");
    write("sshd_config.d/README", "not included: the glob asks for *.conf\n");
    Path main = write("sshd_config", """
        Include sshd_config.d/*.conf
        # PasswordAuthentication yes
        PasswordAuthentication yes
        PermitRootLogin=without-password
        ChallengeResponseAuthentication no
        KbdInteractiveAuthentication yes
        AuthorizedKeysFile ".ssh/authorized keys"   # quoted, with a blank
        """);
    SshdConfig c = parse(main);
    assertThat(c.global("passwordauthentication").at())
        .isEqualTo("sshd_config.d/10-hardening.conf:1");
    assertThat(c.global("passwordauthentication").value()).isEqualTo("no");
    assertThat(c.global("permitrootlogin").value()).isEqualTo("without-password");
    // The old spelling counts as the new keyword, so it is the first value read.
    assertThat(c.global("kbdinteractiveauthentication").written())
        .isEqualTo("ChallengeResponseAuthentication");
    assertThat(c.global("authorizedkeysfile").args()).containsExactly(".ssh/authorized keys");
    assertThat(c.global("pubkeyauthentication")).isNull();
  }

  @Test
  void matchBlocksRunToTheNextMatchAndEndWithAnIncludedFile() throws Exception {
    write("extra.conf", "Match Address 10.0.0.0/8\n  PasswordAuthentication yes\n");
    Path main = write("sshd_config", """
        PasswordAuthentication no
        Match User deploy,backup
          PasswordAuthentication yes
          PermitRootLogin yes
        Match all
        PubkeyAuthentication yes
        Include extra.conf
        KbdInteractiveAuthentication no
        """);
    SshdConfig c = parse(main);
    // "Match all" opens a block like any other: its keywords override the global ones for
    // every connection (sshd_config(5)), they are not global lines read after the others.
    assertThat(c.blocks()).extracting(SshdConfig.MatchBlock::criteria, SshdConfig.MatchBlock::at)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("User deploy,backup", "sshd_config:2"),
            org.assertj.core.groups.Tuple.tuple("all", "sshd_config:5"),
            org.assertj.core.groups.Tuple.tuple("Address 10.0.0.0/8", "extra.conf:1"));
    assertThat(c.in(c.blocks().get(0), "passwordauthentication").at())
        .isEqualTo("sshd_config:3");
    assertThat(c.global("pubkeyauthentication")).isNull();
    assertThat(c.matchAll("pubkeyauthentication").at()).isEqualTo("sshd_config:6");
    assertThat(c.in(c.blocks().get(2), "passwordauthentication").at()).isEqualTo("extra.conf:2");
    // Back in the main file after the include, outside the included Match: in Match all again.
    assertThat(c.matchAll("kbdinteractiveauthentication").at()).isEqualTo("sshd_config:8");
    assertThat(c.global("passwordauthentication").at()).isEqualTo("sshd_config:1");
  }

  @Test
  void includeLoopsAndUnterminatedQuotesAreProblemsWithTheirLine() throws Exception {
    write("a.conf", "Include sshd_config\n");
    Path main = write("sshd_config", "Port 22\nInclude a.conf\n");
    ConfigProblem e = assertThrows(ConfigProblem.class, () -> parse(main));
    assertThat(e.toString())
        .isEqualTo("a.conf:1: include loop: sshd_config -> a.conf -> sshd_config");
    Path quote = write("quote", "Banner \"/etc/issue\n");
    e = assertThrows(ConfigProblem.class, () -> parse(quote));
    assertThat(e.toString()).isEqualTo("quote:1: unterminated quote");
  }

  /** Found by UntrustedTextFuzzTest: a glob Java cannot compile threw PatternSyntaxException. */
  @Test
  void aBrokenIncludeGlobIsAProblemWithItsLine() throws Exception {
    Path main = write("sshd_config", "Port 22\nInclude {*\n");
    ConfigProblem e = assertThrows(ConfigProblem.class, () -> parse(main));
    assertThat(e.toString()).startsWith("sshd_config:2: '{*' is not a valid glob");
  }
}
