package dev.secaudit.probe.deps;

import dev.secaudit.probe.manifest.MalformedManifest;
import dev.secaudit.probe.manifest.PomFile;
import java.util.ArrayList;
import java.util.List;

/**
 * A Maven pom.xml: every {@code <dependency>} of a dependencies list (of the project, its
 * dependencyManagement, its profiles and its plugins) as group:artifact.
 */
final class PomManifest {
  private PomManifest() {}

  static List<Dependency> dependencies(String file, PomFile pom) throws MalformedManifest {
    List<Dependency> out = new ArrayList<>();
    for (PomFile.Coordinates c : pom.coordinates()) {
      if (!c.listed()) {
        continue;
      }
      if (c.group() == null || c.artifact() == null || c.group().isEmpty()
          || c.artifact().isEmpty()) {
        throw new MalformedManifest(c.line(), "a <dependency> without groupId or artifactId");
      }
      out.add(new Dependency("maven", c.group() + ":" + c.artifact(), file, c.line()));
    }
    return out;
  }
}
