package dev.secaudit.check.config;

import static dev.secaudit.probe.config.ConfigFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "SSH keys only", judged on sshd_config files with Include and Match blocks. */
class SshdAuthCheckTest {
  @TempDir Path dir;

  private List<Finding> scan(String ssh) throws Exception {
    return ConfigScan.run(ConfigScan.load(dir, """
        version: 1
        name: acme
        configs:
          - {name: bastion, kind: sshd, path: ssh/sshd_config}
        """ + ssh), new SshdAuthCheck());
  }

  @Test
  void keysOnlyByDefaultWithOpenSshDefaultsForWhatIsUnsetAndMatchBlocksJudgedApart()
      throws Exception {
    write(dir, "ssh/sshd_config.d/50-cloud.conf", """
        # cloud-init drop-in
        Match User deploy Address 10.0.0.0/8
          PasswordAuthentication yes
        """);
    write(dir, "ssh/sshd_config", """
        Include sshd_config.d/*.conf
        passwordauthentication no
        PermitRootLogin without-password
        Match Group admins
          PasswordAuthentication no
          PermitRootLogin yes
        """);
    List<Finding> all = scan("");
    assertThat(all).extracting(Finding::subjectAtLine, Finding::status).containsExactly(
        tuple("sshd_config:2 PasswordAuthentication", Status.PASS),
        tuple("sshd_config.d/50-cloud.conf:3 PasswordAuthentication in Match User deploy"
            + " Address 10.0.0.0/8", Status.FAIL),
        tuple("sshd_config KbdInteractiveAuthentication", Status.FAIL),
        tuple("sshd_config PubkeyAuthentication", Status.PASS),
        tuple("sshd_config:3 PermitRootLogin", Status.PASS),
        tuple("sshd_config:6 PermitRootLogin in Match Group admins", Status.FAIL));
    assertThat(all).extracting(Finding::subject)
        .contains("sshd_config PermitRootLogin in Match Group admins");
    assertThat(all.get(1).observed()).isEqualTo("Match User deploy Address 10.0.0.0/8"
        + " (sshd_config.d/50-cloud.conf:2) sets PasswordAuthentication yes: on, the policy"
        + " allows keys only for the users or addresses it matches");
    assertThat(all.get(2).observed())
        .isEqualTo("KbdInteractiveAuthentication unset: OpenSSH's default is yes: on, the policy"
            + " allows keys only");
    assertThat(all).extracting(Finding::target).containsOnly("bastion");
    assertThat(all.get(0).policyPointer()).isEqualTo("/configs/0");
  }

  @Test
  void aStricterPolicyRefusesKeyBasedRootLoginAndReadsTheOldKeyword() throws Exception {
    write(dir, "ssh/sshd_config", """
        ChallengeResponseAuthentication no
        KbdInteractiveAuthentication yes
        PermitRootLogin prohibit-password
        PasswordAuthentication no
        """);
    List<Finding> all = scan("ssh: {permit_root_login: \"no\"}\n");
    assertThat(all).extracting(Finding::subjectAtLine, Finding::status).containsExactly(
        tuple("sshd_config:4 PasswordAuthentication", Status.PASS),
        tuple("sshd_config:1 KbdInteractiveAuthentication", Status.PASS),
        tuple("sshd_config PubkeyAuthentication", Status.PASS),
        tuple("sshd_config:3 PermitRootLogin", Status.FAIL));
    assertThat(all.get(3).policyPointer()).isEqualTo("/ssh/permit_root_login");
    assertThat(all.get(3).observed()).endsWith("root may log in with prohibit-password, the"
        + " policy allows at most no");
  }

  @Test
  void authenticationMethodsWithoutPasswordsKeepsPasswordsOffWhateverTheirKeywordSays()
      throws Exception {
    write(dir, "ssh/sshd_config", """
        AuthenticationMethods publickey
        Match User legacy
          AuthenticationMethods publickey,password
          PasswordAuthentication yes
        """);
    List<Finding> all = scan("");
    assertThat(all).extracting(Finding::subjectAtLine, Finding::status).startsWith(
        tuple("sshd_config PasswordAuthentication", Status.PASS),
        tuple("sshd_config:4 PasswordAuthentication in Match User legacy", Status.FAIL),
        tuple("sshd_config KbdInteractiveAuthentication", Status.PASS));
    assertThat(all.get(0).observed()).endsWith("not used: AuthenticationMethods publickey"
        + " (sshd_config:1) lists no PasswordAuthentication");
  }

  /**
   * sshd_config(5): the keywords of a matching Match block override the global ones, and
   * "Match all" matches every connection, in the main file or in an included one. The reverse
   * (global yes, Match all no) is keys only for everyone.
   */
  @Test
  void matchAllOverridesTheGlobalValueForEveryone() throws Exception {
    write(dir, "ssh/sshd_config", """
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        Match all
          PasswordAuthentication yes
        """);
    Finding password = scan("").get(0);
    assertThat(password.subjectAtLine()).isEqualTo("sshd_config:4 PasswordAuthentication");
    assertThat(password.status()).isEqualTo(Status.FAIL);
    assertThat(password.observed()).startsWith("PasswordAuthentication no; overridden for every"
        + " connection by Match all (sshd_config:3): PasswordAuthentication yes: on");

    write(dir, "ssh/sshd_config", "Include d/*.conf\nKbdInteractiveAuthentication no\n");
    write(dir, "ssh/d/a.conf",
        "PasswordAuthentication no\nMatch all\nPasswordAuthentication yes\n");
    assertThat(scan("")).extracting(Finding::subjectAtLine, Finding::status).contains(
        tuple("d/a.conf:3 PasswordAuthentication", Status.FAIL));

    write(dir, "ssh/d/a.conf",
        "PasswordAuthentication yes\nMatch all\nPasswordAuthentication no\n");
    assertThat(scan("")).extracting(Finding::subjectAtLine, Finding::status).contains(
        tuple("d/a.conf:3 PasswordAuthentication", Status.PASS));
  }

  @Test
  void anUnreadableConfigIsAnError() throws Exception {
    write(dir, "ssh/sshd_config", "Include loop.conf\n");
    write(dir, "ssh/loop.conf", "Port 22\nInclude sshd_config\n");
    List<Finding> all = scan("");
    assertThat(all).extracting(Finding::subjectAtLine, Finding::status)
        .containsExactly(tuple("loop.conf:2", Status.ERROR));
    assertThat(all.get(0).observed())
        .isEqualTo("loop.conf:2: include loop: sshd_config -> loop.conf -> sshd_config");
  }
}
