package dev.secaudit.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldDefaultsTest {
  /** Every record a policy file can hold, from the top level down. */
  private static Set<Class<?>> sections() {
    Set<Class<?>> seen = new LinkedHashSet<>();
    Deque<Class<?>> todo = new ArrayDeque<>(List.of(Policy.class));
    while (!todo.isEmpty()) {
      Class<?> type = todo.poll();
      if (!type.isAnnotationPresent(Doc.class) || !seen.add(type)) {
        continue;
      }
      for (RecordComponent c : type.getRecordComponents()) {
        List<Type> types = new ArrayList<>(List.of(c.getGenericType()));
        if (c.getGenericType() instanceof ParameterizedType p) {
          types.addAll(List.of(p.getActualTypeArguments()));
        }
        for (Type t : types) {
          if (t instanceof Class<?> k && k.isRecord()) {
            todo.add(k);
          }
        }
      }
    }
    return seen;
  }

  @Test
  void aDefaultIsWrittenInADocOnlyWhereTheRecordsOwnValueWouldNotSayIt() {
    List<String> repeated = new ArrayList<>();
    for (Class<?> type : sections()) {
      Map<String, String> taken = FieldDefaults.taken(type);
      for (RecordComponent c : type.getRecordComponents()) {
        Doc d = c.getAnnotation(Doc.class);
        if (d != null && !d.defaultValue().isEmpty()
            && d.defaultValue().equals(taken.get(c.getName()))) {
          repeated.add(type.getSimpleName() + "." + c.getName());
        }
      }
    }
    assertThat(sections()).hasSizeGreaterThan(30);
    assertThat(repeated).as("drop defaultValue: the docs read it from the record").isEmpty();
  }

  @Test
  void theDocsShowTheValueALoadedPolicyTakesForAFieldItLeavesOut() {
    LoadedPolicy loaded = new PolicyLoader(Map.<String, String>of()::get, Set.of()).load(
        "p.yaml", ("version: 1\nname: n\ntargets: [{name: app, url: 'https://127.0.0.1:1'}]\n"
            + "settings: {}\ncsp: {}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Policy p = loaded.policy();
    assertThat(FieldDefaults.of(Settings.class).get("concurrency"))
        .isEqualTo(String.valueOf(p.settings().concurrency()));
    assertThat(FieldDefaults.of(Settings.Timeouts.class).get("connect"))
        .isEqualTo(p.settings().timeouts().connect().toString());
    assertThat(FieldDefaults.of(Csp.class).get("evaluate"))
        .isEqualTo(String.valueOf(p.csp().evaluate()));
  }
}
