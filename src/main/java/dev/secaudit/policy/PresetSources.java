package dev.secaudit.policy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The built-in presets as parsed source trees, each read once on first use: the loader merges
 * them under the file, and which policy pointers a preset writes decides whether a rule the file
 * does not write came from its {@code extends:} line or is a check's own default under a section
 * the file has. Callers never change a tree (the loader's merge copies what it takes).
 */
final class PresetSources {
  private PresetSources() {}

  private static final Map<String, SourceTree> TREES = new ConcurrentHashMap<>();

  /** The parsed preset {@code name}, which must be one of {@link PolicyLoader#PRESETS}. */
  static SourceTree tree(String name) {
    return TREES.computeIfAbsent(name, n -> SourceTree.parse("preset " + n,
        PolicyLoader.readResource("/dev/secaudit/presets/" + n + ".yaml")));
  }

  /** Whether preset {@code name} writes the value at {@code pointer}. */
  static boolean writes(String name, String pointer) {
    // Every preset a policy can extend, not only the ones the built-in profile uses.
    return PolicyLoader.PRESETS.contains(name) && tree(name).has(pointer);
  }
}
