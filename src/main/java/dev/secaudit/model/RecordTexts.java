package dev.secaudit.model;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Walks the result model's records by their components, lists and maps (keys too) and asks of
 * every text whether a rewrite (making it printable, redacting it) would change it. Each distinct
 * text and list is looked at once: a scan read from scan.json shares its repeated ones, so a
 * fleet's scan is walked in about the time of its findings. A rewrite that changes nothing (the
 * usual case) then needs no copy of the scan at all.
 */
public final class RecordTexts {
  /** What the walk found. */
  public enum Walked {
    /** Every text stays as it is. */
    UNCHANGED,
    /** At least one text would change. */
    CHANGED,
    /** A value of a kind the walk does not know: look at it another way. */
    UNKNOWN_SHAPE
  }

  private final UnaryOperator<String> rewrite;
  private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<Class<?>, Method[]> components = new HashMap<>();

  private RecordTexts(UnaryOperator<String> rewrite) {
    this.rewrite = rewrite;
  }

  /** Whether {@code rewrite} leaves every text of {@code value} as it is. */
  public static Walked walk(Object value, UnaryOperator<String> rewrite) {
    try {
      return new RecordTexts(rewrite).unchanged(value) ? Walked.UNCHANGED : Walked.CHANGED;
    } catch (UnknownShape e) {
      return Walked.UNKNOWN_SHAPE;
    }
  }

  private static final class UnknownShape extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownShape() {
      super(null, null, false, false);
    }
  }

  private boolean unchanged(Object v) {
    if (v instanceof String text) {
      return !seen.add(text) || text.equals(rewrite.apply(text));
    }
    if (v == null || v instanceof Number || v instanceof Boolean || v instanceof Enum<?>
        || v instanceof java.time.temporal.TemporalAccessor
        || v instanceof java.time.temporal.TemporalAmount) {
      return true;
    }
    if (v instanceof Collection<?> list) {
      if (seen.add(list)) {
        for (Object e : list) {
          if (!unchanged(e)) {
            return false;
          }
        }
      }
      return true;
    }
    if (v instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!unchanged(e.getKey()) || !unchanged(e.getValue())) {
          return false;
        }
      }
      return true;
    }
    for (Method component : components(v.getClass())) {
      try {
        if (!unchanged(component.invoke(v))) {
          return false;
        }
      } catch (ReflectiveOperationException e) {
        throw new UnknownShape();
      }
    }
    return true;
  }

  private Method[] components(Class<?> type) {
    Method[] known = components.get(type);
    if (known == null) {
      if (!type.isRecord()) {
        throw new UnknownShape();
      }
      known = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getAccessor)
          .toArray(Method[]::new);
      components.put(type, known);
    }
    return known;
  }
}
