package dev.secaudit.probe.deps;

/** Thrown by a manifest parser for input it cannot read; the probe records it as a problem. */
final class MalformedManifest extends Exception {
  private static final long serialVersionUID = 1L;
  private final int line;

  MalformedManifest(int line, String message) {
    super(message);
    this.line = line;
  }

  int line() {
    return line;
  }
}
