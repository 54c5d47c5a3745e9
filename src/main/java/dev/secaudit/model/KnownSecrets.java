package dev.secaudit.model;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The secret values one command knows so far (the policy's ${env:} values once it is loaded),
 * shared by everything that prints while the command runs: the console and stderr write through
 * {@link #redactor()}. One per command run, never static.
 */
public final class KnownSecrets {
  private final Set<String> values = new LinkedHashSet<>();
  private Redactor redactor = Redactor.none();

  public synchronized void add(Collection<String> more) {
    if (values.addAll(more)) {
      redactor = new Redactor(values);
    }
  }

  public synchronized void add(String value) {
    if (value != null && values.add(value)) {
      redactor = new Redactor(values);
    }
  }

  public synchronized Redactor redactor() {
    return redactor;
  }
}
