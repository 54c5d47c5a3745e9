package dev.secaudit.policy;

import dev.secaudit.model.Severity;

@Doc("Override for checks whose id matches the key.")
public record CheckOverride(
    @Doc("Severity used instead of the check's default.") Severity severity,
    @Doc("false: the check is not run and findings are SKIPPED.")
        Boolean enabled) {
  public CheckOverride {
    enabled = Unset.or(enabled, Boolean.TRUE);
  }
}
