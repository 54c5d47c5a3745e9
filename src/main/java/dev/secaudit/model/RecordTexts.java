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
 * usual case) then needs no copy of the scan at all; one that does is made by {@link #rewrite},
 * down the same components, so a component added to a record later is rewritten too.
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

  /**
   * {@link #walk} asked of many values one after another (a scan's findings as they are read):
   * each record type's accessors are looked up once, and a text met in the last few thousand
   * values is not looked at again. True when every text stays as it is; false when one would
   * change or a part is of a kind the walk does not know.
   */
  public static java.util.function.Predicate<Object> unchangedBy(UnaryOperator<String> rewrite) {
    RecordTexts walk = new RecordTexts(rewrite);
    return value -> {
      if (walk.seen.size() > SEEN) {
        walk.seen.clear();
      }
      try {
        return walk.unchanged(value);
      } catch (UnknownShape e) {
        return false;
      }
    };
  }

  /** Texts and lists remembered by a walk of many values, at most. */
  private static final int SEEN = 1 << 16;

  private static final class UnknownShape extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownShape() {
      super(null, null, false, false);
    }
  }

  // Passed to each accessor: invoke(v) alone makes an empty array per call, millions in a
  // fleet's walk.
  private static final Object[] NO_ARGUMENTS = {};

  private boolean unchanged(Object v) {
    // Only what was found unchanged is remembered: a walk asked again ({@link #unchangedBy})
    // must look again at a text or list that held a change.
    if (v instanceof String text) {
      if (seen.contains(text)) {
        return true;
      }
      boolean same = text.equals(rewrite.apply(text));
      if (same) {
        seen.add(text);
      }
      return same;
    }
    if (v == null || v instanceof Number || v instanceof Boolean || v instanceof Enum<?>
        || v instanceof java.time.temporal.TemporalAccessor
        || v instanceof java.time.temporal.TemporalAmount) {
      return true;
    }
    if (v instanceof Collection<?> list) {
      if (!seen.contains(list)) {
        for (Object e : list) {
          if (!unchanged(e)) {
            return false;
          }
        }
        seen.add(list);
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
        if (!unchanged(component.invoke(v, NO_ARGUMENTS))) {
          return false;
        }
      } catch (ReflectiveOperationException e) {
        throw new UnknownShape();
      }
    }
    return true;
  }

  /**
   * {@code value} with every text through {@code rewrite}: each record that holds a changed text
   * is made again through its canonical constructor, each such list and map copied (map keys
   * rewritten too); every part with nothing to change is kept as the same object, and so is
   * {@code value} when nothing changes. A part of a kind the walk does not know (not a record,
   * list, set, map, text, number, boolean, enumeration or time) is a bug in the model here.
   */
  public static <T> T rewrite(T value, UnaryOperator<String> rewrite) {
    try {
      @SuppressWarnings("unchecked")
      T rewritten = (T) new RecordTexts(rewrite).rewritten(value, new IdentityHashMap<>());
      return rewritten;
    } catch (UnknownShape e) {
      throw new IllegalStateException("a part of " + value.getClass().getSimpleName()
          + " that is not a record, list, set, map or plain value: its texts cannot be rewritten");
    }
  }

  // done: what each part already rewritten became, so a shared part is rewritten once and stays
  // shared.
  private Object rewritten(Object v, Map<Object, Object> done) {
    if (v instanceof String text) {
      return rewrite.apply(text);
    }
    if (v == null || v instanceof Number || v instanceof Boolean || v instanceof Enum<?>
        || v instanceof java.time.temporal.TemporalAccessor
        || v instanceof java.time.temporal.TemporalAmount) {
      return v;
    }
    Object known = done.get(v);
    if (known != null) {
      return known;
    }
    Object made = v instanceof Collection<?> || v instanceof Map<?, ?> ? container(v, done)
        : record(v, done);
    done.put(v, made);
    return made;
  }

  /** A text rewritten to the same characters is no change; any other part is its own object. */
  private static boolean differs(Object before, Object after) {
    return after != before && !(after instanceof String && after.equals(before));
  }

  private Object container(Object v, Map<Object, Object> done) {
    boolean changed = false;
    if (v instanceof Map<?, ?> map) {
      Map<Object, Object> out = new java.util.LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Object key = rewritten(e.getKey(), done);
        Object value = rewritten(e.getValue(), done);
        changed |= differs(e.getKey(), key) || differs(e.getValue(), value);
        out.put(key, value);
      }
      return changed ? Collections.unmodifiableMap(out) : v;
    }
    if (!(v instanceof java.util.List<?>) && !(v instanceof Set<?>)) {
      throw new UnknownShape();
    }
    java.util.List<Object> out = new java.util.ArrayList<>();
    for (Object e : (Collection<?>) v) {
      Object r = rewritten(e, done);
      changed |= differs(e, r);
      out.add(r);
    }
    if (!changed) {
      return v;
    }
    return v instanceof Set<?> ? Collections.unmodifiableSet(new java.util.LinkedHashSet<>(out))
        : Collections.unmodifiableList(out);
  }

  private Object record(Object v, Map<Object, Object> done) {
    Method[] accessors = components(v.getClass());
    Object[] args = new Object[accessors.length];
    boolean changed = false;
    try {
      for (int i = 0; i < accessors.length; i++) {
        Object before = accessors[i].invoke(v);
        args[i] = rewritten(before, done);
        changed |= differs(before, args[i]);
      }
      if (!changed) {
        return v;
      }
      Class<?>[] types = Arrays.stream(v.getClass().getRecordComponents())
          .map(RecordComponent::getType).toArray(Class<?>[]::new);
      java.lang.reflect.Constructor<?> canonical = v.getClass().getDeclaredConstructor(types);
      canonical.setAccessible(true);
      return canonical.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make " + v.getClass().getSimpleName()
          + " again with its texts rewritten", e);
    }
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
