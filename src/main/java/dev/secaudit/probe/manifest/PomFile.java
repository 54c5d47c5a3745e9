package dev.secaudit.probe.manifest;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A Maven pom.xml as written: every dependency, plugin, extension and parent with its
 * coordinates and lines, the pom's own properties and version. Read with StAX, DTDs and external
 * entities off: a manifest from a repository is input, and an entity must not make the scan read
 * files or open connections.
 *
 * @param coordinates in the order their elements close (an inner dependency of a plugin before
 *     the plugin)
 * @param properties the project's {@code <properties>}
 * @param projectVersion the project's version, or its parent's when it has none; null if neither
 */
public record PomFile(List<Coordinates> coordinates, Map<String, String> properties,
    String projectVersion) {
  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

  public PomFile {
    coordinates = List.copyOf(coordinates);
    properties = Map.copyOf(properties);
  }

  /**
   * One declaration.
   *
   * @param element dependency, plugin, extension or parent
   * @param group groupId, or null when not written (plugins often omit it)
   * @param artifact artifactId, or null
   * @param version the version as written, or null (managed elsewhere)
   * @param line the line of the element's start tag
   * @param versionLine the line of its {@code <version>}, or 0
   * @param listed whether it is a {@code <dependency>} of a {@code <dependencies>} list
   */
  public record Coordinates(String element, String group, String artifact, String version,
      int line, int versionLine, boolean listed) {}

  /** The value with ${project.version} and the pom's own ${properties} filled in. */
  public String resolve(String value) {
    if (value == null) {
      return null;
    }
    Matcher m = PROPERTY.matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String key = m.group(1);
      String v = key.equals("project.version") ? projectVersion : properties.get(key);
      m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** A declaration being read (they nest: a plugin's own dependencies). */
  private static final class Open {
    final String element;
    final int line;
    final boolean listed;
    String group;
    String artifact;
    String version;
    int versionLine;

    Open(String element, int line, boolean listed) {
      this.element = element;
      this.line = line;
      this.listed = listed;
    }
  }

  public static PomFile read(String text) throws MalformedManifest {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    List<Coordinates> out = new ArrayList<>();
    Map<String, String> properties = new HashMap<>();
    String projectVersion = null;
    List<String> path = new ArrayList<>();
    Deque<Open> open = new ArrayDeque<>();
    StringBuilder chars = new StringBuilder();
    int versionLine = 0;
    XMLStreamReader r = null;
    try {
      r = f.createXMLStreamReader(new StringReader(text));
      while (r.hasNext()) {
        int ev = r.next();
        if (ev == XMLStreamConstants.DTD) {
          throw new MalformedManifest(r.getLocation().getLineNumber(),
              "has a DOCTYPE; a pom needs none and DTDs are not read");
        } else if (ev == XMLStreamConstants.ENTITY_REFERENCE) {
          throw new MalformedManifest(r.getLocation().getLineNumber(),
              "uses the entity &" + r.getLocalName() + "; which is not read");
        } else if (ev == XMLStreamConstants.START_ELEMENT) {
          String name = r.getLocalName();
          int line = r.getLocation().getLineNumber();
          if (name.equals("version")) {
            versionLine = line;
          }
          if (isDeclaration(name)) {
            open.push(new Open(name, line, name.equals("dependency") && !path.isEmpty()
                && path.get(path.size() - 1).equals("dependencies")));
          }
          path.add(name);
          chars.setLength(0);
        } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) {
          chars.append(r.getText());
        } else if (ev == XMLStreamConstants.END_ELEMENT) {
          String name = r.getLocalName();
          String value = chars.toString().trim();
          int depth = path.size();
          String parent = depth >= 2 ? path.get(depth - 2) : "";
          if (depth == 3 && parent.equals("properties")) {
            properties.put(name, value);
          } else if (depth == 2 && name.equals("version")) {
            projectVersion = value;
          } else if (depth == 3 && parent.equals("parent") && name.equals("version")
              && projectVersion == null) {
            // A module without its own version inherits its parent's.
            projectVersion = value;
          }
          if (depth >= 3 && isDeclaration(parent) && !open.isEmpty()) {
            Open top = open.peek();
            switch (name) {
              case "groupId" -> top.group = value;
              case "artifactId" -> top.artifact = value;
              case "version" -> {
                top.version = value;
                top.versionLine = versionLine;
              }
              default -> { }
            }
          }
          if (isDeclaration(name) && !open.isEmpty()) {
            Open done = open.pop();
            out.add(new Coordinates(done.element, done.group, done.artifact, done.version,
                done.line, done.versionLine, done.listed));
          }
          path.remove(path.size() - 1);
          chars.setLength(0);
        }
      }
    } catch (XMLStreamException e) {
      int at = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
      throw new MalformedManifest(Math.max(at, 0), "invalid XML: " + firstLine(e.getMessage()));
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException ignored) {
          // closing a reader over a string releases nothing
        }
      }
    }
    return new PomFile(out, properties, projectVersion);
  }

  private static boolean isDeclaration(String element) {
    return element.equals("dependency") || element.equals("plugin")
        || element.equals("extension") || element.equals("parent");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    String m = message.strip();
    int i = m.lastIndexOf("Message: ");
    return i >= 0 ? m.substring(i + 9).strip() : m.lines().findFirst().orElse(m);
  }
}
