package dev.secaudit.check;

import dev.secaudit.model.CheckDescriptions;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every check id a set of checks can report, gathered from what each check declares
 * ({@link Check#reports()}) plus the claims' own ids, in the order the checks are given. Ids are
 * a public contract (waivers, baselines, SARIF rule ids and policy overrides name them): never
 * rename one, add a new id instead.
 */
public final class CheckCatalog {
  private final Map<String, CheckInfo> byId;

  public CheckCatalog(Collection<? extends Check> checks) {
    Map<String, CheckInfo> all = new LinkedHashMap<>();
    for (Check c : checks) {
      for (CheckInfo info : c.reports()) {
        add(all, info, c.getClass().getName());
      }
    }
    for (CheckInfo info : new ClaimCheck().reports()) {
      add(all, info, ClaimCheck.class.getName());
    }
    this.byId = java.util.Collections.unmodifiableMap(all);
  }

  private static void add(Map<String, CheckInfo> all, CheckInfo info, String declaredBy) {
    CheckInfo before = all.putIfAbsent(info.id(), info);
    // Two instances of one check class (a test's own configuration) declare the same facts.
    if (before != null && !before.equals(info)) {
      throw new IllegalStateException("check id " + info.id() + " declared twice, differently"
          + " (again by " + declaredBy + ")");
    }
  }

  public CheckInfo get(String id) {
    CheckInfo info = byId.get(id);
    if (info == null) {
      throw new IllegalArgumentException("unknown check id " + id);
    }
    return info;
  }

  public Collection<CheckInfo> all() {
    return byId.values();
  }

  public Set<String> ids() {
    return byId.keySet();
  }

  /** The descriptions the renderers that name rules are given (SARIF, the period report). */
  public CheckDescriptions descriptions() {
    return new CheckDescriptions(all());
  }

  /** The compliance requirements {@code id} gives evidence for; none for an unknown id. */
  public List<dev.secaudit.model.Mapping> mappings(String id) {
    CheckInfo info = byId.get(id);
    return info == null ? List.of() : info.mappings();
  }
}
