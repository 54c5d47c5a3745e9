package dev.secaudit.probe.manifest;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.model.Build;
import org.apache.maven.model.BuildBase;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.DependencyManagement;
import org.apache.maven.model.Extension;
import org.apache.maven.model.InputLocation;
import org.apache.maven.model.InputLocationTracker;
import org.apache.maven.model.InputSource;
import org.apache.maven.model.Model;
import org.apache.maven.model.Parent;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginManagement;
import org.apache.maven.model.Profile;
import org.apache.maven.model.io.xpp3.MavenXpp3ReaderEx;
import org.codehaus.plexus.util.xml.pull.XmlPullParserException;

/**
 * A Maven pom.xml as written: every dependency, plugin, extension and parent with its
 * coordinates and lines, the pom's own properties, coordinates and version. Read by Maven's own
 * model reader (maven-model, with input locations), leniently as Maven reads a pom it builds.
 * A DOCTYPE is refused before reading: a pom needs none, and a manifest from a repository is
 * input that must not make the scan read files or open connections (the reader resolves no
 * external entity either).
 *
 * @param coordinates in the order of their lines
 * @param properties the project's {@code <properties>}
 * @param projectVersion the project's version, or its parent's when it has none; null if neither
 * @param groupId the project's groupId, or its parent's; null if neither
 * @param artifactId the project's artifactId, or null
 * @param parent the parent's coordinates, or null
 * @param parentPath the parent's relativePath as written ("../pom.xml" when not written; "" when
 *     written empty, which means "look it up in a repository, not here")
 */
public record PomFile(List<Coordinates> coordinates, Map<String, String> properties,
    String projectVersion, String groupId, String artifactId, Coordinates parent,
    String parentPath) {
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
   * @param managed whether it is in a dependencyManagement or pluginManagement section (it
   *     fixes a version for others and adds nothing by itself)
   * @param bom whether it imports a BOM (dependencyManagement, type pom, scope import)
   */
  public record Coordinates(String element, String group, String artifact, String version,
      int line, int versionLine, boolean listed, boolean managed, boolean bom) {
    /** group:artifact. */
    public String key() {
      return group + ":" + artifact;
    }
  }

  /** The value with ${project.version} and the pom's own ${properties} filled in. */
  public String resolve(String value) {
    return resolve(value, this::property);
  }

  /** The pom's own value for a property name, or null. */
  public String property(String key) {
    return switch (key) {
      case "project.version", "pom.version", "version" -> projectVersion;
      case "project.groupId", "pom.groupId" -> groupId;
      case "project.artifactId", "pom.artifactId" -> artifactId;
      case "project.parent.version" -> parent == null ? null : parent.version();
      case "project.parent.groupId" -> parent == null ? null : parent.group();
      default -> properties.get(key);
    };
  }

  /**
   * The value with each ${name} looked up; a name without a value stays as written. Values that
   * name further properties are followed a few levels (a loop stops there).
   */
  public static String resolve(String value, java.util.function.Function<String, String> lookup) {
    if (value == null) {
      return null;
    }
    String current = value;
    for (int depth = 0; depth < 8 && current.contains("${"); depth++) {
      Matcher m = PROPERTY.matcher(current);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String v = lookup.apply(m.group(1));
        m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : v));
      }
      m.appendTail(sb);
      if (sb.toString().equals(current)) {
        break;
      }
      current = sb.toString();
    }
    return current;
  }

  public static PomFile read(String text) throws MalformedManifest {
    int doctype = text.indexOf("<!DOCTYPE");
    if (doctype >= 0) {
      throw new MalformedManifest(lineAt(text, doctype),
          "has a DOCTYPE; a pom needs none and DTDs are not read");
    }
    Model model;
    try {
      InputSource source = new InputSource();
      source.setModelId("pom.xml");
      model = new MavenXpp3ReaderEx().read(new StringReader(text), false, source);
    } catch (XmlPullParserException e) {
      throw new MalformedManifest(Math.max(e.getLineNumber(), 0), "invalid XML: "
          + firstLine(e.getMessage()));
    } catch (IOException e) {
      // Reading a string fails only for its content: the reader's end-of-input error.
      throw new MalformedManifest(0, "invalid XML: " + firstLine(e.getMessage()));
    } catch (RuntimeException e) {
      // The generated reader throws for values it cannot convert; the pom is still at fault.
      throw new MalformedManifest(0, "invalid pom: " + firstLine(e.getMessage()));
    }
    List<Coordinates> out = new ArrayList<>();
    Coordinates parent = null;
    String parentPath = null;
    Parent p = model.getParent();
    if (p != null) {
      parent = coordinates("parent", p, p.getGroupId(), p.getArtifactId(), p.getVersion(), false,
          false, false);
      out.add(parent);
      parentPath = p.getLocation("relativePath") == null ? "../pom.xml" : p.getRelativePath();
    }
    dependencies(model.getDependencies(), false, out);
    managed(model.getDependencyManagement(), out);
    build(model.getBuild(), out);
    if (model.getBuild() != null) {
      for (Extension e : model.getBuild().getExtensions()) {
        out.add(coordinates("extension", e, e.getGroupId(), e.getArtifactId(), e.getVersion(),
            false, false, false));
      }
    }
    for (Profile profile : model.getProfiles()) {
      dependencies(profile.getDependencies(), false, out);
      managed(profile.getDependencyManagement(), out);
      build(profile.getBuild(), out);
    }
    out.sort(Comparator.comparingInt(Coordinates::line));
    Map<String, String> properties = new HashMap<>();
    model.getProperties().forEach((k, v) -> properties.put(k.toString(), v.toString().trim()));
    String version = model.getVersion() != null ? model.getVersion().trim()
        : p != null && p.getVersion() != null ? p.getVersion().trim() : null;
    String group = model.getGroupId() != null ? model.getGroupId().trim()
        : p != null && p.getGroupId() != null ? p.getGroupId().trim() : null;
    return new PomFile(out, properties, version, group, trim(model.getArtifactId()), parent,
        parentPath);
  }

  private static void dependencies(List<Dependency> deps, boolean managed,
      List<Coordinates> out) {
    for (Dependency d : deps) {
      boolean bom = managed && "import".equals(d.getScope()) && "pom".equals(d.getType());
      out.add(coordinates("dependency", d, d.getGroupId(), d.getArtifactId(), d.getVersion(),
          true, managed, bom));
    }
  }

  private static void managed(DependencyManagement dm, List<Coordinates> out) {
    if (dm != null) {
      dependencies(dm.getDependencies(), true, out);
    }
  }

  private static void build(BuildBase build, List<Coordinates> out) {
    if (build == null) {
      return;
    }
    plugins(build.getPlugins(), false, out);
    PluginManagement pm = build.getPluginManagement();
    if (pm != null) {
      plugins(pm.getPlugins(), true, out);
    }
  }

  private static void plugins(List<Plugin> plugins, boolean managed, List<Coordinates> out) {
    for (Plugin p : plugins) {
      // The model fills in org.apache.maven.plugins for a plugin without groupId: keep what was
      // written.
      String group = p.getLocation("groupId") == null ? null : p.getGroupId();
      out.add(coordinates("plugin", p, group, p.getArtifactId(), p.getVersion(), false, managed,
          false));
      dependencies(p.getDependencies(), false, out);
    }
  }

  private static Coordinates coordinates(String element, InputLocationTracker at, String group,
      String artifact, String version, boolean listed, boolean managed, boolean bom) {
    InputLocation start = at.getLocation("");
    InputLocation v = at.getLocation("version");
    return new Coordinates(element, trim(group), trim(artifact), trim(version),
        start == null ? 0 : start.getLineNumber(), v == null ? 0 : v.getLineNumber(), listed,
        managed, bom);
  }

  private static String trim(String s) {
    return s == null ? null : s.trim();
  }

  private static int lineAt(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    String m = message.strip();
    return m.lines().findFirst().orElse(m);
  }
}
