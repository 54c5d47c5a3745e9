package dev.secaudit.claim;

import dev.secaudit.claim.Words.Word;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Phrases of word stems, each with what it stands for, ordered once, longest first, so "session
 * cookie" takes its words before "cookie" can. The order among phrases of one length is the order
 * they were given in, which keeps every reading the same whatever the vocabulary's size.
 */
final class StemPhrases<T> {
  private record Phrase<T>(List<String> stems, T meaning) {}

  /** Decides whether a phrase found at {@code start} takes its words. */
  interface Taker<T> {
    boolean take(T meaning, int start, int end);
  }

  private final List<Phrase<T>> phrases;

  private StemPhrases(List<Phrase<T>> phrases) {
    List<Phrase<T>> sorted = new ArrayList<>(phrases);
    sorted.sort(Comparator.comparingInt((Phrase<T> p) -> -p.stems().size()));
    this.phrases = List.copyOf(sorted);
  }

  static StemPhrases<Void> of(List<List<String>> phrases) {
    List<Phrase<Void>> list = new ArrayList<>();
    phrases.forEach(p -> list.add(new Phrase<>(p, null)));
    return new StemPhrases<>(list);
  }

  static <T> Builder<T> builder() {
    return new Builder<>();
  }

  static final class Builder<T> {
    private final List<Phrase<T>> phrases = new ArrayList<>();

    Builder<T> add(List<String> stems, T meaning) {
      phrases.add(new Phrase<>(stems, meaning));
      return this;
    }

    StemPhrases<T> build() {
      return new StemPhrases<>(phrases);
    }
  }

  /**
   * Finds each phrase among words no earlier phrase has taken; where the taker agrees, its words
   * get the role {@code as}.
   */
  void read(List<Word> words, WordRole[] role, WordRole as, Taker<T> taker) {
    Set<String> present = new HashSet<>();
    words.forEach(w -> present.add(w.stem()));
    for (Phrase<T> p : phrases) {
      List<String> stems = p.stems();
      if (!present.contains(stems.get(0))) {
        continue;
      }
      for (int i = 0; i + stems.size() <= words.size(); i++) {
        if (matches(words, role, i, stems) && taker.take(p.meaning(), i, i + stems.size())) {
          for (int k = i; k < i + stems.size(); k++) {
            role[k] = as;
          }
        }
      }
    }
  }

  /** The places the phrases were found at, in sentence order; their words get the role. */
  List<Integer> mark(List<Word> words, WordRole[] role, WordRole as) {
    List<Integer> at = new ArrayList<>();
    read(words, role, as, (meaning, start, end) -> at.add(start));
    at.sort(null);
    return at;
  }

  static boolean matches(List<Word> words, WordRole[] role, int at, List<String> stems) {
    for (int k = 0; k < stems.size(); k++) {
      if (role[at + k] != null || !words.get(at + k).stem().equals(stems.get(k))) {
        return false;
      }
    }
    return true;
  }
}
