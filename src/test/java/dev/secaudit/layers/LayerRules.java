package dev.secaudit.layers;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.regex.Pattern;

/**
 * The import rules of the flow in DESIGN.md, for the classes under {@code root}: the product's
 * ({@code dev.secaudit}) in LayerRulesTest, and a copy of the violations the code once had
 * ({@code dev.secaudit.layers.before}) to show that each rule catches them.
 *
 * <pre>
 *   cli ──▶ scan ──▶ probe ──▶ model          report ──▶ model (+ compliance data,
 *            │  └──▶ check ─┘   ▲                        the period result of evidence)
 *            └────────────────▶ policy
 * </pre>
 */
final class LayerRules {
  private LayerRules() {}

  /** Who may use whom: cli → scan → probe / check → model, renderers above the result model. */
  static ArchRule flow(String root) {
    return layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("cli").definedBy(root + ".cli..")
        .layer("scan").definedBy(root + ".scan..")
        .layer("probe").definedBy(root + ".probe..")
        .layer("check").definedBy(root + ".check..")
        .layer("report").definedBy(root + ".report..")
        .layer("evidence").definedBy(root + ".evidence..")
        .layer("compliance").definedBy(root + ".compliance..")
        .layer("claim").definedBy(root + ".claim..")
        .layer("questionnaire").definedBy(root + ".questionnaire..")
        .layer("starter").definedBy(root + ".starter..")
        .layer("demo").definedBy(root + ".demo..")
        .layer("policy").definedBy(root + ".policy..")
        .layer("model").definedBy(root + ".model..")
        .whereLayer("cli").mayNotBeAccessedByAnyLayer()
        .whereLayer("scan").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("report").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("evidence").mayOnlyBeAccessedByLayers("cli", "report")
        .whereLayer("starter").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("questionnaire").mayOnlyBeAccessedByLayers("cli", "starter")
        .whereLayer("demo").mayOnlyBeAccessedByLayers("cli")
        // Checks are run by the scan; cli lists them (secaudit checks) and wires them in.
        .whereLayer("check").mayOnlyBeAccessedByLayers("scan", "cli")
        // Observations are read by checks and by init's page reading (starter).
        .whereLayer("probe").mayOnlyBeAccessedByLayers("scan", "check", "starter")
        .whereLayer("probe").mayOnlyAccessLayers("policy", "model")
        .whereLayer("check").mayOnlyAccessLayers("probe", "policy", "claim", "model")
        .whereLayer("report").mayOnlyAccessLayers("model", "compliance", "evidence", "policy")
        .whereLayer("scan").mayOnlyAccessLayers("probe", "check", "policy", "compliance", "model")
        .whereLayer("evidence").mayOnlyAccessLayers("policy", "compliance", "model")
        .whereLayer("compliance").mayOnlyAccessLayers("model")
        .whereLayer("claim").mayOnlyAccessLayers("policy", "model")
        .whereLayer("demo").mayNotAccessAnyLayer()
        .whereLayer("policy").mayOnlyAccessLayers("model")
        .whereLayer("model").mayNotAccessAnyLayer()
        .because("DESIGN.md: the flow goes one way (cli → scan → probe / check → model) and"
            + " renderers read only the result model");
  }

  /**
   * Renderers format what a scan found, never probe, judge or read the policy: from evidence
   * only the period result (OperatingEffectiveness' records, the history's entries), from policy
   * only what reading scan.json back needs (InputFile, UsageException).
   */
  static ArchRule renderersReadOnlyTheResultModel(String root) {
    String r = Pattern.quote(root);
    DescribedPredicate<JavaClass> periodResult = nameMatching(
        r + "\\.evidence\\.(OperatingEffectiveness\\$.+|LedgerEntry(\\$.+)?)").forSubtype();
    DescribedPredicate<JavaClass> readingScanJson = nameMatching(
        r + "\\.policy\\.(InputFile|UsageException)(\\$.+)?").forSubtype();
    return noClasses().that().resideInAPackage(root + ".report..")
        .should().dependOnClassesThat(resideInAnyPackage(root + ".cli..", root + ".scan..",
                root + ".probe..", root + ".check..", root + ".claim..",
                root + ".questionnaire..", root + ".starter..", root + ".demo..")
            .or(resideInAPackage(root + ".evidence..").and(not(periodResult)))
            .or(resideInAPackage(root + ".policy..").and(not(readingScanJson)))
            .as("anything but the result model"))
        .because("DESIGN.md: a renderer never probes or judges; it reads the result model");
  }

  /**
   * Checks are pure: no sockets, HTTP, DNS, files or processes. {@code java.net.URI} and OkHttp's
   * {@code HttpUrl} are allowed: they parse text and open nothing. Reading secaudit's own bundled data from the class path
   * (an InputStream from getResourceAsStream) is not I/O on the audited system.
   */
  static ArchRule checksDoNoIo(String root) {
    DescribedPredicate<JavaClass> io = resideInAnyPackage("java.net..", "java.nio.file..",
        "java.nio.channels..", "javax.net..", "okhttp3..", "org.xbill.DNS..")
        // URL parsers: they read text and open nothing.
        .and(not(type(java.net.URI.class)))
        .and(not(type(java.net.URISyntaxException.class)))
        .and(not(nameMatching("okhttp3\\.HttpUrl(\\$.+)?").forSubtype()))
        .or(type(java.io.File.class))
        .or(type(java.io.FileInputStream.class))
        .or(type(java.io.FileOutputStream.class))
        .or(type(java.io.FileReader.class))
        .or(type(java.io.FileWriter.class))
        .or(type(java.io.RandomAccessFile.class))
        .or(type(ProcessBuilder.class))
        .or(type(Process.class))
        .as("I/O (network, files, processes)");
    return noClasses().that().resideInAPackage(root + ".check..")
        .should().dependOnClassesThat(io)
        .because("DESIGN.md: checks are pure functions of policy and observations; probes do the"
            + " I/O");
  }

  /** Time is passed in (CheckContext.now), so a check judges a recording the same way later. */
  static ArchRule checksReadNoClock(String root) {
    return noClasses().that().resideInAPackage(root + ".check..")
        .should().callMethod(Instant.class, "now")
        .orShould().callMethod(LocalDate.class, "now")
        .orShould().callMethod(LocalDateTime.class, "now")
        .orShould().callMethod(OffsetDateTime.class, "now")
        .orShould().callMethod(ZonedDateTime.class, "now")
        .orShould().callMethod(Clock.class, "systemUTC")
        .orShould().callMethod(Clock.class, "systemDefaultZone")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .because("DESIGN.md: checks read no clock; time is passed in");
  }

  /** Between the top-level packages (cli, scan, probe, …) dependencies go one way only. */
  static ArchRule noPackageCycles(String root) {
    return slices().matching(root + ".(*)..").namingSlices("$1")
        .should().beFreeOfCycles()
        .because("DESIGN.md: one direction, no back and forth");
  }
}
