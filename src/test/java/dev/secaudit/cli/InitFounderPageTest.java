package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 'secaudit init' on a founder's own page (src/test/resources/starter/ledgerly-security.html,
 * served on loopback with the version banner their server sent) and on the seed pages: what a
 * fresh-eyes founder found wrong in the policy it wrote.
 */
class InitFounderPageTest {
  private static final String FOUNDER = "../starter/ledgerly-security.html";
  @TempDir Path dir;

  private record Run(Path policy, String text, JsonNode tree, String out) {}

  private Run init(String seed) throws Exception {
    return init(seed, false);
  }

  /** @param scan also scan the site with the policy written, into dir/out, while it is served */
  private Run init(String seed, boolean scan) throws Exception {
    Path ca = dir.resolve("ca.pem");
    try (SeedSite site = SeedSite.serve(InitSeedPagesTest.SEEDS.resolve(seed).normalize(),
        "Let's Encrypt", List.of(new String[] {"Server", "nginx/1.22.1"},
            new String[] {"Set-Cookie", "session=abc123; Path=/; Secure; HttpOnly; SameSite=Lax"}),
        ca)) {
      Path policy = dir.resolve("policy.yaml");
      Cli.Result r = Cli.run("init", "--from", site.url(), "--ca-file", ca.toString(), "-o",
          policy.toString(), "--force");
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      String text = Files.readString(policy);
      if (scan) {
        Cli.Result s = Cli.run("scan", "-p", policy.toString(), "-o",
            dir.resolve("out").toString(), "--color", "never");
        assertThat(s.code()).as(s.out() + s.err()).isIn(0, 1);
      }
      return new Run(policy, text, new ObjectMapper(new YAMLFactory()).readTree(text),
          r.out() + r.err());
    }
  }

  /** A claim written with checks is one validate reads whole, or it is left to attest. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"000_5cbb73946f7cea9d.txt", "001_2ca0895c8e1ed8b9.txt",
      "002_e17f9345a6006457.txt", "003_21ff3f3d3ea54df7.txt", "004_7bf3810a9101eb76.txt",
      FOUNDER})
  void everyClaimInitWritesIsOneValidateTakesWhole(String seed) throws Exception {
    Run run = init(seed);
    Cli.Result v = Cli.run("validate", run.policy().toString());
    assertThat(v.code()).as(v.out() + v.err()).isZero();
    assertThat(v.out()).as(v.out()).doesNotContain("warning: ");
    // The one exception: a gap the page labels with words no topic reads ("Bug bounty: no
    // formal program" under "What we don't have yet") is still the page's gap, written as one.
    for (String line : v.out().lines().filter(l -> l.contains("read only in part")).toList()) {
      String id = line.replaceAll(".*: claim (\\S+): .*", "$1");
      JsonNode claim = null;
      for (JsonNode c : run.tree().path("claims")) {
        claim = c.path("id").asText().equals(id) ? c : claim;
      }
      assertThat(claim).as(line).isNotNull();
      assertThat(claim.path("polarity").asText("in_place")).as(line).isNotEqualTo("in_place");
      assertThat(claim.has("topic") || claim.has("checks")).as(line).isFalse();
    }
    for (JsonNode c : run.tree().path("claims")) {
      assertThat(c.has("checks") || !c.path("polarity").asText("in_place").equals("in_place"))
          .as(c.toString()).isTrue();
    }
    // Every commented attestation says why it is not checked.
    List<String> lines = run.text().lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("#     statement: ") && i + 2 < lines.size()
          && lines.get(i + 1).startsWith("#     topic: ")) {
        assertThat(lines.get(i + 2)).as(lines.get(i)).startsWith("#     # stated on ");
      }
    }
  }

  @Test
  void theFoundersPartlyReadSentencesAreAttestationsSayingWhy() throws Exception {
    Run run = init(FOUNDER);
    List<String> checked = statements(run.tree());
    assertThat(checked).as("'two engineers' is no SSH key")
        .doesNotContain("Production access is limited to our two engineers, via SSH keys only.");
    String ssh = after(run.text(), "Production access is limited to our two engineers");
    // The reason is the part the founder acts on: whole, over as many comment lines as it takes.
    assertThat(ssh.replace("\n#     # ", " ")).contains("only in part").contains("'two'")
        .contains("attest it, or reword it to what the rules test").doesNotContain("...");
    // Its rule still runs once its path is filled in.
    assertThat(run.tree().at("/ssh/password_authentication").asBoolean(true)).isFalse();
  }

  @Test
  void aVersionBannerSentenceIsTheInfoLeakRuleAndTheScanFailsIt() throws Exception {
    Run run = init(FOUNDER, true);
    String sentence = "Our server does not reveal its software version in response headers.";
    JsonNode claim = claim(run.tree(), sentence);
    assertThat(claim).as(run.text()).isNotNull();
    assertThat(claim.path("checks").toString()).contains("header.info_leak");
    assertThat(run.tree().has("info_leak")).as(run.text()).isTrue();
    assertThat(run.out()).contains("header.info_leak");
    JsonNode json = new ObjectMapper().readTree(dir.resolve("out/scan.json").toFile());
    List<String> leaks = new ArrayList<>();
    json.get("findings").forEach(f -> {
      if (f.path("check_id").asText().equals("header.info_leak")) {
        leaks.add(f.path("status").asText());
      }
    });
    assertThat(leaks).as(json.get("findings").toString()).contains("FAIL");
  }

  @Test
  void aRetentionCountedFromAnEventIsAnAttestationSayingWhy() throws Exception {
    Run run = init(FOUNDER);
    String sentence = "When you close your account, your data is deleted within 90 days.";
    assertThat(run.text()).contains(sentence);
    assertThat(after(run.text(), sentence)).contains("account");
    assertThat(statements(run.tree())).doesNotContain(sentence);
    run.tree().path("retention").forEach(r -> assertThat(r.path("max_age").asText())
        .isNotEqualTo("90d"));
  }

  @Test
  void theVendorTablesPurposeAndLocationAreDeclared() throws Exception {
    Run run = init(FOUNDER);
    JsonNode hetzner = null;
    for (JsonNode v : run.tree().at("/subprocessors/declared")) {
      if (v.path("name").asText().equals("Hetzner")) {
        hetzner = v;
      }
    }
    assertThat(hetzner).as(run.text()).isNotNull();
    assertThat(hetzner.path("purpose").asText()).isEqualTo("Hosting and database");
    assertThat(hetzner.path("location").asText()).isEqualTo("Germany");
  }

  @Test
  void thePagesInitReadAndThePathsTheyNameAreProbed() throws Exception {
    Run run = init(FOUNDER);
    List<String> paths = new ArrayList<>();
    run.tree().at("/targets/0/paths").forEach(p -> paths.add(p.asText()));
    assertThat(paths).as(run.text()).contains("/", "/security", "/login");
    assertThat(paths).allMatch(p -> p.startsWith("/")).hasSizeLessThanOrEqualTo(8);
  }

  @Test
  void onAPortWithoutAPlainHttpTwinNoClaimWaitsOnTheRedirect() throws Exception {
    Run run = init(FOUNDER);
    for (JsonNode c : run.tree().path("claims")) {
      assertThat(c.path("checks").toString()).as(c.toString()).doesNotContain("https.redirect");
    }
  }

  private static List<String> statements(JsonNode tree) {
    List<String> out = new ArrayList<>();
    tree.path("claims").forEach(c -> out.add(c.path("statement").asText()));
    return out;
  }

  private static JsonNode claim(JsonNode tree, String statement) {
    for (JsonNode c : tree.path("claims")) {
      if (c.path("statement").asText().equals(statement)) {
        return c;
      }
    }
    return null;
  }

  /** The commented lines after a sentence, up to the next entry. */
  private static String after(String text, String sentence) {
    int at = text.indexOf(sentence);
    assertThat(at).as(text).isNotNegative();
    int next = text.indexOf("#   - id:", at);
    return text.substring(at, next < 0 ? text.length() : next);
  }
}
