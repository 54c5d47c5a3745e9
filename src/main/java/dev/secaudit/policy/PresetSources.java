package dev.secaudit.policy;

import java.util.HashMap;
import java.util.Map;

/**
 * The built-in presets as parsed source trees, read once on first use: which policy pointers a
 * preset writes decides whether a rule the file does not write came from its {@code extends:}
 * line or is a check's own default under a section the file has.
 */
final class PresetSources {
  private PresetSources() {}

  private static final class Loaded {
    static final Map<String, SourceTree> TREES = read();

    private static Map<String, SourceTree> read() {
      Map<String, SourceTree> out = new HashMap<>();
      for (String name : BuiltInProfile.PRESETS) {
        out.put(name, SourceTree.parse("preset " + name,
            PolicyLoader.readResource("/dev/secaudit/presets/" + name + ".yaml")));
      }
      return Map.copyOf(out);
    }
  }

  /** Whether preset {@code name} writes the value at {@code pointer}. */
  static boolean writes(String name, String pointer) {
    SourceTree t = Loaded.TREES.get(name);
    return t != null && t.has(pointer);
  }
}
