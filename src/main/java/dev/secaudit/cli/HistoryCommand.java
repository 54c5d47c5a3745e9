package dev.secaudit.cli;

import dev.secaudit.evidence.RunLedger;
import dev.secaudit.policy.UsageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

final class HistoryCommand extends CommandGroup {
  HistoryCommand(Main main) {
    super(main);
  }

  /** The command's model, with {@code history verify}'s. */
  CommandSpec model() {
    return model("history", "Work with run histories written by 'secaudit scan --history"
        + " FILE'.", new Verify(main).model());
  }

  @Override
  String suggestion() {
    return "secaudit history verify FILE";
  }

  static final class Verify implements Callable<Integer> {
    final Main main;
    Path file;
    java.util.List<String> pins;

    Verify(Main main) {
      this.main = main;
    }

    /** The command's options (names, labels, help), each set into its field here. */
    CommandSpec model() {
      CommandModel model = CommandModel.of(this, "verify", "Check the hash chain of a run"
          + " history: any edited, inserted, deleted or reordered line is reported. Exit 0"
          + " verified (intact and the head pinned), 4 integrity only (intact, but no --pin or"
          + " runs after the newest pin), 1 tampered, 2 no such file.");
      model.requiredPath(v -> file = v, "FILE", "The history (JSON Lines).");
      model.add(CommandModel.texts(() -> pins, v -> pins = v, java.util.List.of(), "SHA256", "A"
          + " head sha256 printed by an earlier verify (repeatable): that line must still be in"
          + " the history, so cutting the newest lines is detected.", "--pin"));
      return model.withHelpOptions();
    }

    /** A mistyped pin is the user's slip (exit 2), not a sign that the history was cut. */
    static void requirePins(List<String> pins) {
      for (String pin : pins) {
        if (!pin.matches("[0-9A-Fa-f]{64}")) {
          throw new UsageException("--pin: '" + pin + "' is not a SHA-256 (64 hex digits);"
              + " copy the head sha256 an earlier 'history verify' printed");
        }
      }
    }

    @Override
    public Integer call() throws IOException {
      requirePins(pins);
      RunLedger.Verification v = RunLedger.verify(file).pinned(pins);
      var out = main.context.out();
      v.problems().forEach(p -> out.println("TAMPERED: " + p));
      if (v.intact()) {
        // A chain recomputed over lines edited by hand verifies; what the lines say must agree too.
        List<String> contradictions = dev.secaudit.evidence.LedgerConsistency.problems(
            RunLedger.read(file));
        contradictions.forEach(p -> out.println("INCONSISTENT: " + p));
        if (!contradictions.isEmpty()) {
          out.println("not consistent: " + v.runs() + " run" + (v.runs() == 1 ? "" : "s")
              + ", head sha256 " + v.head() + " (the chain is intact, but no secaudit run"
              + " writes such lines: edited and rechained)");
          return ExitCode.ofVerification(false, false).code;
        }
      }
      String counted = v.runs() + " run" + (v.runs() == 1 ? "" : "s") + ", head sha256 "
          + v.head();
      boolean pinned = false;
      if (!v.intact()) {
        out.println("not intact: " + counted);
      } else {
        int unpinned = v.unpinnedRuns(pins);
        pinned = unpinned == 0;
        if (pinned) {
          out.println("verified: " + counted + " (intact, and the head is pinned: integrity and"
              + " authenticity up to the pin)");
        } else {
          out.println("intact: " + counted);
          out.println(dev.secaudit.evidence.BundleVerification.INTEGRITY_ONLY + ": "
              + (unpinned < 0 ? "no --pin was given, so a history rewritten whole with"
                  + " recomputed hashes would pass too (pin it: history verify --pin SHA256)"
                  : "the " + unpinned + " run(s) after the newest pin are vouched for by the"
                      + " chain alone (pin the new head)"));
        }
      }
      return ExitCode.ofVerification(v.intact(), pinned).code;
    }
  }
}
