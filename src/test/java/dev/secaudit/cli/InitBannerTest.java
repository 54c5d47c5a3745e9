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

/**
 * Version banners and init (blind review 9: nginx sent "Server: nginx/1.22.1" and no check ran,
 * because init wrote no info_leak section and an absent section is not checked). init now
 * proposes the check like the other unclaimed hardening: kept where the site passes, taken back
 * in plain sight where it fails, so the banner is named at the top of the policy.
 */
class InitBannerTest {
  @TempDir Path dir;

  @Test
  void aSiteWithoutABannerKeepsTheCheckAndOneWithABannerIsToldOfIt() throws Exception {
    JsonNode quiet = init("quiet", List.of());
    assertThat(quiet.has("info_leak")).isTrue();
    assertThat(statuses(scan("quiet"), "header.info_leak")).isNotEmpty().containsOnly("PASS");

    JsonNode loud = init("loud", List.<String[]>of(new String[] {"Server", "nginx/1.22.1"}));
    assertThat(loud.has("info_leak")).isFalse();
    String text = Files.readString(dir.resolve("loud.yaml"));
    assertThat(text).contains("#   - header.info_leak [Server]: fail").contains("nginx/1.22.1");
    // Absent, the section is not checked (as docs/policy.md says): the written policy scans as
    // init left it, and asking for the check shows the banner.
    assertThat(statuses(scan("loud"), "header.info_leak")).isEmpty();
    Files.writeString(dir.resolve("loud.yaml"), text + "\ninfo_leak: {}\n");
    assertThat(statuses(scan("loud"), "header.info_leak")).contains("FAIL");
  }

  private JsonNode init(String name, List<String[]> headers) throws Exception {
    Path ca = dir.resolve(name + "-ca.pem");
    Path policy = dir.resolve(name + ".yaml");
    SeedSite site = SeedSite.serve(InitSeedPagesTest.SEEDS.resolve("000_5cbb73946f7cea9d.txt"),
        "Let's Encrypt", headers, ca);
    sites.add(site);
    Cli.Result r = Cli.run("init", "--from", site.url(), "--ca-file", ca.toString(), "-o",
        policy.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    return new ObjectMapper(new YAMLFactory()).readTree(policy.toFile());
  }

  private final List<SeedSite> sites = new ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void stop() {
    sites.forEach(SeedSite::close);
  }

  private JsonNode scan(String name) throws Exception {
    Path out = dir.resolve(name + "-out");
    Cli.Result r = Cli.run("scan", "-p", dir.resolve(name + ".yaml").toString(), "-o",
        out.toString(), "--color", "never");
    assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1);
    return new ObjectMapper().readTree(out.resolve("scan.json").toFile());
  }

  private static List<String> statuses(JsonNode scan, String check) {
    List<String> out = new ArrayList<>();
    scan.get("findings").forEach(f -> {
      if (f.path("check_id").asText().equals(check)) {
        out.add(f.path("status").asText());
      }
    });
    return out;
  }
}
