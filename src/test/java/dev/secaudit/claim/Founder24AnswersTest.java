package dev.secaudit.claim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.questionnaire.Answer;
import dev.secaudit.questionnaire.AnswerSource;
import dev.secaudit.questionnaire.QuestionBank;
import dev.secaudit.questionnaire.QuestionMatcher;
import org.junit.jupiter.api.Test;

/**
 * What a founder's review (founder24) found the answers' explanations saying beyond the scan,
 * over the corpus's founder24 fixtures: the word beside a claim is the scan's verdict on it.
 */
class Founder24AnswersTest {
  static Answer ask(String fixture, String question) throws Exception {
    AnswerSource source = ClaimCorpusTest.source(ClaimCorpusTest.fixtures().get(fixture));
    return source.answer(new QuestionMatcher(QuestionBank.builtIn()).match("", question),
        question);
  }

  @Test
  void aClaimTheScanRefutedIsNeverCalledVerified() throws Exception {
    Answer secure = ask("founder24a", "Are session cookies marked Secure?");
    // The Secure part stands on its own check, so the answer stays; the word is the claim's.
    assertThat(secure.value()).isEqualTo(Answer.Value.YES);
    assertThat(secure.explanation())
        .doesNotContain("SameSite=Lax).' (verified)")
        .contains("SameSite=Lax).' (refuted; its Secure cookie attribute part verified)");
    assertThat(secure.evidence()).doesNotContain("claim cookies.secure (verified)");
    Answer transit = ask("founder24a", "Is all data encrypted in transit using TLS?");
    assertThat(transit.explanation()).doesNotContain("client connections.' (verified)")
        .contains("client connections.' (refuted");
  }

  @Test
  void aTlsVersionProbeCarriesNoPlainHttpCaveat() throws Exception {
    Answer a = ask("founder24b", "Do you ever accept connections over TLS 1.1?");
    assertThat(a.value()).isEqualTo(Answer.Value.NO);
    assertThat(a.explanation()).doesNotContain("plain-HTTP request");
  }

  @Test
  void anAttestedSubprocessorListIsNotRefutedByWhereAVendorSits() throws Exception {
    Finding f = ClaimCorpusTest.scanned(ClaimCorpusTest.fixtures().get("founder24a")).scan()
        .findings().stream().filter(x -> x.checkId().equals("claim.attestation")
            && x.subject().equals("subprocessors_3")).findFirst().orElseThrow();
    assertThat(f.status()).as(f.observed()).isEqualTo(Status.MANUAL);
  }
}
