package dev.secaudit.probe.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * package.json and package-lock.json, read as a token stream so every package keeps its line. A
 * lock file contributes only the root package's own dependencies (lockfileVersion 2 and 3 list
 * them under packages[""]; version 1 lists the installed tree under dependencies, whose first
 * level is kept): transitive packages are not the product's choice.
 *
 * @param declarations every dependency of every section, in file order
 * @param topLevelKeys the root object's keys (a "renovate" key is an update config)
 */
public record NpmManifest(List<Declaration> declarations, Set<String> topLevelKeys) {
  /** Duplicate names refused: which of two "react" entries the project means is not ours to pick. */
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final Set<String> SECTIONS = Set.of("dependencies", "devDependencies",
      "optionalDependencies", "peerDependencies");

  public NpmManifest {
    declarations = List.copyOf(declarations);
    topLevelKeys = Set.copyOf(topLevelKeys);
  }

  public static NpmManifest packageJson(String text) throws MalformedManifest {
    return read(text, false);
  }

  public static NpmManifest packageLock(String text) throws MalformedManifest {
    return read(text, true);
  }

  private static NpmManifest read(String text, boolean lock) throws MalformedManifest {
    List<Declaration> out = new ArrayList<>();
    Set<String> keys = new java.util.HashSet<>();
    List<String> path = new ArrayList<>();
    JsonParser stopped = null;
    try (JsonParser p = JSON.createParser(text)) {
      stopped = p;
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedManifest(1, "not a JSON object");
      }
      JsonToken t;
      String field = null;
      String section = null;
      int line = 0;
      while ((t = p.nextToken()) != null) {
        if (section != null) {
          // The token after a dependency's name is its version (or, in a v1 lock, an object).
          out.add(new Declaration(section, field, spec(p, t), line));
          section = null;
        }
        switch (t) {
          case FIELD_NAME -> {
            field = p.currentName();
            section = sectionOf(path, lock);
            line = p.currentTokenLocation().getLineNr();
            if (path.isEmpty()) {
              keys.add(field);
            }
          }
          case START_OBJECT, START_ARRAY -> path.add(field == null ? "[]" : field);
          case END_OBJECT, END_ARRAY -> {
            if (!path.isEmpty()) {
              path.remove(path.size() - 1);
            }
          }
          default -> { }
        }
        if (t != JsonToken.FIELD_NAME) {
          field = null;
        }
      }
    } catch (IOException e) {
      throw MalformedManifest.of("JSON", e, stopped);
    }
    return new NpmManifest(out, keys);
  }

  /** A scalar as its text (as Jackson's asText gives it); an object or array has none. */
  private static String spec(JsonParser p, JsonToken t) throws IOException {
    return t.isScalarValue() ? p.getText() : "";
  }

  /** The section the object being read lists, or null when it lists no dependencies. */
  private static String sectionOf(List<String> path, boolean lock) {
    if (!lock) {
      return path.size() == 1 && SECTIONS.contains(path.get(0)) ? path.get(0) : null;
    }
    if (path.size() == 3 && path.get(0).equals("packages") && path.get(1).isEmpty()) {
      return SECTIONS.contains(path.get(2)) ? path.get(2) : null;
    }
    return path.size() == 1 && path.get(0).equals("dependencies") ? "dependencies" : null;
  }
}
