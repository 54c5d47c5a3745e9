package dev.secaudit.claim;

import dev.secaudit.claim.Words.Word;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which layer encryption at rest is said of: the storage (disks, volumes, object or block
 * storage) or the data itself (fields, files, backups, databases). Neither shows the other: disks
 * encrypted by the host leave a column readable to anyone with database access, and a page
 * admitting "server disks are not encrypted" says nothing of data encrypted by the application (a
 * blind review, founder19: "Are disks encrypted at rest?" was Yes from "All customer data is
 * encrypted at rest using AES-256.", because 'disks' was a cue of the topic, never a scope).
 */
final class StorageLayer {
  /** The scope class of the storage layer (topics.yaml). */
  static final String DISK = "disk";
  /** Object storage: the storage layer, though not the servers' disks. */
  static final String BUCKET = "bucket";
  private static final String AT_REST = "encryption.at_rest";
  /** Stems that name the storage layer inside a topic's cue ("full disk encryption"). */
  private static final Set<String> STORAGE = Set.of("disk", "volum");
  private static final Set<String> STORAGE_KINDS = Set.of("block", "encrypt");

  private StorageLayer() {}

  /**
   * Parts on encryption at rest whose words name the storage layer carry it as their scope, and
   * the vague "encrypted" said of disks ("server disks are not encrypted") is encryption at rest.
   */
  static List<ClaimPart> layered(List<ClaimPart> parts, Vocabulary vocabulary) {
    return parts.stream().map(p -> {
      String id = p.topic().id();
      if (!id.equals(AT_REST) && !id.equals("encryption")) {
        return p;
      }
      boolean named = onStorage(p.scope());
      if (!named && !namesStorage(p.text())) {
        return p;
      }
      Topic topic = id.equals(AT_REST) ? p.topic() : vocabulary.topic(AT_REST).orElseThrow();
      Set<String> nouns = new TreeSet<>(p.scope().nouns());
      if (!named) {
        nouns.add(DISK);
      }
      // "All server volumes": the servers are whose disks they are, not a second thing asked of.
      nouns.remove("system");
      // "Hetzner server disks", "all volumes": which disks is no kind of disk the evidence could
      // pick out, and a generic "disks are encrypted" is said of every one.
      Set<String> kinds = new TreeSet<>(p.scope().kinds());
      boolean narrowedByKind = kinds.removeIf(k -> k.startsWith(DISK + ":"));
      boolean universal = p.scope().universal() || p.scope().isEmpty() || narrowedByKind;
      return new ClaimPart(topic, p.polarity(), p.quantity(),
          new Scope(universal, nouns, kinds, p.scope().quantified()), p.value(), p.text(),
          p.anywhere(), p.some());
    }).toList();
  }

  /** Whether a scope names the storage layer: disks and volumes, or buckets. */
  private static boolean onStorage(Scope scope) {
    return scope.nouns().contains(DISK) || scope.nouns().contains(BUCKET);
  }

  /**
   * Whether a clause names disks or volumes, or storage that is encrypted as such ("block
   * storage", "encrypted storage"). "On disk" alone says where data is, not which layer is
   * encrypted ("Customer data is encrypted on disk").
   */
  private static boolean namesStorage(String clause) {
    List<Word> words = Words.of(clause);
    for (int i = 0; i < words.size(); i++) {
      String stem = words.get(i).stem();
      String before = i > 0 ? words.get(i - 1).stem() : "";
      String after = i + 1 < words.size() ? words.get(i + 1).stem() : "";
      if (STORAGE.contains(stem) && !(before.equals("on") && words.get(i).text().equals("disk"))) {
        return true;
      }
      if (stem.equals("storag") && (STORAGE_KINDS.contains(before) || after.equals("encrypt"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why a claim on encryption at rest does not speak to a question on it, or null when both are
   * of one layer. A question that names no storage asks of the data ("Is data encrypted at
   * rest?", where "data" limits nothing), which disks encrypted do not show.
   */
  static String mismatch(ClaimPart claim, ClaimPart asked) {
    if (!claim.topic().id().equals(AT_REST) || !asked.topic().id().equals(AT_REST)) {
      return null;
    }
    boolean claimOnDisks = onStorage(claim.scope());
    boolean askedOfDisks = onStorage(asked.scope());
    if (claimOnDisks == askedOfDisks) {
      return null;
    }
    return claimOnDisks
        ? "speaks of the storage layer (disks, volumes, storage), not of the data asked about:"
            + " encrypted disks do not show the data encrypted"
        : "speaks of the data (data-level encryption), not of the disks or volumes asked about:"
            + " encrypted data does not show the disks encrypted";
  }
}
