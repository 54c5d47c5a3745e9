package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Completion and man pages from the commands, "did you mean", SECAUDIT_* defaults. */
class ShellHabitsTest {
  @TempDir Path dir;

  @Test
  void aMistypedOptionOrCommandGetsItsNearestName() {
    // picocli's own suggestion covers most typos...
    Cli.Result dropped = Cli.run("validate", "--alow-unset-env", "x.yaml");
    assertThat(dropped.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(dropped.err()).contains("--allow-unset-env");
    // ...and a swap of two letters, which its similarity misses, gets ours.
    Cli.Result swapped = Cli.run("scan", "--fial-on", "high");
    assertThat(swapped.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(swapped.err()).contains("Unknown option: '--fial-on'")
        .contains("Did you mean: --fail-on?");
    Cli.Result withValue = Cli.run("scan", "--fromat=json");
    assertThat(withValue.err()).contains("Did you mean: --format?");
    Cli.Result command = Cli.run("mrege", "a.json");
    assertThat(command.err()).contains("Did you mean: secaudit merge");
    // Nothing near: no guess.
    assertThat(Cli.run("scan", "--zzzzzzzz").err()).doesNotContain("Did you mean");
  }

  @Test
  void secauditVariablesAreDefaultsTheCommandLineOverrides() throws Exception {
    // The variable is read: a bad value fails as the option would.
    Cli.Result bad = Cli.run(Map.of("SECAUDIT_FAIL_ON", "severe"), null, "scan", "-p",
        dir.resolve("none.yaml").toString());
    assertThat(bad.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(bad.err()).contains("--fail-on: 'severe' is not a severity");
    // The command line wins over it.
    Cli.Result overridden = Cli.run(Map.of("SECAUDIT_FAIL_ON", "severe"), null, "scan",
        "--fail-on", "high", "-p", dir.resolve("none.yaml").toString());
    assertThat(overridden.err()).doesNotContain("severe").contains("none.yaml");
    // SECAUDIT_POLICY names the policy when the command line does not.
    Path policy = Files.writeString(dir.resolve("from-env.yaml"), "version: 1\nname: x\n"
        + "targets: []\nbogus_key: 1\n");
    Cli.Result fromEnv = Cli.run(Map.of("SECAUDIT_POLICY", policy.toString()), null, "scan");
    assertThat(fromEnv.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(fromEnv.err()).contains("from-env.yaml:4");
    assertThat(EnvironmentDefaults.SCAN_OPTIONS).containsEntry("--ca-file", "SECAUDIT_CA_FILE")
        .containsEntry("--shard-count", "SECAUDIT_SHARD_COUNT");
  }

  @Test
  void everyVariableIsDocumented() throws Exception {
    String ci = Files.readString(Path.of("docs/ci.md"));
    for (String variable : EnvironmentDefaults.SCAN_OPTIONS.values()) {
      assertThat(ci).contains("`" + variable + "`");
    }
    assertThat(ci).contains("`" + EnvironmentDefaults.COLOR + "`");
  }

  @Test
  void completionAndManPagesComeFromTheCommands() throws Exception {
    ShellFiles.main(new String[] {dir.toString()});
    String bash = Files.readString(dir.resolve("completion/secaudit.bash"));
    String zsh = Files.readString(dir.resolve("completion/_secaudit"));
    for (Main.Subcommand c : Main.Subcommand.ALL) {
      String name = c.name();
      assertThat(bash).contains(name);
      assertThat(dir.resolve("man-adoc/secaudit-" + name + ".adoc")).exists();
    }
    assertThat(bash).contains("--fail-on").contains("--shard-count").contains("--ca-file");
    assertThat(zsh).startsWith("#compdef secaudit\n").contains("bashcompinit")
        .endsWith("_bash_complete -F _complete_secaudit\n");
    assertThat(Files.readString(dir.resolve("man-adoc/secaudit-scan.adoc")))
        .contains("--shard-count");
  }

  /** The generated bash completion, run by bash, completes a command and an option. */
  @Test
  void bashCompletesWithIt() throws Exception {
    ShellFiles.main(new String[] {dir.toString()});
    Process p = new ProcessBuilder("bash", "-c", "source \"$0\" 2>/dev/null;"
        + " COMP_WORDS=(secaudit sca); COMP_CWORD=1; _complete_secaudit 2>/dev/null; echo \"${COMPREPLY[*]}\";"
        + " COMP_WORDS=(secaudit scan --shard-c); COMP_CWORD=2; _complete_secaudit 2>/dev/null;"
        + " echo \"${COMPREPLY[*]}\"", dir.resolve("completion/secaudit.bash").toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).isZero();
    assertThat(out.lines().toList()).containsExactly("scan", "--shard-count");
  }
}
