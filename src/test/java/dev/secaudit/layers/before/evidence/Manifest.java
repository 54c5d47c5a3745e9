package dev.secaudit.layers.before.evidence;

import dev.secaudit.layers.before.report.ScanJson;

/** As Manifest was: the evidence bundle borrowing the report's JSON mapper (a cycle). */
public final class Manifest {
  public String mapper() {
    return ScanJson.mapper();
  }
}
