package dev.secaudit.policy;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules that types alone cannot state (unique names, absolute URLs, contradictions). Each section
 * record validates itself; this walks the sections in file order and checks what spans them (the
 * version, the name, one namespace for targets and local sources).
 */
final class PolicyValidator {
  record Problem(String pointer, String message) {}

  private final Set<String> knownCheckIds;
  private final Map<String, Set<String>> knownRequirements;
  private final java.util.function.Supplier<Set<String>> knownTopics;

  PolicyValidator(Set<String> knownCheckIds, Map<String, Set<String>> knownRequirements,
      java.util.function.Supplier<Set<String>> knownTopics) {
    this.knownCheckIds = knownCheckIds;
    this.knownRequirements = knownRequirements;
    this.knownTopics = knownTopics;
  }

  List<Problem> validate(Policy p) {
    PolicyProblems problems = new PolicyProblems(knownCheckIds, knownRequirements);
    problems.topics(knownTopics);
    if (p.version() == null) {
      problems.add("", "missing 'version: 1' at the top of the policy");
    } else if (p.version() != 1) {
      problems.add("/version", "unsupported version " + p.version()
          + "; this secaudit reads version 1");
    }
    if (p.name() == null || p.name().isBlank()) {
      problems.add("", "missing 'name:' (the system the policy describes, shown in every report)");
    }
    p.settings().validate(problems);
    for (int i = 0; i < p.frameworks().size(); i++) {
      String f = p.frameworks().get(i);
      if (!PolicyProblems.FRAMEWORKS.contains(f)) {
        problems.add("/frameworks/" + i, "unknown framework '" + f + "'"
            + Suggestions.didYouMean(f, PolicyProblems.FRAMEWORKS)
            + "; known: gdpr, iso27001, soc2");
      }
    }
    Set<String> targetNames = new HashSet<>();
    for (int i = 0; i < p.targets().size(); i++) {
      p.targets().get(i).validate("/targets/" + i, targetNames, problems);
    }
    sources(p, problems);
    if (p.targets().isEmpty() && p.claims().isEmpty() && p.sources().isEmpty()) {
      problems.add("", "nothing to check: add a 'targets' list (or attested 'claims', or local"
          + " sources such as 'repositories')");
    }
    if (p.tls() != null) {
      p.tls().validate(problems);
    }
    if (p.https() != null) {
      p.https().validate(problems);
    }
    if (p.hsts() != null) {
      problems.inSeconds(PolicyPointer.HSTS_MIN_MAX_AGE, p.hsts().minMaxAge(), "HSTS max-age");
    }
    p.headers().forEach((name, rule) ->
        HeaderRule.validate("/headers/" + SourceTree.escape(name), name, rule, problems));
    if (p.cookies() != null) {
      for (int i = 0; i < p.cookies().size(); i++) {
        p.cookies().get(i).validate("/cookies/" + i, problems);
      }
    }
    if (p.cors() != null) {
      p.cors().validate(problems);
    }
    Set<String> rateLimitNames = new HashSet<>();
    for (int i = 0; i < p.rateLimits().size(); i++) {
      p.rateLimits().get(i).validate("/rate_limits/" + i, rateLimitNames, p.targets(),
          p.flows(), problems);
    }
    new FlowRules(problems).validate(p.flows(), p.targets(), p.settings().timeouts().target());
    Set<String> claimIds = new HashSet<>();
    problems.rules(rulePointers(p));
    for (int i = 0; i < p.claims().size(); i++) {
      p.claims().get(i).validate("/claims/" + i, claimIds, problems);
    }
    if (p.subprocessors() != null) {
      p.subprocessors().validate(p.targets(), problems);
    }
    for (int i = 0; i < p.repositories().size(); i++) {
      Repository.RepositorySecrets secrets = p.repositories().get(i).secrets();
      if (secrets != null) {
        secrets.validate("/repositories/" + i + "/secrets", problems);
      }
    }
    for (int i = 0; i < p.dataHygiene().size(); i++) {
      p.dataHygiene().get(i).validate("/data_hygiene/" + i, problems);
    }
    Set<String> targets = Target.names(p.targets());
    for (int i = 0; i < p.configs().size(); i++) {
      p.configs().get(i).validate("/configs/" + i, targets, problems);
    }
    if (p.ssh() != null) {
      p.ssh().validate(p.configs(), problems);
    }
    p.checks().forEach((glob, o) -> problems.checkGlob("/checks/" + SourceTree.escape(glob), glob));
    return problems.found();
  }

  /** Sources share the targets' namespace: a finding's target names either. */
  private static void sources(Policy p, PolicyProblems problems) {
    Set<String> names = Target.names(p.targets());
    for (SourceEntry e : p.sources()) {
      String at = e.pointer() + "/name";
      if (problems.shortId(at, at, e.name(), "missing 'name' (a short id such as 'app-repo')",
          "name") && !names.add(e.name())) {
        problems.add(at, "duplicate name '" + e.name() + "'; targets and local sources share one"
            + " set of names, which must be unique");
      }
    }
    for (int i = 0; i < p.repositories().size(); i++) {
      p.repositories().get(i).validate("/repositories/" + i, problems);
    }
    for (int i = 0; i < p.retention().size(); i++) {
      p.retention().get(i).validate("/retention/" + i, problems);
    }
  }

  /** Where each rule a claim may name by pointer is (ClaimChecks.RULE_LISTS). */
  private static Set<String> rulePointers(Policy p) {
    Set<String> out = new LinkedHashSet<>();
    Map<String, List<?>> lists = new LinkedHashMap<>();
    lists.put("rate_limits", p.rateLimits());
    lists.put("retention", p.retention());
    lists.put("cookies", p.cookies());
    lists.put("data_hygiene", p.dataHygiene());
    lists.put("flows", p.flows());
    lists.forEach((name, list) -> {
      for (int i = 0; list != null && i < list.size(); i++) {
        out.add("/" + name + "/" + i);
      }
    });
    if (p.headers() != null) {
      p.headers().keySet().forEach(h -> out.add("/headers/" + SourceTree.escape(h)));
    }
    // One rule of a flow, so a sentence about magic links is judged by the magic link's
    // expectation alone, not by the reset link's or the JWT's in the same flow.
    for (int i = 0; p.flows() != null && i < p.flows().size(); i++) {
      Flow f = p.flows().get(i);
      if (f == null) {
        continue;
      }
      for (int j = 0; j < f.expect().size(); j++) {
        out.add("/flows/" + i + "/expect/" + j);
      }
      if (f.jwt() != null) {
        out.add("/flows/" + i + "/jwt");
      }
      if (f.sessionCookie() != null) {
        out.add("/flows/" + i + "/session_cookie");
      }
    }
    return out;
  }
}
