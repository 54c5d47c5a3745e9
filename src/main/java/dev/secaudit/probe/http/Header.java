package dev.secaudit.probe.http;

import dev.secaudit.model.Redactor;

/** One header line as sent or received, in order; repeated headers stay separate. */
public record Header(String name, String value) {

  /**
   * The line as written in evidence: what the name says is secret masked whatever the value (a
   * cookie value, a credential, however short), control characters made visible. The run's
   * redactor masks the remaining secrets when the evidence is written.
   */
  public String written() {
    return Printable.of(name + ": " + Redactor.shown(name, value));
  }
}
