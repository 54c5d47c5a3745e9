package dev.secaudit.questionnaire;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.policy.Globs;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class QuestionBankTest {
  static final QuestionBank BANK = QuestionBank.builtIn();

  /** The claim categories the seed policies use (PoliciesTest keeps the list). */
  @SuppressWarnings("unchecked")
  static Set<String> categories() throws ReflectiveOperationException {
    // Read, not copied, so a category added there is one the bank must know too.
    var field = Class.forName("dev.secaudit.policy.PoliciesTest").getDeclaredField("CATEGORIES");
    field.setAccessible(true);
    return (Set<String>) field.get(null);
  }

  private static final Pattern CAIQ40 = Pattern.compile(
      "(A&A|AIS|BCR|CCC|CEK|DCS|DSP|GRC|HRS|IAM|IPY|IVS|LOG|SEF|STA|TVM|UEM)-\\d{2}\\.\\d+");
  private static final Pattern CAIQ41 = Pattern.compile(
      "(A&A|AIS|BCR|CCC|CEK|DCS|DSP|GRC|HRS|IAM|IPY|I&S|LOG|SEF|STA|TVM|UEM)-\\d{2}\\.\\d+");
  private static final Set<String> REVIEW_REASONS =
      Set.of("legal", "insurance", "hr", "physical", "breach-history");

  @Test
  void atLeast120QuestionsWithUniqueIds() {
    assertThat(BANK.questions()).hasSizeGreaterThanOrEqualTo(120);
    Set<String> ids = new HashSet<>();
    BANK.questions().forEach(q -> assertThat(ids.add(q.id())).as("duplicate id %s", q.id()).isTrue());
  }

  @Test
  void everyTopicIsAKnownCategoryAndEveryCategoryIsAsked() throws Exception {
    Set<String> categories = categories();
    Set<String> asked = new TreeSet<>();
    for (QuestionBank.Question q : BANK.questions()) {
      assertThat(q.topic()).as("topic of %s", q.id()).isIn(categories);
      asked.add(q.topic());
    }
    assertThat(asked).containsExactlyInAnyOrderElementsOf(categories);
  }

  @Test
  void everyCheckGlobMatchesARealCheck() {
    for (QuestionBank.Question q : BANK.questions()) {
      for (String glob : q.checks()) {
        assertThat(StandardChecks.catalog().ids()).as("check glob %s of %s", glob, q.id())
            .anyMatch(id -> Globs.matches(glob, id));
      }
    }
  }

  @Test
  void answerableQuestionsNameClaimsAndReviewOnesAReason() {
    for (QuestionBank.Question q : BANK.questions()) {
      assertThat(q.keywords()).as("keywords of %s", q.id()).isNotEmpty();
      assertThat(q.question()).as("question of %s", q.id()).isNotBlank();
      if (q.review() == null) {
        assertThat(q.claims()).as("claims of %s", q.id()).isNotEmpty();
      } else {
        assertThat(q.review()).as("review reason of %s", q.id()).isIn(REVIEW_REASONS);
      }
    }
    BANK.reviewRules().forEach(r -> assertThat(r.reason()).isIn(REVIEW_REASONS));
  }

  /**
   * v4.1 moved breach notification to SEF-08, incident response by severity to SEF-07 and made
   * LOG-08 audit-log sanitisation (docs/questionnaire.md): these questions differ on purpose.
   */
  static final java.util.Set<String> V41_RENUMBERED = java.util.Set.of("SQ-INC-02", "SQ-INC-04",
      "SQ-INC-06", "SQ-INC-07", "SQ-LOG-01", "SQ-LOG-04");

  @Test
  void caiqIdsAreWellFormedAndV41FollowsTheRename() {
    for (QuestionBank.Question q : BANK.questions()) {
      q.caiq40().forEach(id -> assertThat(id).as("CAIQ 4.0 id of %s", q.id()).matches(CAIQ40));
      q.caiq41().forEach(id -> assertThat(id).as("CAIQ 4.1 id of %s", q.id()).matches(CAIQ41));
      if (!V41_RENUMBERED.contains(q.id())) {
        assertThat(q.caiq41()).as("CAIQ 4.1 ids of %s", q.id()).containsExactlyElementsOf(
            q.caiq40().stream().map(id -> id.replace("IVS-", "I&S-")).toList());
      }
    }
  }

  @Test
  void caiqIdsCheckedAgainstPublishedQuestionListsStayFixed() {
    java.util.Map<String, QuestionBank.Question> byId = new java.util.HashMap<>();
    BANK.questions().forEach(q -> byId.put(q.id(), q));
    // CAIQ v4.0: IVS-03.1 asks about monitoring, .2 about encryption, .3 about restriction;
    // BCR-08.2 about backup confidentiality, .3 about restores.
    assertThat(byId.get("SQ-ENC-01").caiq40()).contains("IVS-03.2").doesNotContain("IVS-03.1");
    assertThat(byId.get("SQ-NET-08").caiq40()).containsExactly("IVS-03.3");
    assertThat(byId.get("SQ-ENC-06").caiq40()).contains("BCR-08.2");
    assertThat(byId.get("SQ-BAK-02").caiq40()).contains("BCR-08.3");
    assertThat(byId.get("SQ-INC-02").caiq40()).containsExactly("SEF-07.1");
    assertThat(byId.get("SQ-INC-02").caiq41()).containsExactly("SEF-08.1");
    assertThat(byId.get("SQ-LOG-04").caiq41()).contains("LOG-08.1");
  }

  /** Our own wording must find its own question: otherwise its keywords are wrong. */
  @Test
  void everyQuestionIsFoundByItsOwnWording() {
    QuestionMatcher matcher = new QuestionMatcher(BANK);
    List<String> misses = new java.util.ArrayList<>();
    for (QuestionBank.Question q : BANK.questions()) {
      QuestionMatch m = matcher.match("", q.question());
      boolean ok = q.review() != null
          ? m.method() == MatchMethod.RESTRICTED || (m.question() == q)
          : m.question() == q;
      if (!ok) {
        misses.add(q.id() + " -> " + (m.question() == null ? m.method() : m.question().id()));
      }
    }
    assertThat(misses).isEmpty();
  }
}
