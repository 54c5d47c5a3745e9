package dev.secaudit.cli;

import dev.secaudit.evidence.BundleVerification;
import dev.secaudit.evidence.BundleVerifier;
import dev.secaudit.policy.UsageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

final class EvidenceCommand extends CommandGroup {
  EvidenceCommand(Main main) {
    super(main);
  }

  /** The command's model, with {@code evidence verify}'s. */
  CommandSpec model() {
    return model("evidence", "Work with evidence bundles written by 'secaudit scan --evidence"
        + " DIR'.", new Verify(main).model());
  }

  @Override
  String suggestion() {
    return "secaudit evidence verify DIR";
  }

  static final class Verify implements Callable<Integer> {
    final Main main;
    Path dir;
    Path caFile;
    Path history;
    String run;

    Verify(Main main) {
      this.main = main;
    }

    /** The command's options (names, labels, help), each set into its field here. */
    CommandSpec model() {
      CommandModel model = CommandModel.of(this, "verify", "Recompute every hash of an evidence"
          + " bundle, list changed, added and removed files, check the signature and, with"
          + " --history, that the history names this bundle. Exit 0"
          + " verified (intact, and the signer chains to --ca-file), 4 integrity only (intact,"
          + " but unsigned or no --ca-file), 1 tampered, 2 not a bundle.");
      model.requiredPath(v -> dir = v, "DIR", "The bundle folder.");
      model.path(v -> caFile = v, "PEM", "CA certificates the signer must chain to (at signing"
          + " time); without it the signature is checked and the signer named, but not"
          + " trusted.", "--ca-file");
      model.path(v -> history = v, "FILE", "The run history ('scan --history FILE'): its line of"
          + " the bundle's run must name this manifest.json's SHA-256 and agree with scan.json;"
          + " a history that does not verify vouches for nothing.", "--history");
      model.text(v -> run = v, "RUN", "With --history: the run this bundle must be (run id,"
          + " line seq, or line sha256 as the period report lists them); default: the bundle's"
          + " own run id.", "--run");
      return model.withHelpOptions();
    }

    @Override
    public Integer call() throws IOException {
      if (run != null && history == null) {
        throw new UsageException("--run names a line of a run history; add --history FILE");
      }
      BundleVerification v = BundleVerifier.verify(dir, caFile, history, run);
      v.describe().forEach(main.context.out()::println);
      return ExitCode.ofVerification(v.intact(), v.authentic()).code;
    }
  }
}
