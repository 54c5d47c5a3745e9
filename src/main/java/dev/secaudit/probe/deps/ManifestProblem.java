package dev.secaudit.probe.deps;

/** A manifest that could not be read or parsed: the rest of the repository still counts. */
public record ManifestProblem(String file, int line, String reason) {
  /** file:line when the line is known, else the file. */
  public String place() {
    return line > 0 ? file + ":" + line : file;
  }
}
