package dev.secaudit.probe.manifest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The poms of one repository, by path, and what each module takes from the others as Maven
 * does: properties (and project.*) through its parent chain, versions from the
 * dependencyManagement of itself, its parents and the BOMs they import. Only poms inside the
 * repository are known: a parent or BOM from a remote repository is not fetched, and a version
 * that only it could give stays unresolved (the caller says so rather than guessing).
 */
public final class PomTree {
  /** Parents and imports followed before a chain is taken for a loop. */
  private static final int MAX_DEPTH = 16;

  private final Map<String, PomFile> byPath;
  private final Map<String, String> pathByGav = new HashMap<>();

  /** A version as Maven would resolve it, and where it was written. */
  public record Version(String value, String file, int line) {}

  /** @param byPath poms by path relative to the repository root, '/' separated */
  public PomTree(Map<String, PomFile> byPath) {
    this.byPath = new LinkedHashMap<>(byPath);
    byPath.forEach((path, pom) -> {
      if (pom.groupId() != null && pom.artifactId() != null) {
        pathByGav.put(pom.groupId() + ":" + pom.artifactId() + ":" + pom.projectVersion(), path);
        pathByGav.putIfAbsent(pom.groupId() + ":" + pom.artifactId(), path);
      }
    });
  }

  /** The pom's parent inside the repository (relativePath first, then by coordinates), or null. */
  public String parentOf(String path) {
    PomFile pom = byPath.get(path);
    if (pom == null || pom.parent() == null) {
      return null;
    }
    if (pom.parentPath() != null && !pom.parentPath().isEmpty()) {
      String candidate = normalise(folder(path) + pom.parentPath());
      if (!candidate.endsWith(".xml")) {
        candidate = (candidate.isEmpty() ? "" : candidate + "/") + "pom.xml";
      }
      PomFile there = byPath.get(candidate);
      if (there != null && pom.parent().artifact() != null
          && pom.parent().artifact().equals(there.artifactId())) {
        return candidate;
      }
    }
    return find(pom.parent().group(), pom.parent().artifact(), pom.parent().version());
  }

  /** ${name} in the pom at {@code path} with its own and its parents' values. */
  public String resolve(String path, String value) {
    return PomFile.resolve(value, key -> property(path, key, 0));
  }

  private String property(String path, String key, int depth) {
    PomFile pom = byPath.get(path);
    if (pom == null || depth > MAX_DEPTH) {
      return null;
    }
    String own = pom.property(key);
    if (own != null) {
      return own;
    }
    String parent = parentOf(path);
    return parent == null ? null : property(parent, key, depth + 1);
  }

  /**
   * The version dependencyManagement gives group:artifact in the pom at {@code path} (its own,
   * its parents', their imported BOMs', nearest first), resolved; null when no pom of the
   * repository manages it.
   */
  public Version managedVersion(String path, String group, String artifact) {
    return managed(path, group + ":" + artifact, new HashSet<>(), 0);
  }

  private Version managed(String path, String key, Set<String> seen, int depth) {
    PomFile pom = byPath.get(path);
    if (pom == null || depth > MAX_DEPTH || !seen.add(path)) {
      return null;
    }
    List<PomFile.Coordinates> imports = new ArrayList<>();
    for (PomFile.Coordinates c : pom.coordinates()) {
      if (!c.managed() || !c.element().equals("dependency")) {
        continue;
      }
      if (c.bom()) {
        imports.add(c);
      } else if (c.version() != null && key.equals(resolve(path, c.group()) + ":"
          + resolve(path, c.artifact()))) {
        return new Version(resolve(path, c.version()), path, c.versionLine());
      }
    }
    for (PomFile.Coordinates bom : imports) {
      String at = find(resolve(path, bom.group()), resolve(path, bom.artifact()),
          resolve(path, bom.version()));
      Version v = at == null ? null : managed(at, key, seen, depth + 1);
      if (v != null) {
        return v;
      }
    }
    String parent = parentOf(path);
    return parent == null ? null : managed(parent, key, seen, depth + 1);
  }

  private String find(String group, String artifact, String version) {
    String exact = pathByGav.get(group + ":" + artifact + ":" + version);
    return exact != null ? exact : pathByGav.get(group + ":" + artifact);
  }

  private static String folder(String path) {
    return path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "";
  }

  /** a/b/../c → a/c; a leading .. (out of the repository) leaves nothing to find. */
  private static String normalise(String path) {
    List<String> parts = new ArrayList<>();
    for (String s : path.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        if (parts.isEmpty()) {
          return "\0outside";
        }
        parts.remove(parts.size() - 1);
      } else {
        parts.add(s);
      }
    }
    return String.join("/", parts);
  }
}
