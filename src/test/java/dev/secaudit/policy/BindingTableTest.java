package dev.secaudit.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The loader binds by {@link BindingTable}, Jackson users by the annotations: the two say the same
 * for every record component and every type a policy or a waiver file reaches.
 */
class BindingTableTest {
  private static final PropertyNamingStrategies.NamingBase SNAKE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  /** Every class a policy or a waiver file binds, found by walking the records' components. */
  private static Set<Class<?>> reached() {
    Set<Class<?>> seen = new LinkedHashSet<>();
    walk(Policy.class, seen);
    walk(WaiverLoader.Entry[].class, seen);
    return seen;
  }

  private static void walk(Type type, Set<Class<?>> seen) {
    if (type instanceof ParameterizedType p) {
      walk(p.getRawType(), seen);
      for (Type a : p.getActualTypeArguments()) {
        walk(a, seen);
      }
    } else if (type instanceof GenericArrayType g) {
      walk(g.getGenericComponentType(), seen);
    } else if (type instanceof Class<?> c) {
      if (c.isArray()) {
        walk(c.getComponentType(), seen);
      } else if (seen.add(c) && c.isRecord()) {
        for (RecordComponent rc : c.getRecordComponents()) {
          walk(rc.getGenericType(), seen);
        }
      }
    }
  }

  private static String annotatedName(RecordComponent c) {
    JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
    if (p == null) {
      p = c.getAnnotation(JsonProperty.class);
    }
    return p != null && !p.value().isEmpty() ? p.value() : SNAKE.translate(c.getName());
  }

  private static Method annotatedFactory(Class<?> type) {
    Method found = null;
    for (Method m : type.getDeclaredMethods()) {
      if (Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 1
          && m.isAnnotationPresent(JsonCreator.class)) {
        assertThat(found).as("one @JsonCreator in " + type).isNull();
        found = m;
      }
    }
    return found;
  }

  @Test
  void everyComponentsKeyIsTheOneItsAnnotationsGiveJackson() {
    int components = 0;
    int renamed = 0;
    for (Class<?> type : reached()) {
      if (!type.isRecord()) {
        continue;
      }
      for (RecordComponent c : type.getRecordComponents()) {
        String annotated = annotatedName(c);
        assertThat(BindingTable.jsonName(c)).as(type.getName() + "." + c.getName())
            .isEqualTo(annotated);
        components++;
        renamed += annotated.equals(SNAKE.translate(c.getName())) ? 0 : 1;
      }
    }
    // The walk reaches the whole policy (not one record) and both renamed components.
    assertThat(components).isGreaterThan(200);
    assertThat(renamed).isEqualTo(2);
  }

  @Test
  void everyTypesFactoryIsItsJsonCreator() {
    int factories = 0;
    for (Class<?> type : reached()) {
      if (type.isPrimitive() || type.getName().startsWith("java.")) {
        continue;
      }
      Method annotated = annotatedFactory(type);
      assertThat(BindingTable.factory(type)).as(type.getName()).isEqualTo(annotated);
      factories += annotated == null ? 0 : 1;
    }
    assertThat(factories).isEqualTo(5);
  }

  @Test
  void snakeCaseIsJacksonsForTheShapesOfName() {
    for (String name : new String[] {"a", "minDays", "caFile", "userURL", "urlPath", "hstsURLPath",
        "x509Chain", "_private", "tlsV13", "A", "ABC", "aB_c", "a__b", "_", ""}) {
      assertThat(BindingTable.snakeCase(name)).as(name).isEqualTo(SNAKE.translate(name));
    }
  }
}
