package dev.secaudit.model;

/**
 * The population an auditor asks about: which targets were in scope, which were evaluated, and why
 * any were not.
 */
public record TargetState(String name, String url, State state, String reason) {
  public enum State {
    EVALUATED,
    UNREACHABLE,
    EXCLUDED
  }
}
