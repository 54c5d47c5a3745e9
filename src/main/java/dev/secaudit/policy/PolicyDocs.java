package dev.secaudit.policy;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * docs/policy.md, generated from the same records and {@link Doc} texts as the schema; a test
 * keeps the committed file equal to this output.
 */
public final class PolicyDocs {
  private PolicyDocs() {}

  public static String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("# Policy reference\n\n");
    sb.append("Generated from the policy records by `secaudit schema --format markdown`; do not edit"
        + " by hand.\nThe same records give the JSON Schema (`secaudit schema`). Durations are"
        + " written `500ms`, `90s`, `1m`,\n`24h`, `30d`, `2w`, `1y` (365 days) or a number of"
        + " seconds; `${env:NAME}` inserts an environment\nvariable (a secret: redacted from every"
        + " report; in a URL's path or query it is\npercent-encoded as one segment or value, see"
        + " docs/secrets.md). Booleans are `true`/`false` only (YAML 1.2).\n");
    Set<Class<?>> seen = new LinkedHashSet<>();
    Deque<Class<?>> todo = new ArrayDeque<>();
    todo.add(Policy.class);
    while (!todo.isEmpty()) {
      Class<?> type = todo.poll();
      if (!seen.add(type)) {
        continue;
      }
      Doc typeDoc = type.getAnnotation(Doc.class);
      sb.append("\n## ").append(type == Policy.class ? "Top level" : type.getSimpleName())
          .append("\n\n");
      if (typeDoc != null) {
        sb.append(typeDoc.value()).append("\n\n");
      }
      sb.append("| field | type | required | default | meaning |\n| --- | --- | --- | --- | --- |\n");
      Map<String, String> defaults = FieldDefaults.of(type);
      for (RecordComponent c : type.getRecordComponents()) {
        Doc d = c.getAnnotation(Doc.class);
        sb.append("| `").append(PolicySchema.jsonName(c)).append("` | ")
            .append(typeName(c.getGenericType(), todo)).append(" | ")
            .append(d != null && d.required() ? "yes" : "").append(" | ")
            .append(defaults.containsKey(c.getName()) ? "`" + defaults.get(c.getName()) + "`" : "")
            .append(" | ").append(d == null ? "" : d.value().replace("|", "\\|"))
            .append(d == null || d.example().isEmpty() ? "" : " Example: `" + d.example() + "`")
            .append(" |\n");
      }
    }
    return sb.toString();
  }

  private static String typeName(Type t, Deque<Class<?>> todo) {
    if (t instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] a = p.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw)) {
        return "list of " + typeName(a[0], todo);
      }
      if (Map.class.isAssignableFrom(raw)) {
        return "map of name → " + typeName(a[1], todo);
      }
    }
    Class<?> c = (Class<?>) t;
    if (c == Dpa.class) {
      return "true / false / URL";
    }
    if (c.isRecord()) {
      todo.add(c);
      return "[" + c.getSimpleName() + "](#" + c.getSimpleName().toLowerCase(java.util.Locale.ROOT)
          + ")";
    }
    if (c == PolicyDuration.class) {
      return "duration";
    }
    if (c == Presence.class) {
      return "true / false / optional";
    }
    if (c == dev.secaudit.model.Mapping.class) {
      return "framework:requirement";
    }
    if (c.isEnum()) {
      StringBuilder sb = new StringBuilder();
      for (Object e : c.getEnumConstants()) {
        sb.append(sb.length() == 0 ? "" : " / ").append(
            c == CookieRule.SameSite.class ? ((CookieRule.SameSite) e).label()
                : ((Enum<?>) e).name().toLowerCase(java.util.Locale.ROOT));
      }
      return sb.toString();
    }
    return c == Integer.class ? "integer" : c == Boolean.class ? "boolean" : "string";
  }
}
