package dev.secaudit.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Predicate;

/** Gives every element a unique id that is also safe, unescaped, in a URL fragment. */
final class Anchors {
  private static final int MAX_SLUG = 60;
  private static final HexFormat HEX = HexFormat.of();
  // Adds an id given out; false when it was given before.
  private final Predicate<String> give;
  // For a base that clashed, the counter its last id took: every lower one is taken (ids are
  // never let go), so the next search starts there. Without it, n copies of one finding (a
  // scan.json made by hand, or merged with itself) tried 2, 3 … n each: n²/2 ids.
  private final Map<String, Integer> lastCounter = new HashMap<>();
  // A fleet's report makes an anchor for each of hundreds of thousands of findings: the slugs of
  // their repeated parts are made once, and one digest serves every hash (finding the SHA-256
  // provider for each anchor was a quarter of the anchors' time).
  private final KeptValues<String, String> slugOf = new KeptValues<>(new HashMap<>());
  private final MessageDigest sha256;

  Anchors() {
    this(new HashSet<String>()::add);
  }

  /**
   * As above, the ids given out held by {@code give} (it adds one, false when it was there): a
   * page's population keeps its own out of the heap ({@link PagePopulation}).
   */
  Anchors(Predicate<String> give) {
    this.give = give;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** An id from the non-empty {@code parts}, joined by '-', readable where they allow it. */
  String make(String prefix, String... parts) {
    String base = base(prefix, parts);
    String other = clash(base);
    return other == null ? base : other;
  }

  /**
   * Gives {@code base} ({@link #base}) and returns null when it was never given; else gives and
   * returns the next id of it not given yet: a caller can make the base again rather than keep it.
   */
  String clash(String base) {
    if (give.test(base)) {
      return null;
    }
    int n = lastCounter.getOrDefault(base, 1);
    String id;
    do {
      id = base + "-" + ++n;
    } while (!give.test(id));
    lastCounter.put(base, n);
    return id;
  }

  /**
   * The id {@link #make} gives when no id made before is the same: made again where it is needed
   * rather than kept, for a finding {@link FindingAnchors} shows no other finding can clash with.
   */
  String base(String prefix, String... parts) {
    // Built in one buffer, no list of slugs or joined copies: a fleet's report asks for one
    // anchor a finding.
    StringBuilder base = new StringBuilder(prefix);
    boolean lossless = true;
    boolean slugged = false;
    for (String part : parts) {
      String slug = slugOf.of(part, Anchors::slug);
      lossless &= slug.equals(part);
      if (!slug.isEmpty()) {
        base.append(slugged ? "-" : "").append(slug);
        slugged = true;
      }
    }
    // A lossy or shortened slug could collide with another value's; a hash of the raw parts
    // keeps the anchor stable across runs where a counter alone would shift.
    if (!lossless || !slugged) {
      hash(base.append(slugged ? "-" : ""), parts);
    }
    return base.toString();
  }

  /**
   * What every id {@link #make} gives for {@code parts} begins with, followed by '-' or nothing:
   * the slugs joined, or the hash when no part has one. Two ids can only be the same when one
   * stem is the other or begins the other followed by '-' (the hash and the counter come after
   * a '-').
   */
  String stem(String... parts) {
    StringBuilder b = new StringBuilder();
    for (String part : parts) {
      String slug = slugOf.of(part, Anchors::slug);
      if (!slug.isEmpty()) {
        b.append(b.length() > 0 ? "-" : "").append(slug);
      }
    }
    return b.length() > 0 ? b.toString() : hash(b, parts).toString();
  }

  /** A part's slug, as {@link #make} joins it. */
  String slugOf(String part) {
    return slugOf.of(part, Anchors::slug);
  }

  /** Appends the first 8 hex digits of the SHA-256 of the parts joined by NUL. */
  private StringBuilder hash(StringBuilder to, String... parts) {
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        sha256.update((byte) 0);
      }
      sha256.update(String.valueOf(parts[i]).getBytes(StandardCharsets.UTF_8));
    }
    HEX.formatHex(to, sha256.digest(), 0, 4);
    return to;
  }

  private static String slug(String raw) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < raw.length() && b.length() < MAX_SLUG; i++) {
      char c = raw.charAt(i);
      boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
      if (safe) {
        b.append(c);
      } else if (b.length() > 0 && b.charAt(b.length() - 1) != '-') {
        b.append('-');
      }
    }
    while (b.length() > 0 && b.charAt(b.length() - 1) == '-') {
      b.setLength(b.length() - 1);
    }
    return b.toString();
  }
}
