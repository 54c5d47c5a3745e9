package dev.secaudit.claim;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.ClaimCheck;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.policy.Target;
import dev.secaudit.questionnaire.Answer;
import dev.secaudit.questionnaire.AnswerSource;
import dev.secaudit.questionnaire.QuestionBank;
import dev.secaudit.questionnaire.QuestionMatcher;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The corpus of questions (src/test/resources/claims/corpus.yaml) answered against fixed
 * evidence: every case must get exactly the answer the evidence supports for the question as
 * asked. Above all, no "Yes" may stand where the corpus expects anything else.
 */
class ClaimCorpusTest {
  static final Instant SCANNED = Instant.parse("2026-11-01T09:00:00Z");
  static final Instant ANSWERED = Instant.parse("2026-11-02T09:00:00Z");

  record Fixture(String policy, List<List<String>> findings) {}

  record Corpus(List<List<String>> cases) {}

  static Map<String, Fixture> fixtures() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    try (InputStream in = ClaimCorpusTest.class.getResourceAsStream("/claims/fixtures.yaml")) {
      return yaml.readValue(in, yaml.getTypeFactory().constructMapType(LinkedHashMap.class,
          String.class, Fixture.class));
    }
  }

  /** The fixture's policy and a scan of it. */
  record Scanned(dev.secaudit.policy.Policy policy, ScanResult scan) {}

  /** A scan of the fixture: its findings, and the claim check's verdicts over them. */
  static AnswerSource source(Fixture f) {
    Scanned s = scanned(f);
    return new AnswerSource(s.policy(), s.scan(), ANSWERED, Duration.ofDays(30));
  }

  static Scanned scanned(Fixture f) {
    LoadedPolicy loaded = new PolicyLoader(name -> null, StandardChecks.catalog().ids())
        .load("acme.yaml", f.policy().getBytes(StandardCharsets.UTF_8));
    List<Finding> findings = new ArrayList<>();
    for (List<String> row : f.findings()) {
      Target target = loaded.policy().targets().stream()
          .filter(t -> t.name().equals(row.get(1))).findFirst().orElse(null);
      CheckContext ctx = target != null ? new CheckContext(StandardChecks.catalog(), loaded, target, null, SCANNED)
          : new CheckContext(StandardChecks.catalog(), loaded, null, null, SCANNED).forSource(row.get(1));
      // A fifth column is the policy pointer the real check sets (cookie rules: /cookies/N).
      Finding judged = ctx.finding(row.get(0), row.get(2), Status.valueOf(row.get(3)), "expected",
          "observed", List.of(), row.size() > 4 ? row.get(4) : "");
      // A sixth column is the typed value the real check observes: "accepted" or "refused" for
      // a TLS version, "SameSite=Lax" for a setting, "86400 s" for a length of time, "enables TLS 1.1, TLS 1.2" for a config's versions, "breaks /headers/X"
      // for the header rules a config block breaks, "header X-Frame-Options: DENY" for a header
      // a rule saw sent ("header X-Frame-Options" alone: not sent).
      if (row.size() > 5 && row.get(5).startsWith("text ")) {
        // The words the real check writes, where a reader depends on them ("none in 12 files
        // and 40 commits": the history was read).
        judged = judged.toBuilder().observed(row.get(5).substring(5)).build();
      } else if (row.size() > 5 && !row.get(5).equals("-")) {
        judged = judged.toBuilder().observed("observed", observedValue(row.get(5))).build();
      }
      // A seventh column is the header the finding is about, as the header checks name it.
      // A path ("/api/v1/me") is the URL a flow expectation requested.
      if (row.size() > 6) {
        judged = judged.toBuilder().about(row.get(6).startsWith("/")
            ? new Subject(Subject.Kind.URL, row.get(6)) : Subject.header(row.get(6)))
            .subject(row.get(2)).build();
      }
      findings.add(judged);
    }
    List<Finding> all = new ArrayList<>(findings);
    all.addAll(new ClaimCheck().evaluate(new CheckContext(StandardChecks.catalog(), loaded, null, null, SCANNED), findings));
    RunInfo run = new RunInfo("run-1", "secaudit", "test", SCANNED, SCANNED.plusSeconds(3),
        "acme.yaml", "acme", loaded.sha256(), List.of("secaudit", "scan"), "low", List.of("soc2"));
    // The scan lists local sources among its targets too, each under its own scheme.
    List<TargetState> targets = new ArrayList<>(loaded.policy().targets().stream()
        .map(t -> new TargetState(t.name(), t.url(), TargetState.State.EVALUATED, "")).toList());
    loaded.policy().sources().forEach(src -> targets.add(new TargetState(src.name(),
        "files:/srv/" + src.name(), TargetState.State.EVALUATED, "")));
    ScanResult scan = new ScanResult(ScanResult.SCHEMA, run, targets, all, List.of(), List.of());
    return new Scanned(loaded.policy(), scan);
  }

  private static Value observedValue(String written) {
    if (written.startsWith("header ")) {
      // "header X-Frame-Options: DENY" as the header rule saw it; without a value, not sent.
      String[] h = written.substring(7).split(": ", 2);
      return new Value.Header(h[0], h.length > 1 ? h[1] : null);
    }
    if (written.startsWith("cookies ")) {
      // "cookies NAME|URL|Secure HttpOnly SameSite=Lax; NAME|URL|": every cookie a page set.
      List<Value> cookies = new ArrayList<>();
      for (String one : written.substring(8).split("; ")) {
        String[] p = one.split("\\|", -1);
        List<String> attrs = List.of(p[2].split(" "));
        String sameSite = attrs.stream().filter(a -> a.startsWith("SameSite="))
            .map(a -> a.substring(9)).findFirst().orElse(null);
        cookies.add(new Value.Cookie(p[0], p[1], attrs.contains("Secure"),
            attrs.contains("HttpOnly"), sameSite, null, "/", false, false, null, false));
      }
      return cookies.size() == 1 ? cookies.get(0) : new Value.Items(cookies);
    }
    if (written.startsWith("breaks ")) {
      return new Value.Items(java.util.Arrays.stream(written.substring(7).split(", "))
          .map(v -> (Value) new Value.Text(v)).toList());
    }
    if (written.startsWith("enables ")) {
      return new Value.Items(java.util.Arrays.stream(written.substring(8).split(", "))
          .map(v -> (Value) new Value.Text(v)).toList());
    }
    if (written.startsWith("responder")) {
      // "responder http://ocsp.ca.test" or "responder none": the OCSP URL a certificate names.
      String url = written.substring(10);
      return url.equals("none") ? new Value.Presence("ocsp_responder", false)
          : new Value.Setting("ocsp_responder", url);
    }
    if (written.matches("count \\d+ of (\\d+|\\?)")) {
      // "count 3 of 5" as tls.forward_secrecy counts suites; "of ?" an enumeration cut short.
      String[] c = written.substring(6).split(" of ");
      return new Value.Count(Long.parseLong(c[0]), c[1].equals("?") ? null : Long.valueOf(c[1]));
    }
    if (written.matches("\\d+ s")) {
      return new Value.Duration(Long.parseLong(written.substring(0, written.length() - 2)));
    }
    if (written.matches("[A-Za-z-]+=.*")) {
      return new Value.Setting(written.substring(0, written.indexOf('=')),
          written.substring(written.indexOf('=') + 1));
    }
    return new Value.Presence("accepted", written.equals("accepted"));
  }

  @Test
  void everyCaseGetsTheAnswerItsEvidenceSupports() throws Exception {
    Map<String, Fixture> fixtures = fixtures();
    Map<String, AnswerSource> sources = new LinkedHashMap<>();
    fixtures.forEach((k, v) -> sources.put(k, source(v)));
    QuestionMatcher matcher = new QuestionMatcher(QuestionBank.builtIn());
    Corpus corpus;
    try (InputStream in = ClaimCorpusTest.class.getResourceAsStream("/claims/corpus.yaml")) {
      corpus = new ObjectMapper(new YAMLFactory()).readValue(in, Corpus.class);
    }
    List<String> wrong = new ArrayList<>();
    List<String> overclaims = new ArrayList<>();
    Map<String, int[]> byClass = new TreeMap<>();
    // Every answer, for comparing the corpus before and after a change to the reader or decider.
    List<String> dump = new ArrayList<>();
    for (List<String> c : corpus.cases()) {
      String cls = c.get(0);
      Answer a = sources.get(c.get(1)).answer(matcher.match("", c.get(3)), c.get(3));
      String got = switch (a.value()) {
        case YES -> "yes";
        case NO -> "no";
        case NA -> "na";
        case NONE -> "review";
      };
      dump.add(c.get(1) + "\t" + c.get(3) + "\t" + got);
      int[] counts = byClass.computeIfAbsent(cls, k -> new int[2]);
      counts[1]++;
      if (got.equals(c.get(2))) {
        counts[0]++;
      } else {
        String line = cls + " | " + c.get(3) + " | expected " + c.get(2) + ", got " + got
            + " | " + a.explanation() + " | " + a.reviewReason();
        wrong.add(line);
        if (got.equals("yes")) {
          overclaims.add(line);
        }
      }
    }
    byClass.forEach((k, v) -> System.out.println("claim corpus " + k + ": " + v[0] + "/" + v[1]));
    wrong.forEach(w -> System.out.println("claim corpus miss: " + w));
    String dumpTo = System.getProperty("secaudit.corpus.dump");
    if (dumpTo != null) {
      java.nio.file.Files.write(java.nio.file.Path.of(dumpTo), dump);
    }
    assertThat(overclaims).as("a Yes the evidence does not support").isEmpty();
    assertThat(wrong).isEmpty();
  }

  @Test
  void aQuestionOnOnePageNamesThePageAndTheTargetsProbed() throws Exception {
    AnswerSource main = source(fixtures().get("main"));
    String q = "Is HSTS sent on the login page?";
    Answer a = main.answer(new QuestionMatcher(QuestionBank.builtIn()).match("", q), q);
    assertThat(a.value()).isEqualTo(Answer.Value.NONE);
    assertThat(a.reviewReason()).contains("the question asks about the login page; the scan"
        + " probed app (https://app.acme.test), api (https://api.acme.test), none of them that"
        + " page");
  }
}
