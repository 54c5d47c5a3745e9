package dev.secaudit.policy;

import dev.secaudit.model.Mapping;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * The keys and factories the policy records bind by, without reading their annotations.
 *
 * <p>The records keep {@code @JsonProperty} and {@code @JsonCreator} for Jackson, but reading
 * them by reflection parsed every component's and method's annotations and made the run's first
 * annotation proxies: about a quarter of the binding's CPU in a fresh JVM (docs/benchmarks.md,
 * issue 19). The names follow from the component names, the two renamed ones and the factories
 * are listed here, and BindingTableTest holds this table to the annotations for every type a
 * policy or a waiver file reaches, so the two cannot drift.
 */
final class BindingTable {
  private BindingTable() {}

  /** The key of a record component: its name in snake_case, or the rename Jackson is told. */
  static String jsonName(RecordComponent c) {
    Class<?> owner = c.getDeclaringRecord();
    String name = c.getName();
    // 'extends' and 'wait' are Java keywords or Object methods, so the components are renamed.
    if (owner == Policy.class && name.equals("presets")) {
      return "extends";
    }
    if (owner == Flow.FlowExpectation.class && name.equals("waitFor")) {
      return "wait";
    }
    return snakeCase(name);
  }

  /** Jackson's SNAKE_CASE: a capital starts a word unless the letter before was one too. */
  static String snakeCase(String name) {
    StringBuilder out = new StringBuilder(name.length() + 4);
    boolean previousUpper = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (i == 0 && c == '_') {
        continue;
      }
      if (Character.isUpperCase(c)) {
        if (!previousUpper && out.length() > 0 && out.charAt(out.length() - 1) != '_') {
          out.append('_');
        }
        c = Character.toLowerCase(c);
        previousUpper = true;
      } else {
        previousUpper = false;
      }
      out.append(c);
    }
    return out.length() > 0 ? out.toString() : name;
  }

  /**
   * The static factory a type is built by from the value as written (text, or any value: a
   * number, a boolean, a list or a mapping), or null when it binds by its shape.
   */
  static Method factory(Class<?> raw) {
    Class<?> takes;
    if (raw == Mapping.class || raw == CookieRule.SameSite.class) {
      takes = String.class;
    } else if (raw == PolicyDuration.class || raw == Presence.class || raw == Dpa.class) {
      takes = Object.class;
    } else {
      return null;
    }
    try {
      return raw.getDeclaredMethod("parse", takes);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(raw + " has no parse(" + takes.getSimpleName() + ")", e);
    }
  }
}
