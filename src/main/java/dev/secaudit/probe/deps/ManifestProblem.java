package dev.secaudit.probe.deps;

/** A manifest that could not be read or parsed: the rest of the repository still counts. */
public record ManifestProblem(String file, int line, int column, String reason) {
  public ManifestProblem(String file, int line, String reason) {
    this(file, line, 0, reason);
  }

  /** file:line:column as far as known, else the file. */
  public String place() {
    return line <= 0 ? file : file + ":" + line + (column > 0 ? ":" + column : "");
  }
}
