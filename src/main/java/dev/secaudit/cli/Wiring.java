package dev.secaudit.cli;

import dev.secaudit.check.Check;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.StandardChecks;
import dev.secaudit.model.CheckDescriptions;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.scan.Scanner;
import java.util.List;
import java.util.Set;

/** Builds the object graph with constructors: no framework, no globals. */
final class Wiring {
  private Wiring() {}

  /** A policy loader whose every ${env:} value becomes a secret the console never prints. */
  static PolicyLoader loader(Main main) {
    return new PolicyLoader(name -> {
      String value = main.context.env().apply(name);
      main.secrets.add(value);
      return value;
    }, catalog().ids(), dev.secaudit.compliance.FrameworkCatalog.requirementIds())
        .withTopics(Wiring::topicIds);
  }

  /** The claim vocabulary's topic ids, read only when a policy's claim names a topic. */
  private static Set<String> topicIds() {
    return dev.secaudit.claim.Vocabulary.builtIn().topics().stream()
        .map(dev.secaudit.claim.Topic::id).collect(java.util.stream.Collectors.toSet());
  }

  /**
   * A policy loader that reads no environment variable: for the commands that speak only from a
   * scan's evidence (answer, page), so no secret can reach a page or a sheet they write.
   */
  static PolicyLoader loaderWithoutSecrets() {
    return new PolicyLoader(name -> null, catalog().ids(),
        dev.secaudit.compliance.FrameworkCatalog.requirementIds()).withTopics(Wiring::topicIds)
        .allowingUnsetVariables();
  }

  /** The checks a scan runs: the ones secaudit ships, each declaring itself. */
  static List<Check> checks() {
    return StandardChecks.all();
  }

  /**
   * The catalogue of the shipped checks, derived from their declarations: what a policy, a
   * waiver file and `secaudit checks` may name, and what the renderers describe rules with.
   */
  static CheckCatalog catalog() {
    return StandardChecks.catalog();
  }

  static Scanner scanner(Main.Context ctx) {
    return scanner(ctx, false);
  }

  /** @param quiet the user asked for errors only on stderr (-q): no progress, no notes */
  static Scanner scanner(Main.Context ctx, boolean quiet) {
    return new Scanner(ctx.checks().get(), ctx.clock(), new ProgressLines(ctx.err(),
        ProgressLines.mode(quiet, ctx.progressInPlace())));
  }

  /** The catalogue's descriptions of the checks, for the renderers that name rules. */
  static CheckDescriptions checkDescriptions() {
    return catalog().descriptions();
  }
}
