package dev.secaudit.check.hygiene;

import dev.secaudit.model.Counted;
import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.model.Severity;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.SourceOnlyCheck;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.SourcePlaces;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.policy.Globs;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.Repository;
import dev.secaudit.probe.SourceObservations;
import dev.secaudit.probe.hygiene.FileProblem;
import dev.secaudit.probe.hygiene.RepositorySecretScan;
import dev.secaudit.probe.hygiene.Sighting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * repo.secrets: one FAIL per secret, at the file and line of the working tree, or at the commit
 * that added it when it is only in history (deleting a file does not take a secret out of a
 * clone). The allowlist (paths, fingerprints) applies to both.
 */
public final class RepositorySecretsCheck extends DeclaredCheck implements SourceOnlyCheck {
  public RepositorySecretsCheck() {
    super(REPORTS, Set.of(Aspect.REPOSITORY_SECRETS));
  }

  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("repo.secrets",
          "No secrets in the repository's working"
            + " tree or history",
          Severity.HIGH,
          "repositories",
          "soc2:CC6.1 soc2:C1.1 gdpr:32(1)(b) iso27001:8.4 iso27001:8.12 iso27001:8.24 iso27001:8.28",
          "Revoke and rotate the secret first (it is in every clone, and deleting the file does not"
            + " remove it from history), then move it to a secret manager or an ignored file;"
            + " rewrite history only after rotating. Accept test fixtures and revoked examples"
            + " with secrets.allow_paths or allow_fingerprints.",
          "OWASP Secrets Management Cheat Sheet; CWE-798; issuers' token formats (AWS, GitHub,"
            + " GitLab, Stripe, Slack, Google Cloud)"));

  static final String ID = "repo.secrets";
  /** More failures than this per repository go into one summary finding (all are in the artifact). */
  static final int MAX_FINDINGS = 100;

  @Override
  public boolean appliesTo(Policy policy) {
    return policy.repositories().stream().anyMatch(r -> r.secrets() != null);
  }

  @Override
  public List<Finding> evaluateSources(CheckContext policyContext, SourceObservations sources) {
    List<Finding> out = new ArrayList<>();
    List<Repository> repos = policyContext.policy().repositories();
    for (RepositorySecretScan scan : sources.of(RepositorySecretScan.class)) {
      int index = indexOf(repos, scan.source());
      if (index >= 0 && repos.get(index).secrets() != null) {
        out.addAll(judge(policyContext.forSource(scan.source()), scan,
            repos.get(index).secrets(), PolicyPointer.entry(PolicyPointer.REPOSITORIES,
                index) + "/secrets"));
      }
    }
    return out;
  }

  static int indexOf(List<Repository> repos, String name) {
    for (int i = 0; i < repos.size(); i++) {
      if (name.equals(repos.get(i).name())) {
        return i;
      }
    }
    return -1;
  }

  private List<Finding> judge(CheckContext ctx, RepositorySecretScan scan,
      Repository.RepositorySecrets rules, String pointer) {
    List<Finding> out = new ArrayList<>();
    List<String> evidence = List.of(scan.artifactId());
    if (scan.failure() != null) {
      out.add(ctx.finding(ID).subject(scan.location()).about(SourcePlaces.subject(scan.location()))
          .status(Status.ERROR).expected("a readable working tree").observed(scan.failure())
          .rule(pointer).build());
      return out;
    }
    int allowed = 0;
    Map<String, Sighting> inTree = new LinkedHashMap<>();
    for (Sighting s : scan.tree()) {
      if (allows(rules, s)) {
        allowed++;
      } else {
        inTree.putIfAbsent(s.fingerprint() + " " + s.path() + ":" + s.line(), s);
      }
    }
    Set<String> treeFingerprints = new java.util.HashSet<>();
    inTree.values().forEach(s -> treeFingerprints.add(s.fingerprint()));
    // git log lists newest first: the last sighting of a secret in a path is the commit that
    // added it there.
    Map<String, Sighting> historyOnly = new LinkedHashMap<>();
    Map<String, Sighting> firstAdded = new LinkedHashMap<>();
    for (Sighting s : scan.history()) {
      firstAdded.put(s.fingerprint(), s);
      if (allows(rules, s)) {
        continue;
      }
      if (!treeFingerprints.contains(s.fingerprint())) {
        historyOnly.remove(s.fingerprint() + " " + s.path());
        historyOnly.put(s.fingerprint() + " " + s.path(), s);
      }
    }
    List<Finding> failures = new ArrayList<>();
    for (Sighting s : inTree.values()) {
      Sighting added = firstAdded.get(s.fingerprint());
      failures.add(at(ctx, s).status(Status.FAIL).expected("no secret in the working tree")
          .observed(describe(s) + (added != null ? "; committed in " + shortId(added.commit())
              : "") + (scan.gitRepository() && added == null && scan.historyRead()
                  ? "; not committed yet" : "")).evidence(evidence).rule(pointer).build());
    }
    for (Sighting s : historyOnly.values()) {
      failures.add(at(ctx, s).status(Status.FAIL).expected("no secret in history")
          .observed(describe(s) + "; added in commit " + shortId(s.commit()) + " and no longer"
              + " in the working tree, but still in every clone's history: rotate it")
          .evidence(evidence).rule(pointer).build());
    }
    if (failures.size() > MAX_FINDINGS) {
      int more = failures.size() - MAX_FINDINGS;
      failures = new ArrayList<>(failures.subList(0, MAX_FINDINGS));
      failures.add(ctx.finding(ID).subject(scan.location())
          .about(SourcePlaces.subject(scan.location())).status(Status.FAIL)
          .expected("no secrets", NONE).observed(more + " more secrets, listed (masked) in the"
              + " artifact " + scan.artifactId(), new Value.Count(more, null))
          .evidence(evidence).rule(pointer).build());
    }
    out.addAll(failures);
    if (scan.historyFailure() != null) {
      out.add(ctx.error(ID, "history", "the history read with git", scan.historyFailure(),
          evidence, pointer));
    }
    List<FileProblem> unreadable = scan.unreadable();
    for (int i = 0; i < Math.min(unreadable.size(), 20); i++) {
      out.add(ctx.finding(ID).about(new Subject(Subject.Kind.FILE, unreadable.get(i).path()))
          .status(Status.ERROR).expected("a readable file")
          .observed("not read: " + unreadable.get(i).why()).evidence(evidence).rule(pointer)
          .build());
    }
    if (unreadable.size() > 20) {
      out.add(ctx.finding(ID).subject(scan.location())
          .about(SourcePlaces.subject(scan.location())).status(Status.ERROR)
          .expected("readable files").observed((unreadable.size() - 20) + " more files not read"
              + " (listed in the artifact)").evidence(evidence).rule(pointer).build());
    }
    if (failures.isEmpty()) {
      out.add(ctx.finding(ID).subject(scan.location())
          .about(SourcePlaces.subject(scan.location())).status(Status.PASS)
          .expected("no secrets", NONE).observed(coverage(scan) + (allowed > 0 ? "; " + allowed
              + " allowed by the allowlist" : ""), NONE).evidence(evidence).rule(pointer)
          .build());
    }
    return out;
  }

  /** How many secrets a repository may hold, and how many a clean search found. */
  private static final Value NONE = new Value.Count(0, null);

  /**
   * A finding at a sighting: about its file only. The secret's kind is the rule that found it
   * and its masked form and fingerprint stay in the sentence: no part of a secret is data.
   */
  private static Finding.Builder at(CheckContext ctx, Sighting s) {
    return ctx.finding(ID).subject(s.where()).about(new Subject(Subject.Kind.FILE, s.path()));
  }

  private static String coverage(RepositorySecretScan scan) {
    StringBuilder sb = new StringBuilder("none in " + Counted.of(scan.filesRead(), "file"));
    if (scan.historyRead()) {
      sb.append(" and ").append(Counted.of(scan.commitsRead(), "commit"));
      if (scan.historyTruncated()) {
        sb.append(" (history read up to a cap: older commits not read)");
      }
    }
    if (scan.binarySkipped() > 0) {
      sb.append("; ").append(scan.binarySkipped()).append(" binary files skipped");
    }
    scan.notes().stream().limit(3).forEach(n -> sb.append("; ").append(n));
    return sb.toString();
  }

  private static String describe(Sighting s) {
    return s.kind() + " " + s.masked() + ", fingerprint " + s.fingerprint();
  }

  private static String shortId(String commit) {
    return commit == null ? "?" : commit.substring(0, Math.min(12, commit.length()));
  }

  private static boolean allows(Repository.RepositorySecrets rules, Sighting s) {
    return rules.allowFingerprints().contains(s.fingerprint())
        || rules.allowPaths().stream().anyMatch(g -> Globs.matches(g, s.path()));
  }
}
