package dev.secaudit.layers.before.report;

import dev.secaudit.layers.before.check.CheckCatalog;

/** As SarifReport was: rules read from the static check catalogue. */
public final class SarifReport {
  public String rule(String id) {
    return CheckCatalog.title(id);
  }
}
