package dev.secaudit.policy;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** configs: and ssh:: what loads, the defaults ("keys only"), and mistakes named by line. */
class ConfigPolicyTest {
  private final InlinePolicy inline =
      new InlinePolicy(new PolicyLoader(Map.<String, String>of()::get, StandardChecks.catalog().ids()));

  @Test
  void configsAreSourcesAndSshDefaultsToKeysOnly() {
    LoadedPolicy p = inline.load("""
        version: 1
        name: acme
        targets: [{name: api, url: "https://api.acme.test"}]
        configs:
          - {name: edge, kind: nginx, path: nginx.conf, target: api}
          - {name: bastion, kind: sshd, path: /etc/ssh/sshd_config}
        ssh: {permit_root_login: false}
        """);
    assertThat(p.policy().sources()).extracting(SourceEntry::name)
        .containsExactly("edge", "bastion");
    Ssh ssh = p.policy().ssh();
    assertThat(ssh.permitRootLogin()).isEqualTo("no");
    assertThat(ssh.passwordAuthentication()).isFalse();
    assertThat(ssh.kbdInteractiveAuthentication()).isFalse();
    assertThat(ssh.pubkeyAuthentication()).isTrue();
    assertThat(Ssh.DEFAULTS.permitRootLogin()).isEqualTo("prohibit-password");
  }

  @Test
  void mistakesAreNamedWithTheirLine() {
    String message = inline.error("""
        version: 1
        name: acme
        targets: [{name: api, url: "https://api.acme.test"}]
        configs:
          - {name: edge, kind: ngnix, path: nginx.conf, target: apo}
          - {name: api, kind: sshd}
        ssh: {permit_root_login: maybe}
        """);
    assertThat(message)
        .contains("p.yaml:5").contains("unknown kind 'ngnix' (did you mean 'nginx'?)")
        .contains("no target is named 'apo' (did you mean 'api'?)")
        .contains("duplicate name 'api'")
        .contains("missing 'path'")
        .contains("p.yaml:7").contains("'maybe' is not a PermitRootLogin value");
  }

  @Test
  void sshRulesWithoutAnSshdConfigJudgeNothing() {
    assertThat(inline.error("""
        version: 1
        name: acme
        configs: [{name: edge, kind: nginx, path: nginx.conf}]
        ssh: {password_authentication: false}
        """)).contains("nothing to judge: list an sshd_config under 'configs'");
  }
}
