package dev.secaudit.cli;

import dev.secaudit.check.Check;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.StandardChecks;
import dev.secaudit.model.CheckDescriptions;
import dev.secaudit.policy.ClaimChecks;
import dev.secaudit.policy.Globs;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.scan.Scanner;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

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

  /**
   * The checks one entry of a claim's checks can select: a glob's matches, or for a rule's
   * pointer the checks of its section and of the configs, which judge the same rules (an nginx
   * add_header under /headers/X). Taking too many only spares a note, never adds one. One
   * answer for validate's notes and for init's reading of a claim before it writes it.
   */
  static Function<String, List<String>> claimChecksOf() {
    Collection<CheckInfo> all = catalog().all();
    return entry -> {
      if (!ClaimChecks.isRule(entry)) {
        return all.stream().map(CheckInfo::id)
            .filter(id -> Globs.matches(entry, id)).toList();
      }
      String section = entry.substring(1).split("/")[0];
      Set<String> sections = new HashSet<>(List.of(section, "configs"));
      if (section.equals("headers")) {
        // A header rule on CSP, HSTS or X-Frame-Options is judged by those sections' checks too.
        sections.addAll(List.of("csp", "hsts", "framing", "info_leak"));
      }
      return all.stream().filter(i -> sections.contains(i.section()))
          .map(CheckInfo::id).toList();
    };
  }
}
