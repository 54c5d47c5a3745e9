package dev.secaudit.check;

import dev.secaudit.model.CheckDescription;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.Severity;
import java.util.List;

/**
 * The fixed facts about one check id: what it verifies, how much a failure matters by default,
 * which compliance requirements it gives evidence for, and how to fix a failure. docs/checks.md
 * and the SARIF rules are generated from these.
 */
public record CheckInfo(
    String id,
    String title,
    Severity severity,
    List<Mapping> mappings,
    String remediation,
    String reference) implements CheckDescription {

  public CheckInfo {
    mappings = List.copyOf(mappings);
  }

  static CheckInfo of(String id, String title, Severity severity, String mappings,
      String remediation, String reference) {
    List<Mapping> m = new java.util.ArrayList<>();
    for (String s : mappings.split("\\s+")) {
      if (!s.isBlank()) {
        m.add(Mapping.parse(s));
      }
    }
    return new CheckInfo(id, title, severity, m, remediation, reference);
  }
}
