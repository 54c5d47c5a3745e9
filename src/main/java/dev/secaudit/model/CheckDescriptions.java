package dev.secaudit.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The descriptions of every check id a run may report, by id, as the renderers are given them. */
public final class CheckDescriptions {
  private final Map<String, CheckDescription> byId = new LinkedHashMap<>();

  public CheckDescriptions(Collection<? extends CheckDescription> all) {
    for (CheckDescription d : all) {
      byId.put(d.id(), d);
    }
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
