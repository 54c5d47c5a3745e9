package dev.secaudit.check;

import dev.secaudit.model.CheckDescription;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.Severity;
import java.util.List;

/**
 * The fixed facts about one check id, declared by the check that reports it: what it verifies,
 * how much a failure matters by default, the policy section that asks for it, which compliance
 * requirements it gives evidence for, how to fix a failure and where the rule comes from. The
 * catalogue, docs/checks.md and the SARIF rules are derived from these.
 */
public record CheckInfo(
    String id,
    String title,
    Severity severity,
    String section,
    List<Mapping> mappings,
    String remediation,
    String reference) implements CheckDescription {

  public CheckInfo {
    mappings = List.copyOf(mappings);
  }

  /**
   * @param section the top-level key of the policy that turns the check on
   * @param mappings space-separated {@code framework:requirement} pairs (see {@link ControlAreas})
   */
  public static CheckInfo of(String id, String title, Severity severity, String section,
      String mappings, String remediation, String reference) {
    List<Mapping> m = new java.util.ArrayList<>();
    for (String s : mappings.split("\\s+")) {
      if (!s.isBlank()) {
        m.add(Mapping.parse(s));
      }
    }
    return new CheckInfo(id, title, severity, section, m, remediation, reference);
  }
}
