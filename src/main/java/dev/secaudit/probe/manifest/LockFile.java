package dev.secaudit.probe.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The lock files teams commit beside their manifests, read for the packages they pin: yarn.lock
 * (v1's own format and Berry's YAML), pnpm-lock.yaml, Gemfile.lock, poetry.lock, uv.lock and
 * Cargo.lock. YAML and TOML are read by Jackson's parsers; yarn v1 and Gemfile.lock, which are
 * formats of their own with no published parser for Java, by their documented shape.
 *
 * <p>Each package is a {@link Declaration} whose section says how the lock knows it: "direct"
 * (the project's own dependency: pnpm importers, Berry workspaces, Gemfile.lock DEPENDENCIES,
 * uv's and Cargo's workspace members), "transitive" (in a lock that names the direct ones), or
 * "locked" (yarn v1 and poetry.lock list every installed package without saying which the
 * project asked for).
 *
 * @param ecosystem npm, gem, pypi or cargo
 * @param packages every package the lock names, in file order; spec is the locked version
 */
public record LockFile(String ecosystem, List<Declaration> packages) {
  /** The file names read here, lower-case. */
  public static final Set<String> NAMES = Set.of("yarn.lock", "pnpm-lock.yaml", "gemfile.lock",
      "poetry.lock", "uv.lock", "cargo.lock");

  public LockFile {
    packages = List.copyOf(packages);
  }

  /** The lock file's packages, by its file name (any case). */
  public static LockFile read(String fileName, String text) throws MalformedManifest {
    return switch (fileName.toLowerCase(Locale.ROOT)) {
      case "yarn.lock" -> text.lines().anyMatch(l -> l.startsWith("__metadata:"))
          ? new LockFile("npm", yarnBerry(text)) : new LockFile("npm", yarnClassic(text));
      case "pnpm-lock.yaml" -> new LockFile("npm", pnpm(text));
      case "gemfile.lock" -> new LockFile("gem", gemfileLock(text));
      case "poetry.lock" -> new LockFile("pypi", tomlPackages(text, null));
      case "uv.lock" -> new LockFile("pypi", tomlPackages(text, LockFile::uvProject));
      case "cargo.lock" -> new LockFile("cargo", tomlPackages(text,
          p -> !p.has("source")));
      default -> throw new IllegalArgumentException(fileName);
    };
  }

  /** The packages the project itself asks for, or every package when the lock cannot tell. */
  public List<Declaration> direct() {
    List<Declaration> direct = packages.stream().filter(d -> d.section().equals("direct"))
        .toList();
    return direct.isEmpty() ? packages.stream().filter(d -> d.section().equals("locked"))
        .toList() : direct;
  }

  // ------------------------------------------------------------------ yarn v1

  /**
   * yarn v1: entries start at column 0 with one or more comma-separated, optionally quoted
   * "name@range" keys and a colon; their indented lines give {@code version "x"}.
   */
  static List<Declaration> yarnClassic(String text) throws MalformedManifest {
    List<Declaration> out = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    String name = null;
    int line = 0;
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      if (l.isBlank() || l.startsWith("#")) {
        continue;
      }
      if (!Character.isWhitespace(l.charAt(0))) {
        if (!l.endsWith(":")) {
          throw new MalformedManifest(i + 1, "expected an entry such as 'name@range:'");
        }
        String first = l.substring(0, l.length() - 1).split(",\\s*")[0].strip()
            .replace("\"", "");
        int at = first.indexOf('@', first.startsWith("@") ? 1 : 0);
        if (at <= 0) {
          throw new MalformedManifest(i + 1, "an entry without name@range: " + first);
        }
        name = first.substring(0, at);
        line = i + 1;
      } else if (name != null && l.startsWith("  version ")) {
        out.add(new Declaration("locked", name, l.substring(10).strip().replace("\"", ""), line));
        name = null;
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ YAML locks

  /** Duplicate keys refused, as YAML itself does: which one is meant is not ours to pick. */
  private static final YAMLFactory YAML = YAMLFactory.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** A scalar's path in a YAML document and its line, as the stream reads it. */
  private record Scalar(List<String> path, String value, int line) {}

  private static List<Scalar> yamlScalars(String text) throws MalformedManifest {
    List<Scalar> out = new ArrayList<>();
    List<String> path = new ArrayList<>();
    JsonParser stopped = null;
    try (JsonParser p = YAML.createParser(text)) {
      stopped = p;
      JsonToken t;
      String field = null;
      while ((t = p.nextToken()) != null) {
        switch (t) {
          case FIELD_NAME -> field = p.currentName();
          case START_OBJECT, START_ARRAY -> {
            path.add(field == null ? "[]" : field);
            field = null;
          }
          case END_OBJECT, END_ARRAY -> {
            if (!path.isEmpty()) {
              path.remove(path.size() - 1);
            }
          }
          default -> {
            List<String> at = new ArrayList<>(path);
            at.add(field == null ? "[]" : field);
            out.add(new Scalar(at, p.getText(), p.currentTokenLocation().getLineNr()));
            field = null;
          }
        }
      }
    } catch (IOException e) {
      throw MalformedManifest.of("YAML", e, stopped);
    }
    return out;
  }

  /**
   * Berry: every key but __metadata is an entry "name@protocol:range" (comma-separated when
   * several ranges share it) with a version; a workspace entry's dependencies are the project's.
   */
  static List<Declaration> yarnBerry(String text) throws MalformedManifest {
    List<Declaration> out = new ArrayList<>();
    for (Scalar s : yamlScalars(text)) {
      // ["", entry, "version"] and ["", entry, "dependencies", name]
      if (s.path().size() < 3 || s.path().get(1).equals("__metadata")) {
        continue;
      }
      String entry = s.path().get(1).split(",\\s*")[0];
      if (s.path().size() == 3 && s.path().get(2).equals("version")) {
        if (!entry.contains("@workspace:")) {
          out.add(new Declaration("transitive", packageName(entry), s.value(), s.line()));
        }
      } else if (s.path().size() == 4 && entry.contains("@workspace:")
          && (s.path().get(2).equals("dependencies")
              || s.path().get(2).equals("devDependencies"))) {
        out.add(new Declaration("direct", s.path().get(3), s.value(), s.line()));
      }
    }
    return out;
  }

  private static final Set<String> PNPM_SECTIONS = Set.of("dependencies", "devDependencies",
      "optionalDependencies");

  /**
   * pnpm-lock.yaml (lockfileVersion 5 to 9): importers.PATH.SECTION.name (or, before workspaces,
   * SECTION.name at the top) are the project's; packages' keys ("/name/1.0.0", "/name@1.0.0",
   * "name@1.0.0", with peer suffixes) are the rest.
   */
  static List<Declaration> pnpm(String text) throws MalformedManifest {
    List<Declaration> out = new ArrayList<>();
    List<String> seenPackages = new ArrayList<>();
    for (Scalar s : yamlScalars(text)) {
      List<String> p = s.path();
      if (p.size() >= 3 && PNPM_SECTIONS.contains(p.get(1))
          && (p.size() == 3 || p.get(3).equals("version"))) {
        out.add(new Declaration("direct", p.get(2), s.value(), s.line()));
      } else if (p.size() >= 5 && p.get(1).equals("importers")
          && PNPM_SECTIONS.contains(p.get(3))
          && (p.size() == 5 || p.size() == 6 && p.get(5).equals("version"))) {
        out.add(new Declaration("direct", p.get(4), s.value(), s.line()));
      } else if (p.size() >= 3 && p.get(1).equals("packages")
          && !seenPackages.contains(p.get(2))) {
        seenPackages.add(p.get(2));
        String[] nv = pnpmPackage(p.get(2));
        out.add(new Declaration("transitive", nv[0], nv[1], s.line()));
      }
    }
    return out;
  }

  /** "/@scope/name/1.0.0", "/name@1.0.0(peer@2)", "name@1.0.0" → {name, version}. */
  private static String[] pnpmPackage(String key) {
    String k = key.startsWith("/") ? key.substring(1) : key;
    int peer = k.indexOf('(');
    if (peer > 0) {
      k = k.substring(0, peer);
    }
    int at = k.indexOf('@', k.startsWith("@") ? 1 : 0);
    if (at > 0) {
      return new String[] {k.substring(0, at), k.substring(at + 1)};
    }
    int slash = k.lastIndexOf('/');
    return slash > 0 ? new String[] {k.substring(0, slash), k.substring(slash + 1)}
        : new String[] {k, ""};
  }

  /** "name@npm:^1.0.0" or "@scope/name@npm:1.0.0" → the name. */
  private static String packageName(String entry) {
    int at = entry.indexOf('@', entry.startsWith("@") ? 1 : 0);
    return at > 0 ? entry.substring(0, at) : entry;
  }

  // ------------------------------------------------------------------ Gemfile.lock

  /**
   * Bundler's lock: sections at column 0 (GEM, GIT, PATH, PLATFORMS, DEPENDENCIES, ...); a
   * source section's specs list each gem at four spaces as "name (version)", DEPENDENCIES the
   * Gemfile's gems at two spaces ("name", "name (~> 1.0)", "name!" for a git or path gem).
   */
  static List<Declaration> gemfileLock(String text) {
    List<Declaration> out = new ArrayList<>();
    String section = "";
    boolean specs = false;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      if (l.isBlank()) {
        continue;
      }
      if (!Character.isWhitespace(l.charAt(0))) {
        section = l.strip();
        specs = false;
      } else if (l.strip().equals("specs:")) {
        specs = true;
      } else if (specs && l.startsWith("    ") && !l.startsWith("     ")) {
        String[] nv = l.strip().split("\\s+\\(", 2);
        out.add(new Declaration("transitive", nv[0], nv.length > 1
            ? nv[1].replace(")", "") : "", i + 1));
      } else if (section.equals("DEPENDENCIES") && l.startsWith("  ")
          && !l.startsWith("   ")) {
        String name = l.strip().split("[\\s(!]", 2)[0];
        out.add(new Declaration("direct", name, "", i + 1));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ TOML locks

  /**
   * poetry.lock, uv.lock and Cargo.lock: an array of [[package]] tables with name and version.
   * uv marks the project with source {editable|virtual = "."}, Cargo its workspace members by
   * having no source: their dependencies are the project's. Poetry says nothing of the kind.
   * Lines come from the [[package]] headers, which the TOML tree does not keep.
   */
  static List<Declaration> tomlPackages(String text,
      java.util.function.Predicate<JsonNode> member) throws MalformedManifest {
    JsonNode root = toml(text);
    List<Integer> headers = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].strip().equals("[[package]]")) {
        headers.add(i + 1);
      }
    }
    JsonNode packages = root.path("package");
    List<Declaration> out = new ArrayList<>();
    List<String> direct = new ArrayList<>();
    for (int i = 0; i < packages.size(); i++) {
      JsonNode p = packages.get(i);
      if (!p.hasNonNull("name")) {
        throw new MalformedManifest(i < headers.size() ? headers.get(i) : 0,
            "a [[package]] without a name");
      }
      if (member != null && member.test(p)) {
        direct.addAll(dependencyNames(p));
        continue;
      }
      out.add(new Declaration("locked", p.path("name").asText(), p.path("version").asText(""),
          i < headers.size() ? headers.get(i) : 0));
    }
    if (member == null) {
      return out;
    }
    List<Declaration> marked = new ArrayList<>();
    for (Declaration d : out) {
      marked.add(new Declaration(direct.contains(d.name()) ? "direct" : "transitive", d.name(),
          d.spec(), d.line()));
    }
    return marked;
  }

  /** A TOML document as a tree (Jackson's TOML 1.0 parser); a syntax error names its line. */
  static JsonNode toml(String text) throws MalformedManifest {
    try {
      return new TomlMapper().readTree(text);
    } catch (IOException e) {
      throw MalformedManifest.of("TOML", e);
    }
  }

  /** uv marks the project itself with source {editable = "."} or {virtual = "."}. */
  private static boolean uvProject(JsonNode p) {
    JsonNode source = p.path("source");
    return ".".equals(source.path("editable").asText(null))
        || ".".equals(source.path("virtual").asText(null));
  }

  /** uv: [{name = "x"}], with optional and dev groups; Cargo: ["x", "x 1.0.0 (registry...)"]. */
  private static List<String> dependencyNames(JsonNode p) {
    List<String> out = new ArrayList<>();
    List<JsonNode> lists = new ArrayList<>();
    lists.add(p.path("dependencies"));
    p.path("optional-dependencies").forEach(lists::add);
    p.path("dev-dependencies").forEach(lists::add);
    for (JsonNode list : lists) {
      for (JsonNode d : list) {
        out.add(d.isTextual() ? d.asText().split(" ", 2)[0] : d.path("name").asText());
      }
    }
    return out;
  }
}
