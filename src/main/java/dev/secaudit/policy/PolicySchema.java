package dev.secaudit.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.Severity;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The policy's JSON Schema, derived from the records the loader binds, so the two cannot drift:
 * a field added to a record appears in {@code secaudit schema} and docs/policy.md at once.
 */
public final class PolicySchema {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private PolicySchema() {}

  public static String json() {
    try {
      ObjectMapper m = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
      return m.writeValueAsString(tree()) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ObjectNode tree() {
    ObjectNode root = F.objectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("$id", "https://secaudit.dev/schema/policy-1.json");
    root.put("title", "secaudit policy, version 1");
    ObjectNode defs = F.objectNode();
    ObjectNode policy = record(Policy.class, defs);
    root.setAll(policy);
    root.set("$defs", defs);
    return root;
  }

  /** JSON name of a record component, as the loader binds it. */
  public static String jsonName(RecordComponent c) {
    return BindingTable.jsonName(c);
  }

  private static ObjectNode record(Class<?> type, ObjectNode defs) {
    ObjectNode o = F.objectNode();
    o.put("type", "object");
    Doc typeDoc = type.getAnnotation(Doc.class);
    if (typeDoc != null) {
      o.put("description", typeDoc.value());
    }
    o.put("additionalProperties", false);
    ObjectNode props = o.putObject("properties");
    ArrayNode required = F.arrayNode();
    java.util.Map<String, String> defaults = FieldDefaults.of(type);
    for (RecordComponent c : type.getRecordComponents()) {
      ObjectNode s = schema(c.getGenericType(), defs);
      Doc d = c.getAnnotation(Doc.class);
      if (d != null) {
        String text = d.value() + (defaults.containsKey(c.getName())
            ? " Default: " + defaults.get(c.getName()) + "." : "");
        if (s.has("$ref")) {
          ObjectNode wrapped = F.objectNode();
          wrapped.set("allOf", F.arrayNode().add(s));
          s = wrapped;
        }
        s.put("description", text);
        if (d.required()) {
          required.add(jsonName(c));
        }
      }
      props.set(jsonName(c), s);
    }
    if (!required.isEmpty()) {
      o.set("required", required);
    }
    return o;
  }

  private static ObjectNode schema(Type t, ObjectNode defs) {
    if (t instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw)) {
        ObjectNode o = F.objectNode().put("type", "array");
        o.set("items", schema(args[0], defs));
        return o;
      }
      if (Map.class.isAssignableFrom(raw)) {
        ObjectNode o = F.objectNode().put("type", "object");
        o.set("additionalProperties", schema(args[1], defs));
        return o;
      }
    }
    Class<?> c = (Class<?>) t;
    if (c == String.class) {
      return F.objectNode().put("type", "string");
    }
    if (c == Integer.class || c == int.class || c == Long.class || c == long.class) {
      return F.objectNode().put("type", "integer");
    }
    if (c == Boolean.class || c == boolean.class) {
      return F.objectNode().put("type", "boolean");
    }
    if (c == PolicyDuration.class) {
      ObjectNode o = F.objectNode();
      ArrayNode any = o.putArray("oneOf");
      any.addObject().put("type", "string").put("pattern", "^\\s*[0-9]+\\s*(ms|s|m|h|d|w|y)?\\s*$");
      any.addObject().put("type", "integer").put("minimum", 0);
      return o;
    }
    if (c == Presence.class) {
      ObjectNode o = F.objectNode();
      ArrayNode any = o.putArray("oneOf");
      any.addObject().put("type", "boolean");
      any.addObject().put("type", "string").set("enum", F.arrayNode().add("optional")
          .add("required").add("forbidden"));
      return o;
    }
    if (c == Dpa.class) {
      ObjectNode o = F.objectNode();
      ArrayNode any = o.putArray("oneOf");
      any.addObject().put("type", "boolean");
      any.addObject().put("type", "string").put("format", "uri");
      return o;
    }
    if (c == Mapping.class) {
      return F.objectNode().put("type", "string").put("pattern", "^(soc2|gdpr|iso27001):.+$");
    }
    if (c == Severity.class || c == CookieRule.SameSite.class) {
      ArrayNode values = F.arrayNode();
      for (Object e : c.getEnumConstants()) {
        String n = ((Enum<?>) e).name();
        String label = c == CookieRule.SameSite.class ? ((CookieRule.SameSite) e).label()
            : n.toLowerCase(Locale.ROOT);
        values.add(label);
        values.add(n);
        if (c == CookieRule.SameSite.class) {
          values.add(n.toLowerCase(Locale.ROOT));
        }
      }
      return F.objectNode().put("type", "string").set("enum", values);
    }
    if (c.isRecord()) {
      String name = c.getSimpleName();
      if (!defs.has(name)) {
        defs.putObject(name);
        defs.set(name, record(c, defs));
      }
      return F.objectNode().put("$ref", "#/$defs/" + name);
    }
    throw new IllegalStateException("no schema for policy field type " + c);
  }
}
