package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.secaudit.claim.Topic;
import dev.secaudit.claim.Vocabulary;
import dev.secaudit.policy.Globs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'secaudit init' on the seed pages a blind review ran it on: a claim it writes as checked names
 * only checks its topic lists, a vendor's row is no claim, the page's "Partitioned" is in the
 * cookie rule, a vendor "at the edge" is declared with edge: true, and published_at names only a
 * page that lists the vendors.
 */
class InitNoMoreThanThePageTest {
  @TempDir Path dir;

  @Test
  void aPartitionedCookieSentenceSetsPartitioned() throws Exception {
    // The sentence as Klemento's page serves it, in one paragraph (the seed capture breaks it).
    Path page = dir.resolve("page.txt");
    Files.writeString(page, "Sessions\nSession cookies are HTTPS-only, marked SameSite=None;"
        + " Secure; Partitioned (the strictest cross-site cookie flags Chrome supports).\n");
    JsonNode all = init(page).path("cookies");
    assertThat(all.size()).as(all.toString()).isEqualTo(1);
    JsonNode cookie = all.get(0);
    assertThat(cookie.path("partitioned").asBoolean()).as(cookie.toString()).isTrue();
    assertThat(cookie.path("secure").asBoolean()).isTrue();
    assertThat(cookie.path("same_site").asText()).isEqualTo("None");
  }

  private JsonNode init(String seed) throws Exception {
    return init(InitSeedPagesTest.SEEDS.resolve(seed));
  }

  private JsonNode init(Path seed) throws Exception {
    Path ca = dir.resolve("ca.pem");
    try (SeedSite site = SeedSite.serve(seed, "Let's Encrypt",
        List.<String[]>of(new String[] {"Set-Cookie", "session=abc123; Path=/; Secure; HttpOnly"}),
        ca)) {
      Path policy = dir.resolve("policy.yaml");
      Cli.Result r = Cli.run("init", "--from", site.url(), "--ca-file", ca.toString(), "-o",
          policy.toString(), "--force");
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(policy));
    }
  }

  @Test
  void klementosClaimsNameOnlyChecksThatTestThemAndItsCookieIsPartitioned() throws Exception {
    JsonNode p = init("004_7bf3810a9101eb76.txt");
    everyCheckTestsItsTopics(p);
    for (JsonNode c : p.path("claims")) {
      String statement = c.path("statement").asText();
      assertThat(statement).as("at rest is not tested by TLS handshakes")
          .doesNotStartWith("All encrypted at rest with AES-256");
      assertThat(statement).as("a vendor's row is no claim of the site")
          .doesNotStartWith("Cloudflare: hosting");
    }
    // Its Subprocessors section lists them, one a row: that page publishes them.
    assertThat(p.at("/subprocessors/published_at").asText()).endsWith("/security");
  }

  @Test
  void celuneDeclaresCloudflareAtTheEdgeAndPublishesNoListItDoesNotHave() throws Exception {
    JsonNode p = init("003_21ff3f3d3ea54df7.txt");
    everyCheckTestsItsTopics(p);
    JsonNode cloudflare = null;
    for (JsonNode v : p.at("/subprocessors/declared")) {
      if (v.path("name").asText().equals("Cloudflare")) {
        cloudflare = v;
      }
    }
    assertThat(cloudflare).as(p.at("/subprocessors").toString()).isNotNull();
    assertThat(cloudflare.path("edge").asBoolean()).as("'Cloudflare at the edge'").isTrue();
    assertThat(p.at("/subprocessors/published_at").isMissingNode())
        .as("the page names its vendors in prose, it lists none").isTrue();
  }

  private static void everyCheckTestsItsTopics(JsonNode p) {
    Vocabulary vocabulary = Vocabulary.builtIn();
    for (JsonNode c : p.path("claims")) {
      if (!c.has("checks") || !c.has("topic")) {
        continue;
      }
      Topic topic = vocabulary.topic(c.path("topic").asText()).orElseThrow();
      for (JsonNode check : c.path("checks")) {
        if (check.asText().startsWith("/")) {
          // One rule of the policy, by pointer: it must be there, and be a rule of the topic.
          assertThat(p.at(check.asText()).isObject()).as(c.toString()).isTrue();
          assertThat(check.asText()).as(c.toString()).startsWith(
              topic.id().equals("rate_limit") ? "/rate_limits/" : "/" + topic.id() + "/");
          continue;
        }
        assertThat(topic.checks().stream().anyMatch(g -> Globs.matches(g, check.asText())
            || Globs.matches(check.asText(), g))).as(c.toString()).isTrue();
      }
    }
  }
}
