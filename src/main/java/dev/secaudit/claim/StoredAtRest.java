package dev.secaudit.claim;

import dev.secaudit.claim.Words.Word;
import java.util.List;
import java.util.Set;

/**
 * "At rest" and "on disk" say where data is, not that it is encrypted: "Do you store uploaded
 * images at rest?" asks whether they are stored, and "Uploaded images are never stored at rest."
 * says they are not (a blind review, founder19: both were read as encryption at rest, so a
 * disk-encryption gap answered "we don't store documents" and the founder's attestation became
 * an admission that data sits unencrypted, and init suggested writing it as a gap). With no word
 * of encryption in the sentence, the placement words are left unread: a question or claim about
 * storing is for a person, never an encryption answer.
 *
 * <p>Not a {@code together} cue in topics.yaml: a group needs its words free when topics are
 * matched, but "AES" and "disk encryption" are this topic's own cues and "plaintext" another's,
 * any word with "crypt" in it is an open list, and a together hit would span the encryption word
 * and move where negations and clauses are measured from.
 */
final class StoredAtRest {
  private StoredAtRest() {}

  /** The placement words that alone were read as encryption at rest. */
  private static final Set<String> PLACEMENT = Set.of("at", "rest", "on", "disk", "while",
      "when", "stored");

  /** Words that do speak of encryption ("AES-256", "LUKS", "unencrypted", "cryptographic"). */
  private static final Set<String> CIPHERS = Set.of("aes", "aes256", "luks", "bitlocker",
      "filevault", "dm-crypt", "plaintext", "cleartext");

  static void leaveUnread(List<Word> words, WordRole[] role, List<TopicHit> hits) {
    if (words.stream().anyMatch(w -> w.text().contains("crypt") || CIPHERS.contains(w.text()))) {
      return;
    }
    hits.removeIf(h -> {
      if (!h.topic().id().equals("encryption.at_rest") || h.violation()) {
        return false;
      }
      for (int k = h.start(); k < h.end(); k++) {
        if (!PLACEMENT.contains(words.get(k).text())) {
          return false;
        }
      }
      for (int k = h.start(); k < h.end(); k++) {
        role[k] = null;
      }
      return true;
    });
  }
}
