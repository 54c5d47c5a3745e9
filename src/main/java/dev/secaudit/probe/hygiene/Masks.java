package dev.secaudit.probe.hygiene;

import dev.secaudit.model.Artifact;

/** Masked forms of found values: enough to recognise one, never enough to use it. */
final class Masks {
  private Masks() {}

  /** {@code AKIA…XY (20 chars)}: four leading and two trailing characters and the length. */
  static String token(String value) {
    int n = value.length();
    if (n <= 10) {
      return value.charAt(0) + "… (" + n + " chars)";
    }
    return value.substring(0, 4) + "…" + value.substring(n - 2) + " (" + n + " chars)";
  }

  /** {@code j***@example.com}: the domain stays, it says whose users' addresses leak. */
  static String email(String value) {
    int at = value.indexOf('@');
    return value.charAt(0) + "***" + value.substring(at);
  }

  /** {@code 4111 **** **** 1111}: the first and last four digits, as PCI DSS allows at most. */
  static String card(String digits) {
    return digits.substring(0, 4) + " **** **** " + digits.substring(digits.length() - 4);
  }

  /** {@code DE89 … 00 (22 chars)}: country, check digits, the last two characters. */
  static String iban(String compact) {
    int n = compact.length();
    return compact.substring(0, 4) + " … " + compact.substring(n - 2) + " (" + n + " chars)";
  }

  /** {@code +49 … 67 (12 digits)}. */
  static String phone(String digits) {
    int n = digits.length();
    return "+" + digits.substring(0, 2) + " … " + digits.substring(n - 2) + " (" + n + " digits)";
  }

  static String fingerprint(String kind, String value) {
    return Artifact.sha256(kind + ":" + value).substring(0, 12);
  }
}
