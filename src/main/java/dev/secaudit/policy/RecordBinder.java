package dev.secaudit.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds a policy-shaped tree to the policy records through their canonical constructors, by the
 * rules the schema states: snake_case keys ({@link BindingTable#jsonName}), unknown keys refused,
 * no text or fraction taken for a whole number, no text for a boolean (a number or a boolean
 * where text goes is taken as written), enums by name in any case, and a type with a static
 * factory ({@link BindingTable#factory}, its {@code @JsonCreator}) built from the value as written.
 *
 * <p>Jackson's data binding did this before, but a fresh JVM paid its introspection of the ~50
 * policy records on every run (about 0.1 s of CPU, measured in docs/benchmarks.md, issue 19),
 * while a record's components and constructor are all this binding needs. It stops at the first
 * value that does not fit, as Jackson did; {@link PolicyBinder} takes that value out and binds
 * again, so one run still lists every mistake.
 */
final class RecordBinder {
  /** What a record type binds through: its components' names and types, and its constructor. */
  private record RecordShape(Map<String, Integer> index, List<String> names, Type[] types,
      Class<?>[] rawTypes, Constructor<?> constructor) {}

  /** Shapes and factories found so far; one binding reflects on each type once. */
  private final Map<Class<?>, RecordShape> shapes = new HashMap<>();
  private final Map<Class<?>, Optional<Method>> factories = new HashMap<>();

  /** Why a value did not bind, and where (a JSON pointer into the tree being bound). */
  static final class Mismatch extends RuntimeException {
    enum Kind {
      /** A key the record has no component for. */
      UNKNOWN_KEY,
      /** A value of the wrong kind: text for a number, a list for a mapping. */
      WRONG_TYPE,
      /** A whole number that does not fit the component's type. */
      OUT_OF_RANGE,
      /** The record's constructor or the type's factory refused the value: see the cause. */
      REJECTED
    }

    final Kind kind;
    final String pointer;
    final Class<?> expected;
    /** For UNKNOWN_KEY: the key written and the keys allowed where it stands. */
    final String key;
    final List<String> known;

    private Mismatch(Kind kind, String pointer, Class<?> expected, String key, List<String> known,
        Throwable cause) {
      super(kind + " at " + pointer, cause, false, false);
      this.kind = kind;
      this.pointer = pointer;
      this.expected = expected;
      this.key = key;
      this.known = known;
    }

    static Mismatch of(Kind kind, String pointer, Class<?> expected) {
      return new Mismatch(kind, pointer, expected, null, List.of(), null);
    }
  }

  /**
   * @throws Mismatch at the first value, in document order, that does not bind
   */
  <T> T bind(JsonNode tree, Class<T> type) {
    return type.cast(value(tree, type, ""));
  }

  private Object value(JsonNode node, Type type, String pointer) {
    Class<?> raw = raw(type);
    if (node.isNull()) {
      if (raw.isPrimitive()) {
        throw Mismatch.of(Mismatch.Kind.WRONG_TYPE, pointer, raw);
      }
      return null;
    }
    Method factory = factory(raw);
    if (factory != null) {
      return create(factory, node, raw, pointer);
    }
    if (raw == String.class) {
      return text(node, pointer, String.class);
    }
    if (raw == Integer.class || raw == int.class) {
      return (int) whole(node, raw, pointer, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
    if (raw == Long.class || raw == long.class) {
      return whole(node, raw, pointer, Long.MIN_VALUE, Long.MAX_VALUE);
    }
    if (raw == Boolean.class || raw == boolean.class) {
      if (!node.isBoolean()) {
        throw Mismatch.of(Mismatch.Kind.WRONG_TYPE, pointer, raw);
      }
      return node.booleanValue();
    }
    if (raw.isEnum()) {
      return constant(node, raw, pointer);
    }
    if (raw == List.class) {
      return list(node, element(type, 0), raw, pointer);
    }
    if (raw.isArray()) {
      List<Object> items = list(node, raw.getComponentType(), raw, pointer);
      Object array = Array.newInstance(raw.getComponentType(), items.size());
      for (int i = 0; i < items.size(); i++) {
        Array.set(array, i, items.get(i));
      }
      return array;
    }
    if (raw == Map.class) {
      if (element(type, 0) != String.class) {
        throw new IllegalStateException("a policy map's keys are text, not " + type);
      }
      return map(node, element(type, 1), raw, pointer);
    }
    if (raw.isRecord()) {
      return record(node, raw, pointer);
    }
    throw new IllegalStateException("no binding for " + type + " at " + pointer);
  }

  /** Text; a number or a boolean where text goes is taken as written ("name: 2024" is "2024"). */
  private static String text(JsonNode node, String pointer, Class<?> expected) {
    if (!node.isValueNode()) {
      throw Mismatch.of(Mismatch.Kind.WRONG_TYPE, pointer, expected);
    }
    return node.asText();
  }

  private static long whole(JsonNode node, Class<?> raw, String pointer, long min, long max) {
    if (!node.isIntegralNumber()) {
      throw Mismatch.of(Mismatch.Kind.WRONG_TYPE, pointer, raw);
    }
    BigInteger n = node.bigIntegerValue();
    if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
      throw Mismatch.of(Mismatch.Kind.OUT_OF_RANGE, pointer, raw);
    }
    return n.longValue();
  }

  private static Object constant(JsonNode node, Class<?> raw, String pointer) {
    if (node.isTextual()) {
      for (Object c : raw.getEnumConstants()) {
        if (((Enum<?>) c).name().equalsIgnoreCase(node.textValue())) {
          return c;
        }
      }
    }
    throw Mismatch.of(Mismatch.Kind.WRONG_TYPE, pointer, raw);
  }

  private List<Object> list(JsonNode node, Type element, Class<?> raw, String pointer) {
    if (!node.isArray()) {
      throw Mismatch.of(Mismatch.Kind.WRONG_TYPE, pointer, raw);
    }
    List<Object> out = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      out.add(value(node.get(i), element, pointer + "/" + i));
    }
    return out;
  }

  private Map<String, Object> map(JsonNode node, Type value, Class<?> raw, String pointer) {
    if (!node.isObject()) {
      throw Mismatch.of(Mismatch.Kind.WRONG_TYPE, pointer, raw);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (var e : node.properties()) {
      out.put(e.getKey(), value(e.getValue(), value, pointer + "/" + SourceTree.escape(e.getKey())));
    }
    return out;
  }

  private Object record(JsonNode node, Class<?> raw, String pointer) {
    if (!node.isObject()) {
      throw Mismatch.of(Mismatch.Kind.WRONG_TYPE, pointer, raw);
    }
    RecordShape shape = shapes.computeIfAbsent(raw, RecordBinder::shapeOf);
    Object[] args = new Object[shape.types().length];
    for (var e : node.properties()) {
      String child = pointer + "/" + SourceTree.escape(e.getKey());
      Integer i = shape.index().get(e.getKey());
      if (i == null) {
        throw new Mismatch(Mismatch.Kind.UNKNOWN_KEY, child, raw, e.getKey(), shape.names(), null);
      }
      args[i] = value(e.getValue(), shape.types()[i], child);
    }
    for (int i = 0; i < args.length; i++) {
      if (args[i] == null && shape.rawTypes()[i].isPrimitive()) {
        args[i] = Array.get(Array.newInstance(shape.rawTypes()[i], 1), 0);
      }
    }
    try {
      return shape.constructor().newInstance(args);
    } catch (InvocationTargetException e) {
      throw new Mismatch(Mismatch.Kind.REJECTED, pointer, raw, null, List.of(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + raw.getName(), e);
    }
  }

  private static RecordShape shapeOf(Class<?> raw) {
    RecordComponent[] components = raw.getRecordComponents();
    Map<String, Integer> index = new HashMap<>();
    Type[] types = new Type[components.length];
    Class<?>[] rawTypes = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      index.put(BindingTable.jsonName(components[i]), i);
      types[i] = components[i].getGenericType();
      rawTypes[i] = components[i].getType();
    }
    List<String> names = new ArrayList<>(index.keySet());
    names.sort(null);
    try {
      Constructor<?> constructor = raw.getDeclaredConstructor(rawTypes);
      constructor.setAccessible(true);
      return new RecordShape(Map.copyOf(index), List.copyOf(names), types, rawTypes, constructor);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("a record without its canonical constructor: " + raw, e);
    }
  }

  /**
   * A type's static factory (a duration, a mapping, a presence): it takes the value as written,
   * text, a number, a boolean, a list or a mapping.
   */
  private Method factory(Class<?> raw) {
    if (raw.isPrimitive() || raw.getName().startsWith("java.")) {
      return null;
    }
    return factories.computeIfAbsent(raw, RecordBinder::factoryOf).orElse(null);
  }

  private static Optional<Method> factoryOf(Class<?> raw) {
    Method m = BindingTable.factory(raw);
    if (m != null) {
      m.setAccessible(true);
    }
    return Optional.ofNullable(m);
  }

  private static Object create(Method factory, JsonNode node, Class<?> raw, String pointer) {
    Class<?> parameter = factory.getParameterTypes()[0];
    Object written;
    if (parameter == String.class) {
      written = text(node, pointer, raw);
    } else if (parameter == Object.class) {
      written = written(node);
    } else {
      throw new IllegalStateException("the factory of " + raw + " takes " + parameter);
    }
    try {
      return factory.invoke(null, written);
    } catch (InvocationTargetException e) {
      throw new Mismatch(Mismatch.Kind.REJECTED, pointer, raw, null, List.of(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A value as plain Java: text, a number, a boolean, or lists and maps of those. */
  private static Object written(JsonNode node) {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNumber()) {
      return node.numberValue();
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>();
      node.forEach(n -> out.add(written(n)));
      return out;
    }
    if (node.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      node.properties().forEach(e -> out.put(e.getKey(), written(e.getValue())));
      return out;
    }
    return null;
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (type instanceof GenericArrayType g) {
      return Array.newInstance(raw(g.getGenericComponentType()), 0).getClass();
    }
    throw new IllegalStateException("no binding for " + type);
  }

  private static Type element(Type type, int argument) {
    if (type instanceof ParameterizedType p) {
      return p.getActualTypeArguments()[argument];
    }
    throw new IllegalStateException("a raw " + type + " in a policy record; give its type");
  }
}
