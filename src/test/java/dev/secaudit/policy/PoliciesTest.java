package dev.secaudit.policy;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.model.Mapping;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example policies under policies/ are what users copy first, so each must load exactly as a
 * user's own file would. The seed policies (the five real security pages listed in docs/seeds.md)
 * are held to more: their claims, their header comment and the review table must agree.
 */
class PoliciesTest {
  private static final Path POLICIES = Path.of("policies");
  private static final Path SEEDS_DOC = Path.of("docs", "seeds.md");

  /** The topics questionnaires and the security page group claims by. */
  static final Set<String> CATEGORIES = Set.of("encryption", "authentication", "access-control",
      "network", "application-security", "logging-monitoring", "data-retention",
      "data-protection", "backups", "vendors", "incident-response", "vulnerability-management",
      "change-management", "compliance", "privacy");

  /** The header line after which a seed policy lists its attested claims that will be probed. */
  static final String LATER_PROBED = "# Attested; how each could be checked:";

  private static final Pattern LISTED_ID = Pattern.compile("^#\\s+-\\s+([A-Za-z0-9][A-Za-z0-9._-]*)\\b");
  private static final Pattern DOC_SECTION = Pattern.compile("(?m)^## .*`(policies/[^`]+\\.yaml)`.*$");
  private static final Pattern DOC_CLAIM_REF = Pattern.compile("claim `([^`]+)`");

  static Stream<Path> policyFiles() throws IOException {
    try (Stream<Path> files = Files.list(POLICIES)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  static Stream<Path> seedPolicies() throws IOException {
    return seedSections().keySet().stream();
  }

  private static Policy load(Path file) {
    // The loader also rejects a claim mapped to a requirement id the catalogues do not list.
    // Credentials of the active probes come from ${env:}; a placeholder stands in for each.
    return new PolicyLoader(name -> "placeholder-" + name, StandardChecks.catalog().ids(),
        dev.secaudit.compliance.FrameworkCatalog.requirementIds()).load(file).policy();
  }

  @Test
  void policiesDirectoryHoldsTheSeedPolicies() throws IOException {
    Set<Path> present = new LinkedHashSet<>(policyFiles().toList());
    assertThat(seedSections().keySet()).isNotEmpty().allSatisfy(p -> assertThat(present).contains(p));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policyFiles")
  void everyPolicyLoadsWithUniqueCategorisedClaims(Path file) {
    Policy policy = load(file);

    List<String> ids = policy.claims().stream().map(Claim::id).toList();
    assertThat(ids).as("claim ids in %s", file).doesNotHaveDuplicates();
    assertThat(policy.claims()).as("claims in %s", file).allSatisfy(c ->
        assertThat(c.category()).as("category of claim %s", c.id()).isIn(CATEGORIES));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("seedPolicies")
  void seedClaimsAreAttestedOrChecked(Path file) {
    Policy policy = load(file);
    Set<String> hosts = new LinkedHashSet<>();
    policy.targets().forEach(t -> hosts.add(URI.create(t.url()).getHost()));

    assertThat(policy.targets()).as("targets in %s", file).isNotEmpty();
    assertThat(policy.claims()).as("claims in %s", file).isNotEmpty().allSatisfy(c -> {
      assertThat(c.statement()).as("statement of %s", c.id()).isNotBlank();
      assertThat(c.attest() != null || !c.checks().isEmpty())
          .as("%s is attested or verified by checks", c.id()).isTrue();
      if (c.attest() != null) {
        Claim.Attestation a = c.attest();
        assertThat(a.evidence()).as("evidence of %s", c.id()).isNotEmpty();
        String domain = a.owner().substring(a.owner().indexOf('@') + 1);
        assertThat(hosts).as("owner %s of %s belongs to a target's domain", a.owner(), c.id())
            .anyMatch(h -> h.equals(domain) || h.endsWith("." + domain));
      }
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("seedPolicies")
  void seedClaimChecksRunBecauseTheirSectionIsConfigured(Path file) {
    Policy policy = load(file);
    Map<String, Predicate<Policy>> sections = new LinkedHashMap<>();
    sections.put("tls.", p -> p.tls() != null);
    sections.put("repo.", p -> !p.repositories().isEmpty());
    sections.put("data.personal_data", p -> !p.dataHygiene().isEmpty());
    sections.put("data.secrets", p -> !p.dataHygiene().isEmpty());
    sections.put("https.", p -> p.https() != null);
    sections.put("hsts.", p -> p.hsts() != null);
    sections.put("csp.", p -> p.csp() != null);
    sections.put("header.rule", p -> !p.headers().isEmpty());
    sections.put("header.info_leak", p -> p.infoLeak() != null);
    sections.put("header.framing", p -> p.framing() != null);
    sections.put("cors.", p -> p.cors() != null);
    sections.put("cookie.", p -> p.cookies() != null && !p.cookies().isEmpty());
    sections.put("security_txt.", p -> p.securityTxt() != null);
    sections.put("ratelimit.", p -> !p.rateLimits().isEmpty());
    sections.put("subprocessors.", p -> p.subprocessors() != null);
    for (String flowCheck : List.of("flow.", "session.lifetime", "jwt.", "token.", "request.")) {
      sections.put(flowCheck, p -> !p.flows().isEmpty());
    }

    for (Claim c : policy.claims()) {
      for (String glob : c.checks()) {
        String regex = Globs.toRegex(glob);
        List<String> matched = StandardChecks.catalog().ids().stream().filter(id -> id.matches(regex)).toList();
        assertThat(matched).as("checks of %s", c.id()).isNotEmpty();
        for (String id : matched) {
          sections.forEach((prefix, configured) -> {
            if (id.startsWith(prefix)) {
              assertThat(configured.test(policy))
                  .as("claim %s relies on %s, whose policy section is missing", c.id(), id).isTrue();
            }
          });
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("seedPolicies")
  void headerListsOnlyClaimsThePolicyHas(Path file) throws IOException {
    List<String> listed = laterProbedIds(file);
    Set<String> ids = new LinkedHashSet<>(load(file).claims().stream().map(Claim::id).toList());

    assertThat(listed).as("claims listed under '%s' in %s", LATER_PROBED, file).isNotEmpty()
        .doesNotHaveDuplicates().allSatisfy(id -> assertThat(ids).contains(id));
    assertThat(load(file).claims()).filteredOn(c -> listed.contains(c.id()))
        .as("claims to be probed later are attested until then")
        .allSatisfy(c -> assertThat(c.attest()).isNotNull());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("seedPolicies")
  void reviewTableCoversEveryClaimAndNamesNoOther(Path file) throws IOException {
    String section = seedSections().get(file);
    Set<String> referenced = new LinkedHashSet<>();
    Matcher m = DOC_CLAIM_REF.matcher(section);
    while (m.find()) {
      referenced.add(m.group(1));
    }
    Set<String> ids = new LinkedHashSet<>(load(file).claims().stream().map(Claim::id).toList());

    assertThat(referenced).as("claims named in docs/seeds.md for %s", file).isSubsetOf(ids);
    assertThat(ids).as("claims of %s missing from docs/seeds.md", file).isSubsetOf(referenced);
  }

  /** The ids listed in the header comment under {@link #LATER_PROBED}, up to the first blank line. */
  private static List<String> laterProbedIds(Path file) throws IOException {
    List<String> ids = new ArrayList<>();
    boolean inList = false;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.startsWith("#")) {
        break;
      }
      if (line.strip().equals(LATER_PROBED)) {
        inList = true;
        continue;
      }
      if (inList) {
        if (line.strip().equals("#")) {
          break;
        }
        Matcher m = LISTED_ID.matcher(line);
        if (m.find()) {
          ids.add(m.group(1));
        }
      }
    }
    return ids;
  }

  /** docs/seeds.md split into one section per policy, keyed by the policy file it names. */
  private static Map<Path, String> seedSections() throws IOException {
    String doc = Files.readString(SEEDS_DOC, StandardCharsets.UTF_8);
    Map<Path, String> sections = new LinkedHashMap<>();
    Matcher m = DOC_SECTION.matcher(doc);
    List<int[]> starts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    while (m.find()) {
      starts.add(new int[] {m.start(), m.end()});
      names.add(m.group(1));
    }
    for (int i = 0; i < starts.size(); i++) {
      int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : doc.length();
      int nextHeading = doc.indexOf("\n## ", starts.get(i)[1]);
      if (nextHeading >= 0 && nextHeading < end) {
        end = nextHeading;
      }
      sections.put(Path.of(names.get(i)), doc.substring(starts.get(i)[1], end));
    }
    return sections;
  }
}
