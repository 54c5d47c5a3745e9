package dev.secaudit.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** The descriptions of every check id a run may report, by id, as the renderers are given them. */
public final class CheckDescriptions {
  private final Map<String, CheckDescription> byId = new LinkedHashMap<>();
  private final Map<Mapping, List<String>> byRequirement = new LinkedHashMap<>();

  public CheckDescriptions(Collection<? extends CheckDescription> all) {
    for (CheckDescription d : all) {
      byId.put(d.id(), d);
      for (Mapping m : new LinkedHashSet<>(d.mappings())) {
        byRequirement.computeIfAbsent(m, k -> new ArrayList<>()).add(d.id());
      }
    }
    byRequirement.replaceAll((m, ids) -> List.copyOf(ids));
  }

  /**
   * The check ids the catalogue maps to each requirement, in catalogue order: what a
   * requirement's row names when some of them did not run, so a status over a few of its checks
   * is not read as the requirement covered.
   */
  public Map<Mapping, List<String>> checksByRequirement() {
    return Collections.unmodifiableMap(byRequirement);
  }

  /** The catalogue's checks of each requirement, or none when no catalogue was given. */
  public static Map<Mapping, List<String>> checksByRequirement(CheckDescriptions checks) {
    return checks == null ? Map.of() : checks.checksByRequirement();
  }

  /** The description of {@code id}, or null for an id this version does not know. */
  public CheckDescription find(String id) {
    return byId.get(id);
  }

  /** The title of {@code id}, or an empty string for an id this version does not know. */
  public String title(String id) {
    CheckDescription d = byId.get(id);
    return d == null ? "" : d.title();
  }
}
