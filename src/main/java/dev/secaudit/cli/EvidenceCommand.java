package dev.secaudit.cli;

import dev.secaudit.evidence.BundleVerification;
import dev.secaudit.evidence.BundleVerifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "evidence", mixinStandardHelpOptions = true,
    description = "Work with evidence bundles written by 'secaudit scan --evidence DIR'.",
    subcommands = {EvidenceCommand.Verify.class})
final class EvidenceCommand extends CommandGroup {
  @Override
  String suggestion() {
    return "secaudit evidence verify DIR";
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Recompute every hash of an evidence bundle, list changed, added and removed"
          + " files, and check the signature. Exit 0 verified (intact, and the signer chains to"
          + " --ca-file), 4 integrity only (intact, but unsigned or no --ca-file), 1 tampered,"
          + " 2 not a bundle.")
  static final class Verify implements Callable<Integer> {
    @ParentCommand EvidenceCommand parent;

    @Parameters(paramLabel = "DIR", description = "The bundle folder.")
    Path dir;

    @Option(names = "--ca-file", paramLabel = "PEM",
        description = "CA certificates the signer must chain to (at signing time); without it"
            + " the signature is checked and the signer named, but not trusted.")
    Path caFile;

    @Override
    public Integer call() throws IOException {
      BundleVerification v = BundleVerifier.verify(dir, caFile);
      v.describe().forEach(parent.main.context.out()::println);
      return ExitCode.ofVerification(v.intact(), v.authentic()).code;
    }
  }
}
