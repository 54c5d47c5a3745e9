package dev.secaudit.compliance;

import java.util.List;

/** A compliance framework as data: every requirement in scope, none silently left out. */
public record Framework(String id, String name, String version, String note,
    List<Requirement> requirements) {
  public Framework {
    requirements = List.copyOf(requirements);
  }

  /** One requirement (criterion, article, control) with our own short paraphrased title. */
  public record Requirement(String id, String title, String area) {}
}
