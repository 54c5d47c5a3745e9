package dev.secaudit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'secaudit init' writes the page's claims as the page says them, on the pages a blind review
 * (founder19) served: a window counted from a customer's event is no file age, a limit on reads
 * is probed with GET, a gap the page states is written as a gap, a number the page commits to is
 * kept, two vendor lists that disagree say so and are checked against the published one, and a
 * page that is not there is an error.
 */
class InitAsThePageSaysTest {
  @TempDir Path dir;
  private WireMockServer site;

  @BeforeEach
  void start() {
    site = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    site.start();
  }

  @AfterEach
  void stop() {
    site.stop();
  }

  private void serve(String path, String resource) throws Exception {
    String body;
    try (var in = getClass().getResourceAsStream("/starter/founder19/" + resource)) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    site.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html; charset=utf-8").withBody(body)));
  }

  private Cli.Result init(Path policy) {
    return Cli.run("init", "--from", "http://127.0.0.1:" + site.port() + "/security", "-o",
        policy.toString());
  }

  private static JsonNode read(Path policy) throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(policy));
  }

  private static JsonNode claim(JsonNode policy, String statementStart) {
    for (JsonNode c : policy.path("claims")) {
      if (c.path("statement").asText().startsWith(statementStart)) {
        return c;
      }
    }
    return null;
  }

  /** The commented attestations of the draft, by statement. */
  private static List<String> attestations(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("#     statement: ")) {
        out.add(line.substring("#     statement: ".length()));
      }
    }
    return out;
  }

  /** The topic a commented attestation names, the line after its statement. */
  private static String attestedTopic(String text, String statementStart) {
    String[] lines = text.split("\n");
    for (int i = 0; i + 1 < lines.length; i++) {
      if (lines[i].startsWith("#     statement: \"" + statementStart)
          && lines[i + 1].startsWith("#     topic: ")) {
        return lines[i + 1].substring("#     topic: ".length());
      }
    }
    return "";
  }

  @Test
  void celunesClosureWindowIsNoFileAgeReadsAreGetAndItsTwoVendorListsDisagreeAloud()
      throws Exception {
    serve("/security", "celune-security.html");
    serve("/privacy", "celune-privacy.html");
    serve("/subprocessors", "celune-subprocessors.html");
    Path policy = dir.resolve("celune.yaml");
    Cli.Result r = init(policy);
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    String text = Files.readString(policy);
    JsonNode p = read(policy);

    // "deleted within 30 days of account closure": an active account's file is not late.
    for (JsonNode rule : p.path("retention")) {
      assertThat(rule.path("description").asText()).as(rule.toString())
          .doesNotContain("closure");
    }
    assertThat(claim(p, "Account data is deleted")).as("no checked claim").isNull();
    assertThat(attestations(text))
        .contains("\"Account data is deleted within 30 days of account closure.\"");
    assertThat(text).contains("its window starts at an event ('days of account closure')");
    // The 90-day log window starts with the log: still a file age, checked.
    assertThat(p.at("/retention/0/max_age").asText()).isEqualTo("90d");

    Map<Long, String> methods = new java.util.HashMap<>();
    for (JsonNode limit : p.path("rate_limits")) {
      methods.put(limit.path("limit").asLong(), limit.at("/request/method").asText());
    }
    assertThat(methods).as("read 60, write 30, sign-in 10 a minute")
        .containsEntry(60L, "GET").containsEntry(30L, "POST").containsEntry(10L, "POST");

    // /security's table has Sentry, not OpenAI; /subprocessors the reverse. The list page is
    // where they are published, and the draft names each vendor the lists disagree on.
    assertThat(p.at("/subprocessors/published_at").asText()).endsWith("/subprocessors");
    String base = "http://127.0.0.1:" + site.port();
    assertThat(text).contains("# The pages' vendor lists disagree")
        .contains("#   - Sentry: listed on " + base + "/security; not on " + base
            + "/subprocessors")
        .contains("#   - OpenAI: listed on " + base + "/subprocessors; not on " + base
            + "/security");
    assertThat(text).doesNotContain("#   - Supabase:");
    // The first scan fails where the pages disagree: Sentry is declared but not published.
    assertThat(r.out()).contains("subprocessors.").contains("Sentry");
  }

  @Test
  void chatsControlsStatedGapsAreGapsAndItsNumbersAreKept() throws Exception {
    serve("/security", "chats-security.html");
    Path policy = dir.resolve("chats.yaml");
    Cli.Result r = init(policy);
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    String text = Files.readString(policy);
    JsonNode p = read(policy);

    String[][] gaps = {
        {"Disk encryption at rest: Hetzner server disks are not encrypted", "encryption.at_rest"},
        {"Automated backups: not configured yet.", "backups"},
        {"SOC 2 / ISO 27001: no formal certification", "certification.soc2"},
        {"External penetration test: not yet performed.", "pentest"},
        {"Bug bounty: no formal program", null}};
    List<String> attest = attestations(text);
    for (String[] gap : gaps) {
      JsonNode c = claim(p, gap[0]);
      assertThat(c).as(gap[0] + " in " + p.path("claims")).isNotNull();
      assertThat(c.path("polarity").asText()).as(c.toString()).isEqualTo("not_in_place");
      assertThat(c.has("attest")).isFalse();
      if (gap[1] != null) {
        assertThat(c.path("topic").asText()).as(c.toString()).isEqualTo(gap[1]);
      }
      assertThat(attest).as("never offered to attest").noneMatch(s -> s.contains(gap[0]));
    }
    // The one sentence states two gaps: each is a claim on its own topic.
    List<String> certified = new ArrayList<>();
    for (JsonNode c : p.path("claims")) {
      if (c.path("statement").asText().startsWith("SOC 2 / ISO 27001")) {
        certified.add(c.path("topic").asText() + " " + c.path("polarity").asText());
      }
    }
    assertThat(certified).containsExactlyInAnyOrder("certification.soc2 not_in_place",
        "certification.iso27001 not_in_place");

    // Numbers the page commits to are attestations with the number, not context.
    assertThat(attest).contains("\"Security updates to libraries are applied at least monthly.\"")
        .contains("\"We respond within 48 hours and fix critical issues as quickly as possible.\"");
    // Each under the topic that reads its number (claims20: before, no topic read them, and init
    // named the number it kept, "it states 'at least monthly'").
    assertThat(attestedTopic(text, "Security updates to libraries")).isEqualTo("patching");
    assertThat(attestedTopic(text, "We respond within 48 hours"))
        .isEqualTo("disclosure.response");
    String context = text.substring(text.indexOf("# Pages read"));
    context = context.substring(0, context.indexOf("# Claims only a person can attest"));
    assertThat(context).doesNotContain("at least monthly").doesNotContain("within 48 hours");

    Cli.Result validate = Cli.run("validate", policy.toString());
    assertThat(validate.code()).as(validate.out() + validate.err()).isZero();
  }

  @Test
  void aPageThatIsNotThereIsAnErrorNamingItsStatus() {
    site.stubFor(get(urlEqualTo("/nope")).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "text/html").withBody("<p>not found</p>")));
    Path policy = dir.resolve("nope.yaml");
    String url = "http://127.0.0.1:" + site.port() + "/nope";
    Cli.Result r = Cli.run("init", "--from", url, "-o", policy.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.err()).contains(url).contains("HTTP 404").contains("nothing written");
    assertThat(r.out()).doesNotContain("falls short");
    assertThat(Files.exists(policy)).isFalse();
  }
}
