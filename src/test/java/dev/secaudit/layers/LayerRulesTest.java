package dev.secaudit.layers;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of DESIGN.md hold for the product's classes, and each rule fails on the violation
 * it is there for: {@code dev.secaudit.layers.before} holds small copies of the five the code
 * had (probe → check, evidence ↔ report, report → scan, report → the static check catalogue,
 * cli → probe) and of I/O and clock reads in a check.
 */
class LayerRulesTest {
  private static final String PRODUCT = "dev.secaudit";
  private static final String BEFORE = "dev.secaudit.layers.before";

  private static JavaClasses product;
  private static JavaClasses before;

  @BeforeAll
  static void importClasses() {
    product = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(PRODUCT);
    before = new ClassFileImporter().importPackages(BEFORE);
  }

  @Test
  void theProductFollowsTheFlow() {
    LayerRules.flow(PRODUCT).check(product);
  }

  @Test
  void renderersReadOnlyTheResultModel() {
    LayerRules.renderersReadOnlyTheResultModel(PRODUCT).check(product);
  }

  @Test
  void checksDoNoIo() {
    LayerRules.checksDoNoIo(PRODUCT).check(product);
  }

  @Test
  void checksReadNoClock() {
    LayerRules.checksReadNoClock(PRODUCT).check(product);
  }

  @Test
  void noCyclesBetweenPackages() {
    LayerRules.noPackageCycles(PRODUCT).check(product);
  }

  @Test
  void theProductIsWhatTheRulesLookAt() {
    // A rule over no classes passes whatever it says: make sure the import found the code.
    assertThat(product.containPackage(PRODUCT + ".check")).isTrue();
    assertThat(product.containPackage(PRODUCT + ".report")).isTrue();
    assertThat(product.stream().filter(c -> c.getPackageName().startsWith(BEFORE))).isEmpty();
  }

  @Test
  void theFlowCatchesEachOldImport() {
    assertThat(violations(LayerRules.flow(BEFORE))).anySatisfy(v -> assertThat(v)
            .contains("before.probe.RetentionProbe").contains("before.check.Aspect"))
        .anySatisfy(v -> assertThat(v)
            .contains("before.report.ConsoleReport").contains("before.scan.Gate"))
        .anySatisfy(v -> assertThat(v)
            .contains("before.report.SarifReport").contains("before.check.CheckCatalog"))
        .anySatisfy(v -> assertThat(v)
            .contains("before.evidence.Manifest").contains("before.report.ScanJson"))
        .anySatisfy(v -> assertThat(v)
            .contains("before.cli.PageCommand").contains("before.probe.HttpProbe"))
        // init's page reading moved behind scan (SitePageReader): no exception is left.
        .anySatisfy(v -> assertThat(v)
            .contains("before.cli.InitCommand").contains("before.probe.HttpProbe"));
  }

  @Test
  void theRendererRuleCatchesReadsOfScanAndTheCatalogue() {
    assertThat(violations(LayerRules.renderersReadOnlyTheResultModel(BEFORE)))
        .anySatisfy(v -> assertThat(v).contains("ConsoleReport").contains("before.scan.Gate"))
        .anySatisfy(v -> assertThat(v)
            .contains("SarifReport").contains("before.check.CheckCatalog"))
        // The period result is the period report's model.
        .noneSatisfy(v -> assertThat(v).contains("OperatingEffectiveness$Report"));
  }

  @Test
  void theCycleRuleCatchesEvidenceAndReportUsingEachOther() {
    assertThat(violations(LayerRules.noPackageCycles(BEFORE)))
        .anySatisfy(v -> assertThat(v).contains("report").contains("evidence"))
        .anySatisfy(v -> assertThat(v).contains("check").contains("probe"));
  }

  @Test
  void theIoRuleCatchesSocketsFilesAndHttpInACheck() {
    assertThat(violations(LayerRules.checksDoNoIo(BEFORE)))
        .anySatisfy(v -> assertThat(v).contains("java.net.Socket"))
        .anySatisfy(v -> assertThat(v).contains("java.nio.file.Files"))
        .anySatisfy(v -> assertThat(v).contains("java.io.FileInputStream"))
        .anySatisfy(v -> assertThat(v).contains("okhttp3.OkHttpClient"))
        .noneSatisfy(v -> assertThat(v).contains("java.net.URI>"));
  }

  @Test
  void theClockRuleCatchesInstantNow() {
    assertThat(violations(LayerRules.checksReadNoClock(BEFORE)))
        .anySatisfy(v -> assertThat(v).contains("Instant.now()"));
  }

  private static List<String> violations(ArchRule rule) {
    EvaluationResult result = rule.evaluate(before);
    assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
    return result.getFailureReport().getDetails();
  }
}
