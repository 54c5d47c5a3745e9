package dev.secaudit.policy;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The defaults that the schema and docs/policy.md show, read from the records themselves: a
 * section record built with every field absent holds, in each field, the value the loader gives a
 * file that leaves it out. So a default is stated once, in the record's compact constructor, and
 * the docs cannot drift from it; {@link Doc#defaultValue()} is left for a default said in words
 * (the url's host name, the check's own severity) or written as users write it ({@code 1y}).
 */
final class FieldDefaults {
  private FieldDefaults() {}

  /** Field name → the default as docs show it; fields without one are left out. */
  static Map<String, String> of(Class<?> record) {
    Map<String, String> taken = taken(record);
    Map<String, String> out = new LinkedHashMap<>();
    for (RecordComponent c : record.getRecordComponents()) {
      Doc d = c.getAnnotation(Doc.class);
      String text = d != null && !d.defaultValue().isEmpty() ? d.defaultValue()
          : taken.getOrDefault(c.getName(), "");
      if (!text.isEmpty()) {
        out.put(c.getName(), text);
      }
    }
    return out;
  }

  /** Field name → the value the record itself takes when the file leaves the field out. */
  static Map<String, String> taken(Class<?> record) {
    Object absent = withEveryFieldAbsent(record);
    Map<String, String> out = new LinkedHashMap<>();
    for (RecordComponent c : record.getRecordComponents()) {
      String text = shown(valueOf(c, absent));
      if (!text.isEmpty()) {
        out.put(c.getName(), text);
      }
    }
    return out;
  }

  /**
   * A nested section documents its own fields, and an empty list or map is no default; a value
   * is shown as a policy file writes it ({@code ""} for an empty string, 30s for a duration).
   */
  private static String shown(Object value) {
    if (value == null || value.getClass().isAnnotationPresent(Doc.class)
        || value instanceof Collection<?> c && c.isEmpty()
        || value instanceof Map<?, ?> m && m.isEmpty()) {
      return "";
    }
    if (value instanceof String s && s.isEmpty()) {
      return "\"\"";
    }
    return String.valueOf(value);
  }

  private static Object withEveryFieldAbsent(Class<?> record) {
    RecordComponent[] components = record.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] absent = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      absent[i] = types[i] == boolean.class ? Boolean.FALSE : types[i].isPrimitive() ? 0 : null;
    }
    try {
      Constructor<?> canonical = record.getDeclaredConstructor(types);
      canonical.setAccessible(true);
      return canonical.newInstance(absent);
    } catch (ReflectiveOperationException e) {
      // Every section must load from a file that leaves all its fields out; the docs test fails.
      throw new IllegalStateException(record.getSimpleName() + " cannot be built with every field"
          + " absent", e);
    }
  }

  private static Object valueOf(RecordComponent c, Object record) {
    try {
      c.getAccessor().setAccessible(true);
      return c.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(c.getName(), e);
    }
  }
}
