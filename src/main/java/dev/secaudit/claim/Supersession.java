package dev.secaudit.claim;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which topics a sentence no longer speaks of once a narrower one is named ("Do rate-limited
 * responses include a Retry-After header?" asks of Retry-After only), and the one exception: a
 * superseded topic that takes the sentence's amount is a claim of its own. "Login is limited to
 * 10 attempts per minute; further attempts are answered with HTTP 429 and a Retry-After header"
 * states the limit and its Retry-After (realapp26: the limit and its 10 per minute were dropped
 * for the Retry-After, so the sentence was read only in part and could never be verified).
 */
final class Supersession {
  private Supersession() {}

  static void drop(List<TopicHit> hits, List<Amount> amounts) {
    Set<String> superseded = new HashSet<>();
    hits.forEach(h -> superseded.addAll(h.topic().supersedes()));
    hits.removeIf(h -> superseded.contains(h.topic().id()) && !takesAnAmount(h, hits, amounts));
  }

  /** The hit nearest an amount of its own unit, which no superseding topic of the sentence takes. */
  private static boolean takesAnAmount(TopicHit h, List<TopicHit> hits, List<Amount> amounts) {
    Quantity.Unit unit = h.topic().unit();
    // "Sessions expire after 12 hours of inactivity": the idle timeout takes the hours itself.
    if (unit == null || hits.stream().anyMatch(o -> o.topic().supersedes()
        .contains(h.topic().id()) && (o.topic().unit() == unit
            || o.topic().refine().containsKey(unit)))) {
      return false;
    }
    return amounts.stream().anyMatch(a -> a.unit() == unit
        && hits.stream().noneMatch(o -> o != h && o.topic().unit() == unit
            && SentenceReader.distance(o, a.position())
                < SentenceReader.distance(h, a.position())));
  }
}
