package dev.secaudit.compliance;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The built-in frameworks, read from resources under dev/secaudit/compliance/.
 *
 * <p>Read once, on first use, into immutable records: a policy that maps a claim reads them
 * while it loads (to check the requirements it names), the HTML report for its framework views.
 */
public final class FrameworkCatalog {
  /** Ids in report order; each is also the resource's base name. */
  private static final List<String> IDS = List.of("soc2", "gdpr", "iso27001");

  private static final String RESOURCE_DIR = "/dev/secaudit/compliance/";

  private FrameworkCatalog() {}

  /** soc2, gdpr and iso27001, in that order. */
  public static List<Framework> all() {
    return Loaded.ALL;
  }

  /** The JVM initialises a nested class on first use, once, thread-safely: a lazy constant. */
  private static final class Loaded {
    static final List<Framework> ALL = load();
    static final java.util.Map<String, java.util.Set<String>> IDS = ids(ALL);
  }

  private static List<Framework> load() {
    List<Framework> frameworks = new ArrayList<>(IDS.size());
    for (String id : IDS) {
      String resource = RESOURCE_DIR + id + ".yaml";
      try (InputStream in = FrameworkCatalog.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("framework resource " + resource + " is missing from"
              + " the build");
        }
        Framework framework = read(resource, in);
        if (!framework.id().equals(id)) {
          throw new IllegalStateException(resource + ": id is '" + framework.id() + "', expected '"
              + id + "' (the id must match the file name)");
        }
        frameworks.add(framework);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read framework resource " + resource, e);
      }
    }
    return List.copyOf(frameworks);
  }

  /** The ids of the frameworks secaudit holds, in their order. */
  public static List<String> ids() {
    return IDS;
  }

  /** Whether {@link #get} knows {@code id} (case ignored). */
  public static boolean known(String id) {
    return id != null && IDS.contains(id.trim().toLowerCase(Locale.ROOT));
  }

  /**
   * The framework with this id. Case is ignored so that {@code --framework SOC2} works; the
   * returned framework carries the canonical lower-case id.
   *
   * @throws IllegalArgumentException naming the known ids when there is no such framework
   */
  public static Framework get(String id) {
    String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
    if (!IDS.contains(wanted)) {
      throw new IllegalArgumentException("unknown compliance framework '" + id + "'; known: "
          + String.join(", ", IDS));
    }
    return all().get(IDS.indexOf(wanted));
  }

  /** Reads and validates one framework file; {@code source} only names it in messages. */
  static Framework read(String source, InputStream in) throws IOException {
    Framework framework;
    try (JsonParser yaml = new YAMLFactory().createParser(in)) {
      framework = framework(new Fields(source, yaml));
      if (yaml.nextToken() != null) {
        throw new Fields(source, yaml).mistake("more than one document");
      }
    } catch (JsonProcessingException e) {
      // These files ship inside the jar, so a bad one is a bug: fail with the place to fix.
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
      throw new IllegalStateException(source + where + ": " + e.getOriginalMessage(), e);
    }
    validate(source, framework);
    return framework;
  }

  /*
   * Read token by token (Jackson's streaming YAML parser) rather than bound by databind: the
   * catalogue is read on every scan whose policy maps a claim, and binding three small files
   * loaded ~500 of databind's classes before the first probe. The rules are the binding's: every
   * key known, every value text (an unquoted id such as 5.10 is a YAML number that could come
   * back as "5.1" and collide with control 5.1, so numbers and booleans are refused where text
   * belongs), one document.
   */
  private static Framework framework(Fields in) throws IOException {
    String id = null;
    String name = null;
    String version = null;
    String note = null;
    List<Framework.Requirement> requirements = new ArrayList<>();
    in.expect(JsonToken.START_OBJECT, "a mapping");
    for (String key = in.nextKey(); key != null; key = in.nextKey()) {
      switch (key) {
        case "id" -> id = in.text();
        case "name" -> name = in.text();
        case "version" -> version = in.text();
        case "note" -> note = in.text();
        case "requirements" -> {
          in.expect(JsonToken.START_ARRAY, "a list of requirements");
          while (in.next() != JsonToken.END_ARRAY) {
            requirements.add(requirement(in));
          }
        }
        default -> throw in.unknown(key, "id, name, version, note, requirements");
      }
    }
    return new Framework(id, name, version, note, requirements);
  }

  private static Framework.Requirement requirement(Fields in) throws IOException {
    in.require(JsonToken.START_OBJECT, "a requirement mapping");
    String id = null;
    String title = null;
    String area = null;
    for (String key = in.nextKey(); key != null; key = in.nextKey()) {
      switch (key) {
        case "id" -> id = in.text();
        case "title" -> title = in.text();
        case "area" -> area = in.text();
        default -> throw in.unknown(key, "id, title, area");
      }
    }
    return new Framework.Requirement(id, title, area);
  }

  /** The parser of one file, with the mistakes it can find named at their place. */
  private record Fields(String source, JsonParser yaml) {
    JsonToken next() throws IOException {
      return yaml.nextToken();
    }

    void expect(JsonToken token, String what) throws IOException {
      next();
      require(token, what);
    }

    void require(JsonToken token, String what) throws IOException {
      if (yaml.currentToken() != token) {
        throw mistake("expected " + what + ", got " + yaml.currentToken());
      }
    }

    /** The next key of the current mapping, or null at its end. */
    String nextKey() throws IOException {
      return next() == JsonToken.FIELD_NAME ? yaml.currentName() : null;
    }

    /** The value of the key just read: text, or null when it is empty. */
    String text() throws IOException {
      JsonToken token = next();
      if (token == JsonToken.VALUE_NULL) {
        return null;
      }
      if (token != JsonToken.VALUE_STRING) {
        throw mistake("'" + yaml.currentName() + "' must be text (quote it), got "
            + yaml.getText());
      }
      return yaml.getText();
    }

    JsonProcessingException unknown(String key, String known) {
      return mistake("unknown key '" + key + "' (known: " + known + ")");
    }

    JsonProcessingException mistake(String message) {
      return new JsonParseException(yaml, message, yaml.currentTokenLocation());
    }
  }

  private static void validate(String source, Framework framework) {
    List<String> problems = new ArrayList<>();
    requireText(problems, "'id'", framework.id());
    requireText(problems, "'name'", framework.name());
    requireText(problems, "'version'", framework.version());
    requireText(problems, "'note'", framework.note());
    if (framework.requirements().isEmpty()) {
      problems.add("'requirements' is empty");
    }
    Set<String> seen = new HashSet<>();
    List<String> duplicates = new ArrayList<>();
    for (int i = 0; i < framework.requirements().size(); i++) {
      Framework.Requirement r = framework.requirements().get(i);
      String where = "requirements[" + i + "]";
      if (blank(r.id())) {
        problems.add(where + ": 'id' is missing or empty");
      } else {
        where += " (" + r.id() + ")";
        if (r.id().chars().anyMatch(Character::isWhitespace)) {
          // Mappings are matched exactly, so a stray space would make the id unreachable.
          problems.add(where + ": 'id' must not contain white space");
        }
        if (!seen.add(r.id())) {
          duplicates.add(r.id());
        }
      }
      requireText(problems, where + ": 'title'", r.title());
      requireText(problems, where + ": 'area'", r.area());
    }
    if (!duplicates.isEmpty()) {
      problems.add("duplicate requirement ids: "
          + duplicates.stream().distinct().collect(Collectors.joining(", ")));
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(source + ": " + String.join("; ", problems));
    }
  }

  private static void requireText(List<String> problems, String what, String value) {
    if (blank(value)) {
      problems.add(what + " is missing or empty");
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /**
   * Requirement ids per framework id, for validating the mappings a policy's claims cite. The
   * map reads the catalogues when first consulted, so a policy without mappings never does.
   */
  public static java.util.Map<String, java.util.Set<String>> requirementIds() {
    return new java.util.AbstractMap<>() {
      @Override
      public java.util.Set<Entry<String, java.util.Set<String>>> entrySet() {
        return Loaded.IDS.entrySet();
      }

      @Override
      public java.util.Set<String> get(Object key) {
        return Loaded.IDS.get(key);
      }
    };
  }

  private static java.util.Map<String, java.util.Set<String>> ids(List<Framework> all) {
    java.util.Map<String, java.util.Set<String>> out = new java.util.LinkedHashMap<>();
    for (Framework f : all) {
      java.util.Set<String> ids = new java.util.LinkedHashSet<>();
      f.requirements().forEach(r -> ids.add(r.id()));
      out.put(f.id(), java.util.Collections.unmodifiableSet(ids));
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}
