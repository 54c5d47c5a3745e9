package dev.secaudit.probe.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ManifestReadersTest {
  @Test
  void packageJsonKeepsSectionVersionAndTheDeclarationsOwnLine() throws MalformedManifest {
    // The package is named like its dependency: the declaration's line is still its own.
    NpmManifest m = NpmManifest.packageJson("""
        {"name": "react",
         "renovate": {"extends": ["config:base"]},
         "dependencies": {
           "react": "^18.2.0",
           "local": {"weird": true}},
         "peerDependencies": {"vue": "3.4.0"}}
        """);
    assertThat(m.declarations()).containsExactly(
        new Declaration("dependencies", "react", "^18.2.0", 4),
        new Declaration("dependencies", "local", "", 5),
        new Declaration("peerDependencies", "vue", "3.4.0", 6));
    assertThat(m.topLevelKeys()).containsExactlyInAnyOrder("name", "renovate", "dependencies",
        "peerDependencies");
  }

  @Test
  void lockFileListsOnlyTheRootPackagesOwnDependencies() throws MalformedManifest {
    NpmManifest m = NpmManifest.packageLock("""
        {"lockfileVersion": 3, "packages": {
          "": {"dependencies": {"a": "^1.0.0"}},
          "node_modules/a": {"dependencies": {"b": "2.0.0"}}}}
        """);
    assertThat(m.declarations()).containsExactly(new Declaration("dependencies", "a", "^1.0.0",
        2));
  }

  @Test
  void goModRequiresWithVersions() throws MalformedManifest {
    assertThat(GoModule.requires("module x\nrequire a.io/b v1.0.0 // indirect\nrequire (\n"
        + "\tc.io/d v0.2.0\n)\n")).containsExactly(
            new Declaration("require", "a.io/b", "v1.0.0", 2),
            new Declaration("require", "c.io/d", "v0.2.0", 4));
    assertThatThrownBy(() -> GoModule.requires("require (\n a v1\n"))
        .isInstanceOf(MalformedManifest.class).hasMessageContaining("never closes");
  }

  @Test
  void pomDeclarationsWithBothLinesAndTheProjectsOwnProperties() throws MalformedManifest {
    PomFile pom = PomFile.read("""
        <project>
          <parent><groupId>acme</groupId><artifactId>root</artifactId>
            <version>2.0-SNAPSHOT</version></parent>
          <properties><x.version>[1.0,)</x.version></properties>
          <dependencies>
            <dependency><groupId>a</groupId><artifactId>b</artifactId>
              <version>${x.version}</version></dependency>
          </dependencies>
          <build><plugins><plugin><artifactId>p</artifactId></plugin></plugins></build>
        </project>
        """);
    assertThat(pom.coordinates()).containsExactly(
        new PomFile.Coordinates("parent", "acme", "root", "2.0-SNAPSHOT", 2, 3, false, false, false),
        new PomFile.Coordinates("dependency", "a", "b", "${x.version}", 6, 7, true, false, false),
        new PomFile.Coordinates("plugin", null, "p", null, 9, 0, false, false, false));
    assertThat(pom.projectVersion()).isEqualTo("2.0-SNAPSHOT");
    assertThat(pom.resolve("${x.version} of ${project.version} ${unknown}"))
        .isEqualTo("[1.0,) of 2.0-SNAPSHOT ${unknown}");
    assertThatThrownBy(() -> PomFile.read("<!DOCTYPE p [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
        + "<project>&e;</project>")).isInstanceOf(MalformedManifest.class)
        .hasMessageContaining("DOCTYPE");
  }

  @Test
  void pyprojectSectionsKeepTheirNamesAndVersions() throws MalformedManifest {
    assertThat(PythonManifest.pyproject("""
        [project]
        dependencies = ["click>=8", 'rich']
        [project.optional-dependencies]
        docs = ["sphinx"]
        [tool.poetry.dependencies]
        python = "^3.11"
        python-dateutil = "2.9.0"
        """)).containsExactly(
            new Declaration("project", "click", "click>=8", 2),
            new Declaration("project", "rich", "rich", 2),
            new Declaration("project.optional-dependencies", "sphinx", "sphinx", 4),
            new Declaration("tool.poetry.dependencies", "python-dateutil", "\"2.9.0\"", 7));
  }
}
