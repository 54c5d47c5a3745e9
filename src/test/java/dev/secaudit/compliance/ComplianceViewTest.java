package dev.secaudit.compliance;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanResult.ClaimRecord;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ComplianceViewTest {
  private static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");

  /** A finding as CheckContext builds it: title, severity and mappings from the catalog. */
  private static Finding finding(String checkId, String target, Status status) {
    CheckInfo info = StandardChecks.catalog().get(checkId);
    return new Finding(checkId, target, "", status, info.severity(), info.title(), "expected",
        "observed", List.of("a1"), T0, info.mappings(), info.remediation(), "", 0, null);
  }

  private static Finding mappedTo(String mapping, Status status) {
    return new Finding("hsts.header", "app", mapping, status, Severity.HIGH, "t", "", "",
        List.of(), T0, List.of(Mapping.parse(mapping)), "", "", 0, null);
  }

  private static ClaimRecord claim(String id, String... mappings) {
    return new ClaimRecord(id, "statement of " + id, "access", List.of(),
        Arrays.stream(mappings).map(Mapping::parse).toList(), "cto@acme.test", "2026-10-01",
        List.of("https://acme.test/evidence/" + id));
  }

  private static ScanResult scan(List<Finding> findings, List<ClaimRecord> claims) {
    RunInfo run = new RunInfo("run-1", "secaudit", "0.1.0", T0, T0.plusSeconds(3), "policy.yaml",
        "acme", "00", List.of("secaudit", "scan"), "high", List.of("soc2"));
    return new ScanResult(ScanResult.SCHEMA, run,
        List.of(new TargetState("app", "https://app.acme.test", TargetState.State.EVALUATED, "")),
        findings, List.of(), claims);
  }

  private static Map<String, RequirementStatus> byId(List<RequirementStatus> rows) {
    return rows.stream()
        .collect(Collectors.toMap(r -> r.requirement().id(), Function.identity()));
  }

  @Test
  void everySoc2CriterionGetsARowWithItsFindingsAndClaims() {
    Framework soc2 = FrameworkCatalog.get("soc2");
    Finding hstsFail = finding("hsts.header", "app", Status.FAIL);
    Finding maxAgePass = finding("hsts.max_age", "app", Status.PASS);
    Finding cookieSkipped = finding("cookie.secure", "app", Status.SKIPPED);
    Finding securityTxtWarn = finding("security_txt.present", "app", Status.WARN);
    ClaimRecord hashing = claim("passwords.hashing", "soc2:CC6.1", "soc2:CC6.2");

    List<RequirementStatus> rows = ComplianceView.of(soc2,
        scan(List.of(hstsFail, maxAgePass, cookieSkipped, securityTxtWarn), List.of(hashing)));
    Map<String, RequirementStatus> row = byId(rows);

    assertThat(rows).extracting(RequirementStatus::requirement)
        .containsExactlyElementsOf(soc2.requirements());
    // Both HSTS checks and cookie.secure (a cookie kept off plain HTTP) map to CC6.7: the
    // failure decides, and scan order is kept.
    assertThat(row.get("CC6.7").coverage()).isEqualTo(Coverage.AUTOMATED);
    assertThat(row.get("CC6.7").status()).isEqualTo(Status.FAIL);
    assertThat(row.get("CC6.7").findings()).containsExactly(hstsFail, maxAgePass, cookieSkipped);
    assertThat(row.get("CC6.7").claims()).isEmpty();
    // A skipped check observed nothing, so the attested claim is what covers CC6.1.
    assertThat(row.get("CC6.1").coverage()).isEqualTo(Coverage.ATTESTED);
    assertThat(row.get("CC6.1").status()).isEqualTo(Status.SKIPPED);
    assertThat(row.get("CC6.1").findings()).containsExactly(cookieSkipped);
    assertThat(row.get("CC6.1").claims()).containsExactly(hashing);
    assertThat(row.get("CC6.2").coverage()).isEqualTo(Coverage.ATTESTED);
    assertThat(row.get("CC6.2").status()).isEqualTo(Status.MANUAL);
    assertThat(row.get("CC2.3").coverage()).isEqualTo(Coverage.AUTOMATED);
    assertThat(row.get("CC2.3").status()).isEqualTo(Status.WARN);
    // A published contact is not the evaluation of events: security.txt is not CC7.3's.
    assertThat(row.get("CC7.3").findings()).isEmpty();
    assertThat(row.get("CC1.1").coverage()).isEqualTo(Coverage.MANUAL);
    assertThat(row.get("CC1.1").status()).isEqualTo(Status.MANUAL);
    assertThat(row.get("CC1.1").findings()).isEmpty();
  }

  @Test
  void everyFindingAppearsUnderEachRequirementItIsMappedTo() {
    List<Finding> findings = StandardChecks.catalog().ids().stream()
        .map(id -> finding(id, "app", Status.PASS)).toList();
    ScanResult scan = scan(findings, List.of());

    for (Framework framework : FrameworkCatalog.all()) {
      Map<String, RequirementStatus> row = byId(ComplianceView.of(framework, scan));
      for (Finding f : findings) {
        for (Mapping m : f.mappings()) {
          if (m.framework().equals(framework.id())) {
            assertThat(row.get(m.requirement()).findings()).as("%s under %s", f.checkId(), m)
                .contains(f);
          }
        }
      }
      row.values().forEach(r -> r.findings().forEach(f -> assertThat(f.mappings())
          .contains(new Mapping(framework.id(), r.requirement().id()))));
    }
  }

  @Test
  void worstStatusFollowsTheEnumOrderForEveryPair() {
    Framework framework = new Framework("x", "X", "1", "test",
        List.of(new Framework.Requirement("R1", "one", "area")));
    for (Status a : Status.values()) {
      for (Status b : Status.values()) {
        RequirementStatus row = ComplianceView.of(framework,
            scan(List.of(mappedTo("x:R1", a), mappedTo("x:R1", b)), List.of())).get(0);

        // The worst of those that judged something; one that judged nothing (INFO, SKIPPED,
        // NOT_APPLICABLE) is a note beside a judged one, and decides only when both are such.
        boolean aJudged = ComplianceView.rollsUp(a);
        boolean bJudged = ComplianceView.rollsUp(b);
        Status worst = aJudged && !bJudged ? a : bJudged && !aJudged ? b
            : a.ordinal() <= b.ordinal() ? a : b;
        assertThat(row.status()).as("worst of %s and %s", a, b).isEqualTo(worst);
        Status aside = aJudged && !bJudged ? b : bJudged && !aJudged ? a : null;
        assertThat(row.asides()).as("asides of %s and %s", a, b)
            .isEqualTo(aside == null ? "" : "1 " + aside.words() + " (hsts.header)");
        boolean onlySkipped = a == Status.SKIPPED && b == Status.SKIPPED;
        assertThat(row.coverage()).as("coverage of %s and %s", a, b)
            .isEqualTo(onlySkipped ? Coverage.MANUAL : Coverage.AUTOMATED);
      }
    }
  }

  @Test
  void aPassRowSaysWhatItRestsOnAndListsWhatDidNotApplyBesideIt() {
    // reports25 LOW 11: a row whose checks passed read INFO because of one informational
    // finding; and a bare PASS over one check read as the requirement met.
    Framework framework = new Framework("x", "X", "1", "test",
        List.of(new Framework.Requirement("R1", "one", "area")));
    Finding pass = new Finding("hsts.max_age", "app", "", Status.PASS, Severity.HIGH, "t", "",
        "", List.of(), T0, List.of(Mapping.parse("x:R1")), "", "", 0, null);
    Finding na = new Finding("tls.dh_params", "app", "DHE parameters", Status.NOT_APPLICABLE,
        Severity.HIGH, "t", "", "no finite-field DHE suite accepted", List.of(), T0,
        List.of(Mapping.parse("x:R1")), "", "", 0, null);
    Finding info = new Finding("tls.grade", "app", "", Status.INFO, Severity.INFO, "t", "", "A",
        List.of(), T0, List.of(Mapping.parse("x:R1")), "", "", 0, null);
    RequirementStatus row = ComplianceView.of(framework,
        scan(List.of(pass, na, info), List.of())).get(0);
    assertThat(row.status()).isEqualTo(Status.PASS);
    assertThat(row.basis()).isEqualTo("on 1 check: hsts.max_age");
    assertThat(row.asides()).isEqualTo("1 info (tls.grade); 1 not applicable (tls.dh_params)");
    // Nothing but a rule that did not apply: the row says so, and rests on nothing.
    RequirementStatus alone = ComplianceView.of(framework, scan(List.of(na), List.of())).get(0);
    assertThat(alone.status()).isEqualTo(Status.NOT_APPLICABLE);
    assertThat(alone.basis()).isEmpty();
  }

  @Test
  void aWaivedFindingStillCountsAsAutomatedEvidence() {
    Finding waived = finding("cookie.secure", "app", Status.FAIL)
        .waived(new Finding.Waiver("W-1", "legacy widget", "ciso@acme.test", "2027-01-01"));

    RequirementStatus cc61 = byId(ComplianceView.of(FrameworkCatalog.get("soc2"),
        scan(List.of(waived), List.of()))).get("CC6.1");

    assertThat(cc61.coverage()).isEqualTo(Coverage.AUTOMATED);
    assertThat(cc61.status()).isEqualTo(Status.WAIVED);
  }

  @Test
  void mappingsMatchExactlyNeitherParentArticleNorOtherFramework() {
    Framework gdpr = FrameworkCatalog.get("gdpr");
    Finding wholeArticle = mappedTo("gdpr:32", Status.FAIL);
    Finding otherFramework = mappedTo("soc2:32(1)(a)", Status.FAIL);
    Finding exact = mappedTo("gdpr:32(1)(a)", Status.PASS);
    ClaimRecord articleClaim = claim("encryption.at_rest", "gdpr:32");

    Map<String, RequirementStatus> row = byId(ComplianceView.of(gdpr,
        scan(List.of(wholeArticle, otherFramework, exact), List.of(articleClaim))));

    assertThat(row.get("32(1)(a)").findings()).containsExactly(exact);
    assertThat(row.get("32(1)(a)").status()).isEqualTo(Status.PASS);
    assertThat(row.get("32(1)(a)").claims()).isEmpty();
    for (String point : List.of("32(1)(b)", "32(1)(c)", "32(1)(d)", "32(2)")) {
      assertThat(row.get(point).coverage()).as(point).isEqualTo(Coverage.MANUAL);
      assertThat(row.get(point).findings()).as(point).isEmpty();
    }
  }

  @Test
  void anEmptyScanLeavesEveryRequirementManual() {
    for (Framework framework : FrameworkCatalog.all()) {
      List<RequirementStatus> rows = ComplianceView.of(framework, scan(List.of(), List.of()));

      assertThat(rows).hasSameSizeAs(framework.requirements()).allSatisfy(r -> {
        assertThat(r.coverage()).isEqualTo(Coverage.MANUAL);
        assertThat(r.status()).isEqualTo(Status.MANUAL);
      });
    }
  }
}
