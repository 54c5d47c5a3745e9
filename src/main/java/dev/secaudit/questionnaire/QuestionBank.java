package dev.secaudit.questionnaire;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Our own questions, as data: each paraphrases something customers ask, names the policy claims
 * and checks that answer it, and lists the CSA CAIQ question ids it corresponds to. Only ids are
 * kept from CAIQ because CSA's licence forbids shipping its question text; the customer's sheet
 * supplies that text at run time.
 *
 * @param synonyms canonical token to the phrases that mean the same (mfa: two factor, 2fa, ...)
 * @param reviewRules questions a human must answer whatever the evidence says
 */
public record QuestionBank(
    Map<String, List<String>> synonyms, List<ReviewRule> reviewRules, List<Question> questions) {

  public static final String RESOURCE = "/dev/secaudit/questionnaire/questions.yaml";

  public QuestionBank {
    synonyms = synonyms == null ? Map.of() : Map.copyOf(synonyms);
    reviewRules = reviewRules == null ? List.of() : List.copyOf(reviewRules);
    questions = questions == null ? List.of() : List.copyOf(questions);
  }

  /**
   * One question of the bank.
   *
   * @param keywords groups of alternatives over normalised text: every group must match, any
   *     alternative of a group will do; a trailing {@code *} matches any word ending
   * @param claims globs over the policy's claim ids that state the answer
   * @param checks globs over check ids whose findings answer it when no claim does
   * @param review set when only a human may answer (legal, insurance, hr, physical,
   *     breach-history)
   */
  public record Question(
      String id,
      String topic,
      String question,
      List<List<String>> keywords,
      List<String> claims,
      List<String> checks,
      List<String> caiq40,
      List<String> caiq41,
      String review) {
    public Question {
      keywords = keywords == null ? List.of() : keywords.stream().map(List::copyOf).toList();
      claims = claims == null ? List.of() : List.copyOf(claims);
      checks = checks == null ? List.of() : List.copyOf(checks);
      caiq40 = caiq40 == null ? List.of() : List.copyOf(caiq40);
      caiq41 = caiq41 == null ? List.of() : List.copyOf(caiq41);
    }
  }

  /** Wording that sends a question to a human (e.g. breach history, insurance). */
  public record ReviewRule(String reason, List<List<String>> keywords) {
    public ReviewRule {
      keywords = keywords == null ? List.of() : keywords.stream().map(List::copyOf).toList();
    }
  }

  /** The bank shipped in the jar. */
  public static QuestionBank builtIn() {
    try (InputStream in = QuestionBank.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("question bank missing from the jar: " + RESOURCE);
      }
      return mapper().readValue(in, QuestionBank.class);
    } catch (IOException e) {
      throw new UncheckedIOException("question bank " + RESOURCE + " unreadable", e);
    }
  }

  static ObjectMapper mapper() {
    return new ObjectMapper(new YAMLFactory())
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }
}
