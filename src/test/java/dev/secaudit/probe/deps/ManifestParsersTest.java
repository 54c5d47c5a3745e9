package dev.secaudit.probe.deps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secaudit.probe.manifest.MalformedManifest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each manifest format: the packages it names with their lines, and what makes it malformed. */
class ManifestParsersTest {
  private static List<String> places(List<Dependency> deps) {
    return deps.stream().map(d -> d.ecosystem() + " " + d.name() + " @" + d.line()).toList();
  }

  @Test
  void packageJsonSectionsOnlyWithLines() throws Exception {
    String json = """
        {
          "name": "web",
          "scripts": {"build": "vite"},
          "dependencies": {
            "@stripe/stripe-js": "^4.0.0",
            "react": "18.3.1"
          },
          "devDependencies": {"@sentry/vite-plugin": "2"},
          "config": {"dependencies": {"not-a-dep": "1"}}
        }
        """;
    assertThat(places(DependencyProbe.parse("web/package.json", json))).containsExactly(
        "npm @stripe/stripe-js @5", "npm react @6", "npm @sentry/vite-plugin @8");
  }

  @Test
  void packageLockKeepsTheRootPackagesOwnDependencies() throws Exception {
    String v3 = """
        {"name": "web", "lockfileVersion": 3,
         "packages": {
           "": {"name": "web", "dependencies": {"posthog-js": "1"}},
           "node_modules/posthog-js": {"version": "1.2.3", "dependencies": {"fflate": "0.4"}}
         }}
        """;
    assertThat(places(DependencyProbe.parse("package-lock.json", v3)))
        .containsExactly("npm posthog-js @3");
    String v1 = """
        {"lockfileVersion": 1, "dependencies": {
          "mixpanel": {"version": "0.18.0", "dependencies": {"https-proxy-agent": {}}}}}
        """;
    assertThat(places(DependencyProbe.parse("package-lock.json", v1)))
        .containsExactly("npm mixpanel @2");
  }

  @Test
  void brokenJsonNamesItsLine() {
    assertThatThrownBy(() -> DependencyProbe.parse("package.json", "{\n  \"dependencies\": {\n"
        + "    \"stripe\": \n  }\n}"))
        .isInstanceOf(MalformedManifest.class)
        .hasMessageContaining("not valid JSON")
        .satisfies(e -> assertThat(((MalformedManifest) e).line()).isEqualTo(4));
  }

  @Test
  void pomDependenciesAsGroupColonArtifact() throws Exception {
    String pom = """
        <?xml version="1.0"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <parent><groupId>org.springframework.boot</groupId><artifactId>parent</artifactId></parent>
          <dependencies>
            <dependency>
              <groupId>com.stripe</groupId>
              <artifactId>stripe-java</artifactId>
              <version>26.0.0</version>
            </dependency>
          </dependencies>
          <build><plugins><plugin><groupId>io.sentry</groupId><artifactId>x</artifactId>
            <dependencies><dependency><groupId>io.sentry</groupId><artifactId>sentry</artifactId>
            </dependency></dependencies></plugin></plugins></build>
        </project>
        """;
    assertThat(places(DependencyProbe.parse("pom.xml", pom)))
        .containsExactly("maven com.stripe:stripe-java @5", "maven io.sentry:sentry @12");
  }

  @Test
  void pomWithAnExternalEntityIsRefusedNotResolved() {
    String xxe = """
        <?xml version="1.0"?>
        <!DOCTYPE project [<!ENTITY x SYSTEM "file:///etc/passwd">]>
        <project><dependencies><dependency><groupId>&x;</groupId><artifactId>a</artifactId>
        </dependency></dependencies></project>
        """;
    assertThatThrownBy(() -> DependencyProbe.parse("pom.xml", xxe))
        .isInstanceOf(MalformedManifest.class)
        .hasMessageContaining("DOCTYPE");
    assertThatThrownBy(() -> DependencyProbe.parse("pom.xml", "<project><dependencies>"))
        .isInstanceOf(MalformedManifest.class).hasMessageContaining("invalid XML");
  }

  @Test
  void requirementsSkipOptionsUrlsAndComments() throws Exception {
    String txt = """
        # payments
        stripe==10.1.0  # pinned
        -r requirements-base.txt
        --hash=sha256:abc
        Sentry_SDK[flask]>=2 ; python_version > "3.8"
        git+https://github.com/acme/lib.git#egg=lib
        ./local-package
        boto3 \\
            --hash=sha256:def
        """;
    assertThat(places(DependencyProbe.parse("requirements-prod.txt", txt))).containsExactly(
        "pypi stripe @2", "pypi Sentry_SDK @5", "pypi boto3 @8");
  }

  @Test
  void pyprojectPep621AndPoetry() throws Exception {
    String toml = """
        [build-system]
        requires = ["hatchling"]

        [project]
        name = "api"
        dependencies = [
          "openai>=1.0",  # the model API
          'anthropic',
        ]
        [project.optional-dependencies]
        mail = ["sendgrid"]

        [tool.poetry.dependencies]
        python = "^3.11"
        posthog = {version = "^3", extras = [
          "sentry"]}

        [tool.poetry.group.dev.dependencies]
        "ddtrace" = "*"
        """;
    assertThat(places(DependencyProbe.parse("pyproject.toml", toml))).containsExactly(
        "pypi openai @7", "pypi anthropic @8", "pypi sendgrid @11", "pypi posthog @15",
        "pypi ddtrace @19");
  }

  @Test
  void pyprojectUnclosedArrayOrHeaderIsMalformed() {
    assertThatThrownBy(() -> DependencyProbe.parse("pyproject.toml",
        "[project]\ndependencies = [\n  \"stripe\",\n"))
        .isInstanceOf(MalformedManifest.class).hasMessageContaining("never closes")
        .satisfies(e -> assertThat(((MalformedManifest) e).line()).isEqualTo(2));
    assertThatThrownBy(() -> DependencyProbe.parse("pyproject.toml", "[project\nname = 'x'\n"))
        .isInstanceOf(MalformedManifest.class).hasMessageContaining("table header");
  }

  @Test
  void goModRequireLinesAndBlocks() throws Exception {
    String mod = """
        module example.com/api

        go 1.22

        require github.com/stripe/stripe-go/v76 v76.25.0
        require (
        \tgithub.com/getsentry/sentry-go v0.27.0 // indirect
        \tgolang.org/x/net v0.20.0
        )
        """;
    assertThat(places(DependencyProbe.parse("go.mod", mod))).containsExactly(
        "go github.com/stripe/stripe-go/v76 @5", "go github.com/getsentry/sentry-go @7",
        "go golang.org/x/net @8");
    assertThatThrownBy(() -> DependencyProbe.parse("go.mod", "require (\n  a/b v1\n"))
        .isInstanceOf(MalformedManifest.class).hasMessageContaining("never closes");
  }

  @Test
  void gemfileGemLines() throws Exception {
    String gemfile = """
        source "https://rubygems.org"
        gem "rails", "~> 7.1"
        gem 'stripe'
          gem("sentry-ruby", require: false)
        # gem "rollbar"
        """;
    assertThat(places(DependencyProbe.parse("Gemfile", gemfile))).containsExactly(
        "gem rails @2", "gem stripe @3", "gem sentry-ruby @4");
  }
}
