package dev.secaudit.probe.deps;

import dev.secaudit.probe.manifest.MalformedManifest;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A Maven pom.xml: every {@code <dependency>} (of the project, its dependencyManagement and its
 * profiles) as group:artifact. Read with StAX, DTDs and external entities off: a manifest from a
 * repository is input, and an entity must not make the scan read files or open connections.
 */
final class PomManifest {
  private PomManifest() {}

  static List<Dependency> parse(String file, String text) throws MalformedManifest {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    List<Dependency> out = new ArrayList<>();
    List<String> path = new ArrayList<>();
    String group = null;
    String artifact = null;
    int line = 0;
    StringBuilder chars = new StringBuilder();
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
          if (name.equals("dependency") && !path.isEmpty()
              && path.get(path.size() - 1).equals("dependencies")) {
            group = null;
            artifact = null;
            line = r.getLocation().getLineNumber();
          }
          path.add(name);
          chars.setLength(0);
        } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) {
          chars.append(r.getText());
        } else if (ev == XMLStreamConstants.END_ELEMENT) {
          String name = r.getLocalName();
          path.remove(path.size() - 1);
          boolean inDependency = !path.isEmpty() && path.get(path.size() - 1).equals("dependency");
          if (inDependency && name.equals("groupId")) {
            group = chars.toString().trim();
          } else if (inDependency && name.equals("artifactId")) {
            artifact = chars.toString().trim();
          } else if (name.equals("dependency") && line > 0) {
            if (group == null || artifact == null || group.isEmpty() || artifact.isEmpty()) {
              throw new MalformedManifest(line, "a <dependency> without groupId or artifactId");
            }
            out.add(new Dependency("maven", group + ":" + artifact, file, line));
            line = 0;
          }
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
    return out;
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
