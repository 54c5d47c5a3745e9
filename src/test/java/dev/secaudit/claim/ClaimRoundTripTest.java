package dev.secaudit.claim;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.ClaimCheck;
import dev.secaudit.model.Finding;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.model.Value;
import dev.secaudit.policy.Globs;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.policy.Target;
import dev.secaudit.questionnaire.Answer;
import dev.secaudit.questionnaire.AnswerSource;
import dev.secaudit.questionnaire.MatchMethod;
import dev.secaudit.questionnaire.QuestionMatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each claim of the shipped policies, its own sentence asked back as a question: Yes while its
 * evidence passes, No once a check that tests it fails, Yes for a stated gap (its sentence asks
 * whether the control is missing), review for a plan. A claim
 * whose sentence is not read whole must never be Yes.
 */
class ClaimRoundTripTest {
  private static final QuestionMatch READ = new QuestionMatch(null, MatchMethod.READING, 0.9, "");

  @Test
  void everyPolicyClaimAskedBackGetsWhatItsEvidenceSays() throws Exception {
    List<String> wrong = new ArrayList<>();
    int whole = 0;
    int total = 0;
    try (Stream<Path> files = Files.list(Path.of("policies"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        LoadedPolicy loaded = new PolicyLoader(name -> null, StandardChecks.catalog().ids())
            .allowingUnsetVariables().load(file);
        for (dev.secaudit.policy.Claim c : loaded.policy().claims()) {
          if (!c.applies()) {
            continue;
          }
          total++;
          Instant scanned = attested(c);
          Reading reading = new SentenceReader(Vocabulary.builtIn()).read(c.statement());
          boolean gap = reading.parts().stream().anyMatch(p -> p.polarity() != Polarity.IN_PLACE);
          Answer passing = source(loaded, c, scanned, Status.PASS).answer(READ, c.statement());
          if (reading.partial()) {
            if (passing.value() == Answer.Value.YES) {
              wrong.add(file + " " + c.id() + ": read in part, yet Yes");
            }
            continue;
          }
          whole++;
          // "limited to 10 requests per minute" checked by the burst alone: a burst shows that
          // requests are limited, never the window (docs/guide.md), so a person decides.
          boolean windowUnshown = reading.parts().stream().anyMatch(p -> p.quantity() != null
              && p.quantity().unit() == Quantity.Unit.PER_SECOND)
              && c.checks().stream().noneMatch(g -> "ratelimit.window".matches(Globs.toRegex(g)));
          // "required on every API request" checked by requires_auth: its expectations show the
          // paths they requested, never every request (founder19), so a person decides.
          // "Mutation endpoints have idempotency safeguards" checked by request.idempotent: a
          // flow shows the requests it sent, never every state-changing one (as for CSRF).
          boolean pathsOnly = reading.parts().stream().anyMatch(p -> java.util.Set.of(
              "authn.required", "csrf", "idempotency").contains(p.topic().id())
              && p.scope().universal());
          // A stated gap asked back as written ("An external penetration test has not yet been
          // performed.") asks whether the control is missing, which the gap affirms; a plan is no
          // evidence. No policy's gap was read whole before claims20 ('external' was unread), so
          // the No this expected was never reached.
          boolean planned = reading.parts().stream()
              .anyMatch(p -> p.polarity() == Polarity.PLANNED);
          // "All API endpoints are rate limited" (read whole since rate23) checked by bursts
          // alone, over a policy that lists no API target: no probe reached an endpoint of that
          // kind, so a person decides. (A config read where it serves the path needs no target.)
          java.util.Set<String> listed = EndpointKinds.of(loaded.policy(), Vocabulary.builtIn())
              .listed();
          boolean kindUnlisted = !c.checks().isEmpty()
              && c.checks().stream().allMatch(k -> k.startsWith("ratelimit."))
              && reading.parts().stream().anyMatch(p -> p.scope().nouns().stream()
                  .anyMatch(n -> n.startsWith(Scope.ENDPOINT_KIND) && !listed.contains(n)));
          Answer.Value expected = planned ? Answer.Value.NONE : gap ? Answer.Value.YES
              : windowUnshown || pathsOnly || kindUnlisted ? Answer.Value.NONE
              : Answer.Value.YES;
          if (passing.value() != expected) {
            wrong.add(file + " " + c.id() + " passing: expected " + expected + ", got "
                + passing.value() + " (" + passing.reviewReason() + ")");
          }
          if (!c.checks().isEmpty() && !gap) {
            Answer failing = source(loaded, c, scanned, Status.FAIL).answer(READ, c.statement());
            if (failing.value() == Answer.Value.YES) {
              wrong.add(file + " " + c.id() + " failing: Yes");
            }
          }
        }
      }
    }
    System.out.println("claim round trip: " + whole + " of " + total
        + " claims of policies/ read whole");
    assertThat(wrong).isEmpty();
    assertThat(whole).as("claims read whole").isGreaterThan(0);
  }

  /** A scan one day after the claim's attestation, so the attestation is current. */
  private static Instant attested(dev.secaudit.policy.Claim c) {
    return c.attest() == null ? Instant.parse("2026-11-01T09:00:00Z")
        : LocalDate.parse(c.attest().date()).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  /**
   * What a passing check observes when the claim holds: the value or the length of time its
   * statement names (a check of the policy's own rule proves no more than that).
   */
  private static Value observedAsStated(dev.secaudit.policy.Claim c) {
    for (ClaimPart p : new SentenceReader(Vocabulary.builtIn()).read(c.statement()).parts()) {
      if (!p.value().isEmpty()) {
        return new Value.Setting(p.topic().title(), p.value());
      }
      if (p.quantity() != null && p.quantity().unit() == Quantity.Unit.SECONDS) {
        return new Value.Duration((long) p.quantity().value());
      }
    }
    return null;
  }

  /**
   * A scan in which every check the claim names has one finding of the given status on each
   * target: a claim over the site, app and API is shown only by checks on all three (a scan
   * whose findings were on the first target alone showed no API).
   */
  private static AnswerSource source(LoadedPolicy loaded, dev.secaudit.policy.Claim c, Instant when,
      Status status) {
    List<Finding> findings = new ArrayList<>();
    List<Target> targets = new ArrayList<>(loaded.policy().targets());
    if (targets.isEmpty()) {
      targets.add(null);
    }
    for (Target target : targets) {
      findings.addAll(findings(loaded, c, when, status, target));
    }
    List<Finding> all = new ArrayList<>(findings);
    all.addAll(new ClaimCheck().evaluate(new CheckContext(StandardChecks.catalog(), loaded, null, null, when), findings));
    RunInfo run = new RunInfo("run-1", "secaudit", "test", when, when.plusSeconds(3),
        "policy.yaml", loaded.policy().name(), loaded.sha256(), List.of("secaudit", "scan"), "low",
        List.of("soc2"));
    ScanResult scan = new ScanResult(ScanResult.SCHEMA, run, List.of(), all, List.of(), List.of());
    return new AnswerSource(loaded.policy(), scan, when.plus(Duration.ofHours(1)),
        Duration.ofDays(30));
  }

  private static List<Finding> findings(LoadedPolicy loaded, dev.secaudit.policy.Claim c,
      Instant when, Status status, Target target) {
    List<Finding> findings = new ArrayList<>();
    CheckContext ctx = target != null ? new CheckContext(StandardChecks.catalog(), loaded, target, null, when)
        : new CheckContext(StandardChecks.catalog(), loaded, null, null, when).forSource("local");
    // Every other claim's checks pass; the claim's own take the status under test.
    for (String id : StandardChecks.catalog().ids()) {
      boolean own = c.checks().stream().anyMatch(g -> id.matches(Globs.toRegex(g)));
      boolean any = loaded.policy().claims().stream().flatMap(o -> o.checks().stream())
          .anyMatch(g -> id.matches(Globs.toRegex(g)));
      if (!id.startsWith("claim.") && any) {
        Finding f = ctx.finding(id, "", own ? status : Status.PASS, "expected", "observed",
            List.of(), "");
        Value seen = own && status == Status.PASS ? observedAsStated(c) : null;
        if (id.equals("repo.secrets") && f.status() == Status.PASS) {
          // The words the real check writes when it read every commit: a claim on the history
          // holds only on a search of it (a working tree alone does not show "never committed").
          f = f.toBuilder().observed("none in 12 files and 40 commits").build();
        }
        findings.add(seen == null ? f : f.toBuilder().observed("observed", seen).build());
      }
    }
    return findings;
  }
}
