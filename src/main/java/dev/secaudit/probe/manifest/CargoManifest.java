package dev.secaudit.probe.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Cargo.toml, read by a TOML parser: the crates of [dependencies], [dev-dependencies],
 * [build-dependencies], their [target.'cfg'.…] forms and [workspace.dependencies]. The TOML tree
 * keeps no lines, so each crate's line is the first line that names it as a key.
 */
public final class CargoManifest {
  private static final List<String> SECTIONS = List.of("dependencies", "dev-dependencies",
      "build-dependencies");

  private CargoManifest() {}

  public static List<Declaration> dependencies(String text) throws MalformedManifest {
    JsonNode root = LockFile.toml(text);
    List<JsonNode> tables = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String s : SECTIONS) {
      tables.add(root.path(s));
      names.add(s);
      for (Map.Entry<String, JsonNode> t : root.path("target").properties()) {
        tables.add(t.getValue().path(s));
        names.add(s);
      }
    }
    tables.add(root.path("workspace").path("dependencies"));
    names.add("workspace.dependencies");
    String[] lines = text.split("\r?\n", -1);
    List<Declaration> out = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      for (Map.Entry<String, JsonNode> d : tables.get(i).properties()) {
        JsonNode v = d.getValue();
        String spec = v.isTextual() ? v.asText() : v.path("version").asText("");
        out.add(new Declaration(names.get(i), d.getKey(), spec, lineOf(lines, d.getKey())));
      }
    }
    return out;
  }

  private static int lineOf(String[] lines, String key) {
    Pattern p = Pattern.compile("^\\s*(\\[[^\\]]*\\.)?[\"']?" + Pattern.quote(key)
        + "[\"']?\\s*(=|\\])");
    for (int i = 0; i < lines.length; i++) {
      if (p.matcher(lines[i]).find()) {
        return i + 1;
      }
    }
    return 0;
  }
}
