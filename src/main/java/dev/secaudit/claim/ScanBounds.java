package dev.secaudit.claim;

import java.util.List;

/**
 * What a scan as a whole leaves undecided, whichever rule derived a claim: a population it did
 * not wholly scan (a merge missing a shard, one shard's own result) and an age past
 * --max-scan-age. Applied once, to every claim the book holds.
 */
final class ScanBounds {
  private ScanBounds() {}

  static void apply(List<Claim> list, ClaimEvidence evidence) {
    String gap = evidence.notScanned();
    if (!gap.isEmpty()) {
      // A merge missing a shard, or one shard's own result: what was verified says nothing of
      // the targets not scanned, so nothing is verified of the whole (a failure seen still
      // refutes).
      list.replaceAll(k -> k.standing() == Standing.VERIFIED ? k.unknownBecause(gap) : k);
    }
    String age = evidence.scanTooOld();
    if (age != null) {
      // The one place a scan past --max-scan-age stops deciding: every claim it verified or
      // refuted, whichever rule derived it (a blind review: /tls from https.redirect stayed
      // verified beside /targets, stale, from the same finding).
      list.replaceAll(k -> k.checked() ? k.stale((k.standing() == Standing.VERIFIED
          ? "verified by " : "refuted by ") + age) : k);
    }
  }
}
