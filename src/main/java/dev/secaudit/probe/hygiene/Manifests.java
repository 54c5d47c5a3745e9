package dev.secaudit.probe.hygiene;

import dev.secaudit.probe.local.CappedFile;
import dev.secaudit.probe.manifest.Declaration;
import dev.secaudit.probe.manifest.GoModule;
import dev.secaudit.probe.manifest.MalformedManifest;
import dev.secaudit.probe.manifest.NpmManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads the dependency declarations of one manifest: how many there are and which leave their
 * version open. Each reader is small and forgiving: what it cannot parse becomes an exception
 * the probe records, never a guess.
 */
final class Manifests {
  /** What a reader found. */
  record Declared(int dependencies, List<DependencySetup.Unpinned> unpinned) {}

  private static final Pattern EXACT_SEMVER =
      Pattern.compile("=?v?\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?");

  private Manifests() {}

  /**
   * package.json: dependencies, devDependencies, optionalDependencies (peer dependencies are the
   * host's to install, so no lock file here pins them).
   */
  static Declared npm(NpmManifest manifest) {
    int count = 0;
    List<DependencySetup.Unpinned> open = new ArrayList<>();
    for (Declaration d : manifest.declarations()) {
      if (d.section().equals("peerDependencies")) {
        continue;
      }
      count++;
      if (!EXACT_SEMVER.matcher(d.spec().trim()).matches()) {
        open.add(new DependencySetup.Unpinned(d.name(), d.spec(), d.line(),
            "a range: the lock file decides the version"));
      }
    }
    return new Declared(count, open);
  }

  /** requirements*.txt: every requirement must be pinned with == (or ===). */
  static Declared requirements(String text) {
    int count = 0;
    List<DependencySetup.Unpinned> open = new ArrayList<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).replaceAll("(^|\\s)#.*", "").trim();
      if (line.isEmpty() || line.startsWith("-") && !line.startsWith("-e")) {
        continue; // options, includes (-r/-c) and hash continuation lines
      }
      count++;
      String name = line.split("[\\s<>=!~;\\[@]", 2)[0];
      boolean pinned = line.matches("[^;]*===?\\s*[^*,;\\s]+\\s*(;.*)?(\\\\)?")
          || line.matches("\\S+\\s*@\\s*\\S+#sha256=.*");
      if (!pinned) {
        open.add(new DependencySetup.Unpinned(name, line.length() > 80 ? line.substring(0, 80)
            + "…" : line, i + 1, "not pinned with =="));
      }
    }
    return new Declared(count, open);
  }

  /** pyproject.toml: PEP 621 dependencies or Poetry's; the versions are pinned by a lock file. */
  static Declared pyproject(String text) {
    int count = 0;
    String section = "";
    boolean inArray = false;
    for (String raw : text.lines().toList()) {
      String line = raw.replaceAll("(^|\\s)#.*", "").trim();
      if (inArray) {
        count += countQuoted(line);
        inArray = !line.contains("]");
        continue;
      }
      if (line.startsWith("[")) {
        section = line;
        continue;
      }
      if (section.equals("[project]") && line.matches("dependencies\\s*=\\s*\\[.*")) {
        String rest = line.substring(line.indexOf('[') + 1);
        count += countQuoted(rest);
        inArray = !rest.contains("]");
      } else if (section.matches("\\[tool\\.poetry\\.(?:group\\.[^.]+\\.)?(?:dev-)?dependencies\\]")
          && line.contains("=") && !line.startsWith("python")) {
        count++;
      }
    }
    return new Declared(count, List.of());
  }

  private static int countQuoted(String s) {
    int quotes = 0;
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\'') {
        quotes++;
      }
    }
    return quotes / 2;
  }

  /** Pipfile: entries of [packages] and [dev-packages]. */
  static Declared pipfile(String text) {
    int count = 0;
    String section = "";
    for (String raw : text.lines().toList()) {
      String line = raw.replaceAll("(^|\\s)#.*", "").trim();
      if (line.startsWith("[")) {
        section = line;
      } else if ((section.equals("[packages]") || section.equals("[dev-packages]"))
          && line.contains("=")) {
        count++;
      }
    }
    return new Declared(count, List.of());
  }

  /** go.mod: require directives, single or in a block; go.sum pins them. */
  static Declared goMod(String text) throws MalformedManifest {
    return new Declared(GoModule.requires(text).size(), List.of());
  }

  /**
   * pom.xml: versions of dependencies, plugins, extensions and the parent; a version range,
   * LATEST or RELEASE is never pinned, a SNAPSHOT only in a SNAPSHOT build. ${properties} of the
   * pom itself are resolved; a version from elsewhere (a parent, a BOM) is not judged here.
   */
  static Declared maven(Path pom) throws IOException {
    PomReader reader = new PomReader();
    try (InputStream in = Files.newInputStream(pom)) {
      SAXParserFactory f = SAXParserFactory.newInstance();
      f.setNamespaceAware(false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.newSAXParser().parse(in, reader);
    } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
      throw new IOException("not well-formed XML: " + e.getMessage(), e);
    }
    return reader.result();
  }

  private static final class PomReader extends DefaultHandler {
    private record Declaration(String element, String group, String artifact, String version,
        int line) {}

    /** A declaration being read: dependency, plugin, extension or parent (they nest). */
    private static final class Open {
      String group;
      String artifact;
      String version;
      int line;
    }

    private final Deque<String> path = new ArrayDeque<>();
    private final Deque<Open> open = new ArrayDeque<>();
    private final StringBuilder text = new StringBuilder();
    private final Map<String, String> properties = new HashMap<>();
    private final List<Declaration> declarations = new ArrayList<>();
    private Locator locator;
    private String projectVersion;
    private int versionLine;
    private int dependencies;

    @Override
    public void setDocumentLocator(Locator locator) {
      this.locator = locator;
    }

    @Override
    public void startElement(String uri, String local, String name, Attributes attrs) {
      path.addLast(name);
      text.setLength(0);
      if (name.equals("version")) {
        versionLine = locator == null ? 0 : locator.getLineNumber();
      }
      if (isDeclaration(name)) {
        open.push(new Open());
      }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      text.append(ch, start, length);
    }

    @Override
    public void endElement(String uri, String local, String name) {
      String value = text.toString().trim();
      List<String> p = List.copyOf(path);
      String parent = p.size() >= 2 ? p.get(p.size() - 2) : "";
      if (p.size() == 3 && parent.equals("properties")) {
        properties.put(name, value);
      } else if (p.size() == 2 && name.equals("version")) {
        projectVersion = value;
      } else if (p.size() == 3 && parent.equals("parent") && name.equals("version")
          && projectVersion == null) {
        // A module without its own version inherits its parent's.
        projectVersion = value;
      }
      if (p.size() >= 3 && isDeclaration(parent) && !open.isEmpty()) {
        Open top = open.peek();
        switch (name) {
          case "groupId" -> top.group = value;
          case "artifactId" -> top.artifact = value;
          case "version" -> {
            top.version = value;
            top.line = versionLine;
          }
          default -> { }
        }
      }
      if (isDeclaration(name) && !open.isEmpty()) {
        Open done = open.pop();
        if (name.equals("dependency")) {
          dependencies++;
        }
        if (done.version != null) {
          declarations.add(new Declaration(name, done.group, done.artifact, done.version,
              done.line));
        }
      }
      path.removeLast();
      text.setLength(0);
    }

    private static boolean isDeclaration(String element) {
      return element.equals("dependency") || element.equals("plugin")
          || element.equals("extension") || element.equals("parent");
    }

    Declared result() {
      List<DependencySetup.Unpinned> open = new ArrayList<>();
      String self = resolve(projectVersion);
      boolean snapshotBuild = self != null && self.endsWith("-SNAPSHOT");
      for (Declaration d : declarations) {
        String v = resolve(d.version());
        String why = v.matches("[\\[(].*[\\])]") || v.contains(",") ? "a version range"
            : v.equals("LATEST") || v.equals("RELEASE") ? v + " moves with every release"
            : v.endsWith("-SNAPSHOT") && !snapshotBuild ? "a SNAPSHOT in a release build"
            : null;
        if (why != null) {
          open.add(new DependencySetup.Unpinned(
              (d.group() == null ? "" : d.group() + ":") + d.artifact(), d.version(),
              d.line(), why));
        }
      }
      return new Declared(dependencies, open);
    }

    private String resolve(String v) {
      if (v == null) {
        return null;
      }
      Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(v);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String key = m.group(1);
        String value = key.equals("project.version") ? projectVersion : properties.get(key);
        m.appendReplacement(sb, Matcher.quoteReplacement(value == null ? m.group() : value));
      }
      m.appendTail(sb);
      return sb.toString();
    }
  }

  static String read(Path file, long max) throws IOException {
    byte[] bytes = CappedFile.head(file, max);
    if (bytes.length > max) {
      throw new IOException("larger than " + max + " bytes");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
