package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CSV's digests by artifact id, kept in a store with a table of hashes, must answer as the map of Strings filled with
 * putIfAbsent that they replace: the first artifact of an id wins, any digest text comes back as
 * it was written, an unknown id has none.
 */
class ArtifactDigestsTest {
  private static Artifact artifact(String id, String sha256) {
    return new Artifact(id, "web", ArtifactKind.Known.values()[0], Instant.EPOCH, "summary", null,
        sha256);
  }

  private static String hex(Random random) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 64; i++) {
      b.append("0123456789abcdef".charAt(random.nextInt(16)));
    }
    return b.toString();
  }

  /** One of the digests a hand-made file can hold beside secaudit's own lower-case hex. */
  private static String digest(Random random, int i) {
    return switch (i % 9) {
      case 0 -> hex(random).toUpperCase(java.util.Locale.ROOT);
      case 1 -> "not a digest ≠ " + i;
      case 2 -> null;
      case 3 -> "";
      case 4 -> hex(random).substring(1);
      case 5 -> hex(random) + "0";
      default -> hex(random);
    };
  }

  private static String lookedUp(ArtifactDigests digests, String id) {
    StringBuilder b = new StringBuilder("[");
    return digests.appendTo(id, b) ? b.substring(1) : null;
  }

  @Test
  void aFleetsDigestsAnswerAsTheMapTheyReplace() {
    Random random = new Random(19);
    List<Artifact> artifacts = new ArrayList<>();
    Map<String, String> reference = new HashMap<>();
    for (int i = 0; i < 30_000; i++) {
      // Some ids come again with another digest (only the first counts), some are not ASCII,
      // one is empty, and a fleet's ids differ only in a counter.
      String id = i % 11 == 0 && i > 0 ? artifacts.get(random.nextInt(i)).id()
          : i % 7 == 0 ? "wéb-" + i + "/ßtls" : i == 5 ? "" : "web-" + i + "/headers";
      Artifact a = artifact(id, digest(random, i));
      artifacts.add(a);
      reference.putIfAbsent(id, a.sha256() == null ? "" : a.sha256());
    }
    ArtifactDigests digests = ArtifactDigests.of(artifacts);
    assertThat(digests.size()).isEqualTo(reference.size());
    for (Map.Entry<String, String> e : reference.entrySet()) {
      assertThat(lookedUp(digests, e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
    }
    for (String unknown : List.of("web-30000/headers", "web-1/header", "web-1/headers ", "x")) {
      assertThat(lookedUp(digests, unknown)).as(unknown).isNull();
    }
    // A null id is the empty one, as the map's text(id) key was.
    assertThat(lookedUp(digests, null)).isEqualTo(reference.get(""));
  }

  @Test
  void entriesLongerThanAChunkAndEntriesInATemporaryFileAnswerAsTheMap(@TempDir Path folder) {
    // The entries go to a store of 64 KiB chunks: an entry longer than a chunk spans several,
    // and with no memory every chunk goes to a temporary file, read back at each look-up.
    Random random = new Random(20);
    try (ArtifactDigests digests = new ArtifactDigests(folder, 0)) {
      Map<String, String> reference = new HashMap<>();
      for (int i = 0; i < 6_000; i++) {
        String id = i % 997 == 0 ? "long-" + i + "/" + "x".repeat(70_000 + i)
            : i % 1_001 == 0 ? "id-" + i + "/" + "y".repeat(30_000) : "web-" + i + "/headers";
        String digest = i % 1_499 == 0 ? "z".repeat(100_000 + i) : digest(random, i);
        digests.add(artifact(id, digest));
        reference.putIfAbsent(id, digest == null ? "" : digest);
      }
      assertThat(digests.size()).isEqualTo(reference.size());
      assertThat(digests.spilled()).isTrue();
      for (Map.Entry<String, String> e : reference.entrySet()) {
        assertThat(lookedUp(digests, e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
      }
      assertThat(lookedUp(digests, "long-0/" + "x".repeat(69_999))).isNull();
      assertThatThrownBy(() -> digests.add(artifact("after-a-look-up", "a".repeat(64))))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  /**
   * The table finds entries by a 64-bit hash of the id; ids a hand-made file makes share one
   * must still each get their own digest, the first of each id winning, and an id of that hash
   * no artifact has gets none. Here every id has the same hash, or one of two.
   */
  @Test
  void idsThatShareAHashKeepTheirOwnDigests(@TempDir Path folder) {
    for (long memory : new long[] {ArtifactDigests.MEMORY, 0}) {
      for (java.util.function.ToLongFunction<byte[]> hash : List.<java.util.function
          .ToLongFunction<byte[]>>of(id -> 42L, id -> id.length % 2)) {
        Random random = new Random(21);
        Map<String, String> reference = new HashMap<>();
        try (ArtifactDigests digests = new ArtifactDigests(folder, memory, hash)) {
          for (int i = 0; i < 600; i++) {
            String id = i % 7 == 3 ? "web-" + (i - 3) + "/tls" : "web-" + i + "/tls";
            String digest = hex(random);
            digests.add(artifact(id, digest));
            reference.putIfAbsent(id, digest);
          }
          assertThat(digests.size()).isEqualTo(reference.size());
          for (Map.Entry<String, String> e : reference.entrySet()) {
            assertThat(lookedUp(digests, e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
          }
          assertThat(lookedUp(digests, "web-3/tls")).isNull();
          assertThat(lookedUp(digests, "web-600/tls")).isNull();
        }
      }
    }
  }

  @Test
  void clearedItKnowsNothingAndFillsAgain() {
    // A file that lists its artifacts twice is read by its last list.
    ArtifactDigests digests = new ArtifactDigests();
    for (int i = 0; i < 500; i++) {
      digests.add(artifact("a" + i, hex(new Random(i))));
    }
    digests.clear();
    String again = hex(new Random(1000));
    digests.add(artifact("a1", again));
    assertThat(digests.size()).isEqualTo(1);
    assertThat(lookedUp(digests, "a1")).isEqualTo(again);
    assertThat(lookedUp(digests, "a2")).isNull();
    digests.clear();
    assertThat(digests.size()).isZero();
    assertThat(lookedUp(digests, "a1")).isNull();
  }

  @Test
  void idsThatUtf8WouldWriteAlikeStayApartAndIdsAloneAreKnownWithoutDigests() {
    // Half a surrogate pair is '?' in UTF-8: "\uD800x" and "?x" would be one id.
    List<String> ids = List.of("\uD800x", "?x", "\uDC00x", "x\uD83D", "😀x", "\uDE00\uD83Dx");
    ArtifactDigests digests = new ArtifactDigests();
    ArtifactIds known = new ArtifactIds();
    for (int i = 0; i < ids.size(); i++) {
      String digest = hex(new Random(i));
      digests.add(artifact(ids.get(i), digest));
      assertThat(known.remember(ids.get(i))).as(ids.get(i)).isTrue();
    }
    assertThat(digests.size()).isEqualTo(ids.size());
    assertThat(known.size()).isEqualTo(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      assertThat(lookedUp(digests, ids.get(i))).isEqualTo(hex(new Random(i)));
      assertThat(known.contains(ids.get(i))).isTrue();
      assertThat(known.remember(ids.get(i))).isFalse();
    }
    assertThat(known.contains("\uD801x")).isFalse();
    assertThat(known.contains("x")).isFalse();
  }
}
