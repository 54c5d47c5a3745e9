package dev.secaudit.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pointers findings name are places the policy's published schema has. */
class PolicyPointerTest {

  /** The schema of the value at {@code pointer}, walking properties and list items; or null. */
  private static JsonNode schemaAt(JsonNode schema, String pointer) {
    JsonNode at = schema;
    for (String step : pointer.substring(1).split("/")) {
      at = resolved(schema, at);
      if (at == null) {
        return null;
      }
      if (step.matches("\\d+")) {
        at = at.get("items");
      } else {
        JsonNode props = at.get("properties");
        at = props == null ? null : props.get(step.replace("~1", "/").replace("~0", "~"));
      }
      if (at == null) {
        return null;
      }
    }
    return at;
  }

  /**
   * Follows $ref, and an allOf/oneOf/anyOf to its first branch with properties or items (a
   * section may also be written in a short form).
   */
  private static JsonNode resolved(JsonNode root, JsonNode node) {
    JsonNode at = node;
    for (int i = 0; i < 10 && at != null; i++) {
      if (at.has("$ref")) {
        at = root.at(at.get("$ref").asText().substring(1));
      } else if (!at.has("properties") && !at.has("items")
          && (at.has("allOf") || at.has("oneOf") || at.has("anyOf"))) {
        JsonNode next = null;
        String combinator = at.has("allOf") ? "allOf" : at.has("oneOf") ? "oneOf" : "anyOf";
        for (JsonNode branch : at.get(combinator)) {
          JsonNode b = resolved(root, branch);
          if (b != null && (b.has("properties") || b.has("items"))) {
            next = b;
            break;
          }
        }
        return next;
      } else {
        return at;
      }
    }
    return at;
  }

  @Test
  void everyConstantIsAPlaceInTheSchema() throws IllegalAccessException {
    JsonNode schema = PolicySchema.tree();
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (Field f : PolicyPointer.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        String pointer = (String) f.get(null);
        checked++;
        if (schemaAt(schema, pointer) == null) {
          missing.add(f.getName() + " " + pointer);
        }
      }
    }
    assertThat(checked).isGreaterThan(20);
    assertThat(missing).isEmpty();
  }

  @Test
  void membersAreEscapedAsRfc6901Says() {
    assertThat(PolicyPointer.header("X-Frame-Options")).isEqualTo("/headers/X-Frame-Options");
    assertThat(PolicyPointer.member("/headers", "a/b~c")).isEqualTo("/headers/a~1b~0c");
    assertThat(PolicyPointer.entry(PolicyPointer.COOKIES, 2)).isEqualTo("/cookies/2");
  }
}
