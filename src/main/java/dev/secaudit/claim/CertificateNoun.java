package dev.secaudit.claim;

import dev.secaudit.claim.Words.Word;
import java.util.List;
import java.util.Set;

/**
 * "TLS certificates" names which certificates a sentence speaks of; beside their issuer ("Are your
 * TLS certificates issued by Let's Encrypt?") it asks nothing of their validity. Read as a part of
 * its own, the question waited on a validity claim the issuer's check does not make (founder19
 * F2, F12). Said with a word of validity ("valid", "expire", "trusted") it stays that topic.
 *
 * <p>Not {@code supersedes} in topics.yaml: that drops every validity part of the sentence,
 * "certificate expiry" beside the issuer too; only the bare noun gives way here.
 */
final class CertificateNoun {
  private static final Set<String> NOUN = Set.of("tls", "ssl", "certif");

  private CertificateNoun() {}

  static void besideIssuer(List<Word> words, List<TopicHit> hits) {
    if (hits.stream().noneMatch(h -> h.topic().id().equals("certificate.issuer"))) {
      return;
    }
    hits.removeIf(h -> h.topic().id().equals("certificate.validity")
        && words.subList(h.start(), h.end()).stream().allMatch(w -> NOUN.contains(w.stem())));
  }
}
