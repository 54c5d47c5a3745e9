package dev.secaudit.probe.hygiene;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets by their shape: private keys (PEM headers), AWS access key ids, GCP service-account
 * keys, Stripe live keys, GitHub, GitLab and Slack tokens, and high-entropy values assigned to
 * names that say "secret". Token shapes follow the issuers' documented prefixes.
 */
final class SecretDetector {
  /** The category a data_hygiene entry names for all of these. */
  static final String CATEGORY = "secret";

  /** A token shape and the literal text every match contains, checked before the regex. */
  private record Shape(String kind, Pattern pattern, List<String> needles) {
    boolean mayMatch(String line) {
      for (String n : needles) {
        if (line.contains(n)) {
          return true;
        }
      }
      return false;
    }
  }

  private static final List<Shape> SHAPES = List.of(
      new Shape("aws_access_key", Pattern.compile("(?<![A-Z0-9])((?:AKIA|ASIA)[0-9A-Z]{16})(?![A-Z0-9])"),
          List.of("AKIA", "ASIA")),
      new Shape("gcp_service_account",
          Pattern.compile("\"private_key_id\"\\s*:\\s*\"([0-9a-f]{40})\""),
          List.of("private_key_id")),
      new Shape("stripe_live_key",
          Pattern.compile("(?<![A-Za-z0-9_])((?:sk|rk)_live_[0-9a-zA-Z]{20,247})(?![A-Za-z0-9])"),
          List.of("_live_")),
      new Shape("github_token", Pattern.compile(
          "(?<![A-Za-z0-9_])((?:gh[pousr]_[A-Za-z0-9]{36,251})|(?:github_pat_[A-Za-z0-9_]{40,251}))"
              + "(?![A-Za-z0-9_])"),
          List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")),
      new Shape("gitlab_token",
          Pattern.compile("(?<![A-Za-z0-9_-])(glpat-[A-Za-z0-9_-]{20,64})(?![A-Za-z0-9_-])"),
          List.of("glpat-")),
      new Shape("slack_token",
          Pattern.compile("(?<![A-Za-z0-9_-])(xox[abposr]-[A-Za-z0-9-]{10,251})(?![A-Za-z0-9-])"),
          List.of("xox")));

  private static final Pattern PRIVATE_KEY = Pattern.compile(
      "-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----");

  private static final Pattern INLINE_BODY = Pattern.compile("\\\\n([A-Za-z0-9+/=]{40,})");
  private static final Pattern ALONE = Pattern.compile(
      "\\s*[\"'`]?-----BEGIN [A-Z ]+-----[\"'`]?,?\\s*");

  /**
   * A name that says "secret", an assignment (= : := =>), then the value. Values shorter than 20
   * characters are left alone: too many ordinary words and ids would pass an entropy test.
   */
  private static final Pattern ASSIGNMENT = Pattern.compile("(?i)(?:secret|token"
      + "|passw(?:or)?d|pwd|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?key|credential)"
      + "[A-Za-z0-9_.-]*[\"']?\\s*(?::=|=>|[:=])\\s*[\"'`]?([A-Za-z0-9+/=_.~-]{20,512})");
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
  private static final Pattern PLACEHOLDER = Pattern.compile(
      "(?i).*(example|changeme|placeholder|your[_-]|xxxx|dummy|redacted|0123456789|abcdef).*");

  /** Bits per character a random-looking value reaches: base64-like and hex alphabets. */
  static final double MIN_ENTROPY = 3.5;
  static final double MIN_ENTROPY_HEX = 3.0;

  private SecretDetector() {}

  /**
   * @param entropy also judge assignments by entropy (off for lock files, whose integrity hashes
   *     are high-entropy by design)
   * @param where names the file for a private key's fingerprint: the key body spans the lines
   *     after the header, and every header of a type reads the same
   */
  static void find(String line, boolean entropy, String where, List<Hit> out) {
    Matcher pem = PRIVATE_KEY.matcher(line);
    while (line.contains("-----BEGIN ") && pem.find()) {
      String rest = line.substring(pem.end());
      Matcher body = INLINE_BODY.matcher(rest);
      boolean inline = body.lookingAt();
      // A key file has its header on a line of its own; JSON keeps the body after an escaped
      // newline. A header inside other text is code that writes or parses PEM, not a key.
      if (!inline && !ALONE.matcher(line).matches()) {
        continue;
      }
      // Every key of a type starts alike; the whole inline body tells two keys apart.
      String keyed = inline ? rest.strip() : where + ":" + pem.group(1);
      out.add(new Hit("private_key", pem.start(), pem.end(), "-----BEGIN " + pem.group(1) + "-----",
          Masks.fingerprint("private_key", keyed)));
    }
    for (Shape s : SHAPES) {
      if (!s.mayMatch(line)) {
        continue;
      }
      Matcher m = s.pattern().matcher(line);
      while (m.find()) {
        String v = m.group(1);
        out.add(new Hit(s.kind(), m.start(1), m.end(1), Masks.token(v),
            Masks.fingerprint(s.kind(), v)));
      }
    }
    if (entropy && mayAssign(line)) {
      Matcher m = ASSIGNMENT.matcher(line);
      while (m.find()) {
        String v = m.group(1);
        if (looksRandom(v)) {
          out.add(new Hit("high_entropy", m.start(1), m.end(1), Masks.token(v),
              Masks.fingerprint("high_entropy", v)));
        }
      }
    }
  }

  /** Cheap test for the assignment pattern: one of its keywords' letters, any case. */
  private static boolean mayAssign(String line) {
    String lower = line.toLowerCase(java.util.Locale.ROOT);
    return lower.contains("secret") || lower.contains("token") || lower.contains("passw")
        || lower.contains("pwd") || lower.contains("key") || lower.contains("credential");
  }

  /**
   * Random enough to be a key: letters and digits mixed, not a UUID (ids, not secrets), not a
   * placeholder, and Shannon entropy over the value's own characters above the alphabet's bar.
   */
  static boolean looksRandom(String v) {
    if (UUID.matcher(v).find() || PLACEHOLDER.matcher(v).matches()) {
      return false;
    }
    boolean letter = false;
    boolean digit = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      letter |= Character.isLetter(c);
      digit |= Character.isDigit(c);
    }
    if (!letter || !digit) {
      return false;
    }
    if (HEX.matcher(v).matches()) {
      return v.length() >= 32 && shannon(v) >= MIN_ENTROPY_HEX;
    }
    return shannon(v) >= MIN_ENTROPY;
  }

  static double shannon(String v) {
    java.util.Map<Character, Integer> counts = new java.util.HashMap<>();
    for (int i = 0; i < v.length(); i++) {
      counts.merge(v.charAt(i), 1, Integer::sum);
    }
    double bits = 0;
    for (int c : counts.values()) {
      double p = (double) c / v.length();
      bits -= p * (Math.log(p) / Math.log(2));
    }
    return bits;
  }
}
