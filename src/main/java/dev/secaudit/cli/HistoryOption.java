package dev.secaudit.cli;

import dev.secaudit.evidence.RunLedger;
import java.io.IOException;
import java.nio.file.Path;

/** {@code --history}, wherever a command keeps its run (scan, merge). */
final class HistoryOption {
  Path history;

  HistoryOption addTo(CommandModel model) {
    model.path(v -> history = v, "FILE", "Append this run to a hash-chained JSON Lines history"
        + " (created if missing; refused if it does not verify).", "--history");
    return this;
  }

  /** Checked before the run, so a history that does not verify costs no scan; null when unset. */
  Path requireAppendable() throws IOException {
    if (history != null) {
      RunLedger.requireAppendable(history);
    }
    return history;
  }
}
