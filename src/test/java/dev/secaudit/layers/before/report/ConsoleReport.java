package dev.secaudit.layers.before.report;

import dev.secaudit.layers.before.scan.Gate;

/** As ConsoleReport was: a renderer reading the scan's Gate. */
public final class ConsoleReport {
  public String render(Gate gate) {
    return gate.passed() ? "passed" : "failed";
  }
}
