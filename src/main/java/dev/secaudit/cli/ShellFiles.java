package dev.secaudit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes bash and zsh completion and the man pages (as AsciiDoc, which the build turns into
 * roff) from the command model. Run by the build only (pom.xml, before packaging), so they can
 * never list an option the CLI does not have; picocli-codegen is not in the shipped jar, and
 * nothing in secaudit calls this class.
 */
public final class ShellFiles {
  private ShellFiles() {}

  /** @param args the folder to write {@code completion/} and {@code man-adoc/} into */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    PrintWriter silent = new PrintWriter(Writer.nullWriter());
    // No environment: SECAUDIT_* of the build machine must not become documented defaults.
    Main main = new Main(Main.Context.of(silent, silent, name -> null, Clock.systemUTC(), false));
    CommandLine cli = Main.commandLine(main, Main.Subcommand.ALL);
    String bash = AutoComplete.bash("secaudit", cli);
    Path completion = Files.createDirectories(dir.resolve("completion"));
    Files.writeString(completion.resolve("secaudit.bash"), bash);
    Files.writeString(completion.resolve("_secaudit"), zsh(bash));
    Path man = Files.createDirectories(dir.resolve("man-adoc"));
    ManPageGenerator.generateManPage(man.toFile(), null, new boolean[0], true,
        cli.getCommandSpec());
  }

  /**
   * zsh's completion file: picocli's bash completion run through zsh's bashcompinit. zsh loads
   * the file as the function _secaudit on the first Tab; the script then registers itself, and
   * the last line answers that first Tab too.
   */
  static String zsh(String bash) {
    return "#compdef secaudit\n"
        + "# zsh completion for secaudit: the bash completion below, through bashcompinit.\n"
        + "autoload -U +X bashcompinit && bashcompinit\n"
        + bash
        + "\n_bash_complete -F _complete_secaudit\n";
  }
}
