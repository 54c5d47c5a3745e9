package dev.secaudit.probe.deps;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * package.json and package-lock.json, read as a token stream so every package keeps its line. A
 * lock file contributes only the root package's own dependencies (lockfileVersion 2 and 3 list
 * them under packages[""]; version 1 lists the installed tree under dependencies, whose first
 * level is kept): transitive packages are the vendors' business, not the product's choice.
 */
final class NpmManifests {
  private static final JsonFactory JSON = new JsonFactory();
  private static final Set<String> SECTIONS = Set.of("dependencies", "devDependencies",
      "optionalDependencies", "peerDependencies");

  private NpmManifests() {}

  static List<Dependency> packageJson(String file, String text) throws MalformedManifest {
    return read(file, text, false);
  }

  static List<Dependency> packageLock(String file, String text) throws MalformedManifest {
    return read(file, text, true);
  }

  private static List<Dependency> read(String file, String text, boolean lock)
      throws MalformedManifest {
    List<Dependency> out = new ArrayList<>();
    List<String> path = new ArrayList<>();
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedManifest(1, "not a JSON object");
      }
      JsonToken t;
      String field = null;
      while ((t = p.nextToken()) != null) {
        switch (t) {
          case FIELD_NAME -> {
            field = p.currentName();
            if (isSection(path, lock)) {
              out.add(new Dependency("npm", field, file, p.currentTokenLocation().getLineNr()));
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
    } catch (JsonProcessingException e) {
      throw new MalformedManifest(e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          "invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedManifest(0, "cannot read: " + e.getMessage());
    }
    return out;
  }

  /** Whether the object being read (path of field names below the root) lists dependencies. */
  private static boolean isSection(List<String> path, boolean lock) {
    if (!lock) {
      return path.size() == 1 && SECTIONS.contains(path.get(0));
    }
    if (path.size() == 3 && path.get(0).equals("packages") && path.get(1).isEmpty()) {
      return SECTIONS.contains(path.get(2));
    }
    return path.size() == 1 && path.get(0).equals("dependencies");
  }
}
