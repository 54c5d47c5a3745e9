package dev.secaudit.probe.config;

/**
 * Why a config could not be read or parsed, with the place (file:line, or the file alone) a
 * person goes to fix it. Caught by the probe and recorded as the observation's failure.
 */
public final class ConfigProblem extends Exception {
  private static final long serialVersionUID = 1L;
  private final String where;

  public ConfigProblem(String where, String message) {
    super(message);
    this.where = where;
  }

  /** file:line, or the file when no line applies. */
  public String where() {
    return where;
  }

  @Override
  public String toString() {
    return where + ": " + getMessage();
  }
}
