package dev.secaudit.probe.hygiene;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The detectors a scan runs on every line, in order of how specific they are: where two find the
 * same characters (a JWT after "Bearer", a password URL that looks like an email) the first one
 * counts and the value is counted once.
 */
public final class Detectors {
  /** Every category a data_hygiene entry can look for. */
  public static final List<String> DATA_CATEGORIES =
      List.of("secret", "url_password", "password", "jwt", "bearer", "iban", "card", "phone",
          "email");

  private final Set<String> categories;
  private final boolean entropy;

  private Detectors(Set<String> categories, boolean entropy) {
    this.categories = Set.copyOf(categories);
    this.entropy = entropy;
  }

  /** Secrets only, as a repository is searched. */
  public static Detectors secrets(boolean entropy) {
    return new Detectors(Set.of(SecretDetector.CATEGORY), entropy);
  }

  /** The categories a data_hygiene entry names; empty means all of them. */
  public static Detectors data(List<String> lookFor) {
    return new Detectors(lookFor.isEmpty() ? Set.copyOf(DATA_CATEGORIES) : Set.copyOf(lookFor),
        true);
  }

  /** The category of a kind: every secret shape belongs to "secret", the rest to themselves. */
  public static String category(String kind) {
    return DATA_CATEGORIES.contains(kind) ? kind : SecretDetector.CATEGORY;
  }

  /**
   * @param where the file (and commit) the line is from, for private-key fingerprints
   * @param entropyHere false for files whose high entropy is by design (lock files)
   */
  public List<Hit> scan(String line, String where, boolean entropyHere) {
    List<Hit> found = new ArrayList<>();
    if (categories.contains(SecretDetector.CATEGORY)) {
      SecretDetector.find(line, entropy && entropyHere, where, found);
    }
    if (categories.contains("url_password") && line.contains("://")) {
      PersonalDataDetector.urlPassword(line, found);
    }
    if (categories.contains("password") && mayNamePassword(line)) {
      PersonalDataDetector.passwordField(line, found);
    }
    if (categories.contains("jwt") && line.contains("eyJ")) {
      PersonalDataDetector.jwt(line, found);
    }
    if (categories.contains("bearer") && (line.contains("earer") || line.contains("EARER"))) {
      PersonalDataDetector.bearer(line, found);
    }
    if (categories.contains("iban")) {
      PersonalDataDetector.iban(line, found);
    }
    if (categories.contains("card")) {
      PersonalDataDetector.card(line, found);
    }
    if (categories.contains("phone") && line.indexOf('+') >= 0) {
      PersonalDataDetector.phone(line, found);
    }
    if (categories.contains("email") && line.indexOf('@') >= 0) {
      PersonalDataDetector.email(line, found);
    }
    List<Hit> kept = new ArrayList<>();
    for (Hit h : found) {
      if (kept.stream().noneMatch(k -> k.overlaps(h))) {
        kept.add(h);
      }
    }
    kept.sort(Comparator.comparingInt(Hit::start));
    return kept;
  }

  /** Cheap test before the password patterns: "passw", "pwd" or "passphrase" in any case. */
  private static boolean mayNamePassword(String line) {
    String lower = line.toLowerCase(java.util.Locale.ROOT);
    return lower.contains("passw") || lower.contains("pwd") || lower.contains("passphrase");
  }
}
