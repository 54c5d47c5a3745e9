package dev.secaudit.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value a policy field takes when the file leaves it out. Jackson passes null for an absent
 * field; the section records replace it here, so every record applies the same rule: an absent
 * list or map is empty (and a given one is copied, so a record never shares a caller's mutable
 * collection), an absent value takes the documented default.
 */
final class Unset {
  private Unset() {}

  static <T> T or(T value, T fallback) {
    return value == null ? fallback : value;
  }

  static <T> List<T> orEmpty(List<T> values) {
    return values == null ? List.of() : List.copyOf(values);
  }

  /** Insertion order is kept: maps are written back (schema, docs) in the order the file had. */
  static <K, V> Map<K, V> orEmpty(Map<K, V> values) {
    return values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}
