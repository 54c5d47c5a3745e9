package dev.secaudit.probe.hygiene;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Personal data and credentials as they leak into logs and exports. Numbers are only counted
 * when their checksum holds (IBAN: ISO 13616 mod-97 and the country's length; cards: Luhn and an
 * issuer prefix), so order ids and timestamps do not pass for cards; phone numbers need the
 * international '+' form, to stay conservative.
 */
final class PersonalDataDetector {
  private static final Pattern URL_PASSWORD = Pattern.compile(
      "(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{1,20})://([^/\\s:@]{1,128}):([^/\\s@]{1,256})@"
          + "([^/\\s?#@]{1,253})");
  private static final Pattern JWT = Pattern.compile(
      "(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{10,})"
          + "(?![A-Za-z0-9_-])");
  private static final Pattern BEARER =
      Pattern.compile("(?i)(?<![A-Za-z0-9])bearer\\s+([A-Za-z0-9._~+/-]{8,}=*)");
  private static final Pattern IBAN = Pattern.compile(
      "(?<![A-Za-z0-9])([A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)(?![A-Za-z0-9])");
  private static final Pattern CARD =
      Pattern.compile("(?<![0-9.,-])((?:[0-9][ -]?){12,18}[0-9])(?![0-9]|[.,-][0-9])");
  private static final Pattern PHONE =
      Pattern.compile("(?<![\\w+/.])\\+([1-9][0-9 ().-]{6,22}[0-9])(?![\\w])");
  private static final Pattern EMAIL = Pattern.compile(
      "(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\\.)+[A-Za-z]{2,24})"
          + "(?![A-Za-z0-9-])");

  /**
   * A field whose name ends in password, passwd, pwd or passphrase: in a query string or a
   * key=value log line ({@code ?user=bob&password=hunter2}), and as a quoted key in JSON or a
   * Python dict ({@code "password": "hunter2"}), the forms access and application logs show.
   */
  private static final String PASSWORD_NAME =
      "[A-Za-z0-9_.\\[\\]-]{0,40}?(?:passw(?:or)?d|pwd|passphrase)";
  private static final Pattern PASSWORD_PARAM = Pattern.compile(
      "(?i)(?<=^|[?&;\\s])(" + PASSWORD_NAME + ")=([^&\\s\"'#;,]{1,512})");
  private static final Pattern PASSWORD_FIELD = Pattern.compile(
      "(?i)([\"'])(" + PASSWORD_NAME + ")\\1\\s*:\\s*([\"'])((?:\\\\.|(?!\\3).){1,512}?)\\3");
  /** Values that stand in for a password already masked, or for none. */
  private static final Pattern NOT_A_PASSWORD = Pattern.compile("(?i)[*x•.#_-]+"
      + "|[\\[<({%]*(?:5B)?(?:redacted|filtered|masked|hidden|removed|omitted|secret|none|null"
      + "|undefined|empty)(?:%5D)?[\\]>)}]*|\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?|\\{\\{.*}}|<[^>]*>|%2A+");

  /** IBAN lengths per country (ISO 13616 registry). */
  static final Map<String, Integer> IBAN_LENGTHS = ibanLengths();

  private PersonalDataDetector() {}

  static void urlPassword(String line, List<Hit> out) {
    Matcher m = URL_PASSWORD.matcher(line);
    while (m.find()) {
      String masked = m.group(1) + "://" + m.group(2).charAt(0) + "***:****@" + m.group(4);
      out.add(new Hit("url_password", m.start(), m.end(), masked,
          Masks.fingerprint("url_password", m.group(3))));
    }
  }

  /**
   * Passwords in query strings and JSON fields. The mask and the fingerprint carry the field's
   * name only: a password is short and guessable, so even a hash of it would give it away.
   */
  static void passwordField(String line, List<Hit> out) {
    Matcher m = PASSWORD_PARAM.matcher(line);
    while (m.find()) {
      if (!NOT_A_PASSWORD.matcher(m.group(2)).matches()) {
        out.add(new Hit("password", m.start(), m.end(), m.group(1) + "=****",
            Masks.fingerprint("password", m.group(1))));
      }
    }
    Matcher f = PASSWORD_FIELD.matcher(line);
    while (f.find()) {
      if (!NOT_A_PASSWORD.matcher(f.group(4)).matches()) {
        String q = f.group(1);
        out.add(new Hit("password", f.start(), f.end(), q + f.group(2) + q + ": " + f.group(3)
            + "****" + f.group(3), Masks.fingerprint("password", f.group(2))));
      }
    }
  }

  static void jwt(String line, List<Hit> out) {
    Matcher m = JWT.matcher(line);
    while (m.find()) {
      out.add(new Hit("jwt", m.start(1), m.end(1), Masks.token(m.group(1)),
          Masks.fingerprint("jwt", m.group(1))));
    }
  }

  static void bearer(String line, List<Hit> out) {
    Matcher m = BEARER.matcher(line);
    while (m.find()) {
      out.add(new Hit("bearer", m.start(), m.end(), "Bearer " + Masks.token(m.group(1)),
          Masks.fingerprint("bearer", m.group(1))));
    }
  }

  static void iban(String line, List<Hit> out) {
    Matcher m = IBAN.matcher(line);
    while (m.find()) {
      String candidate = m.group(1);
      Integer length = IBAN_LENGTHS.get(candidate.substring(0, 2));
      String compact = length == null ? null : prefixAtBoundary(candidate, length);
      if (compact != null && mod97(compact) == 1) {
        out.add(new Hit("iban", m.start(1), m.start(1) + candidate.length(), Masks.iban(compact),
            Masks.fingerprint("iban", compact)));
      }
    }
  }

  /**
   * The first {@code length} non-space characters, when they end the candidate or are followed by
   * a space: "DE89 3704 0044 0532 0130 00 EUR" is an IBAN and a word, a 25-digit run is not.
   */
  static String prefixAtBoundary(String candidate, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      if (c == ' ') {
        continue;
      }
      sb.append(c);
      if (sb.length() == length) {
        return i + 1 == candidate.length() || candidate.charAt(i + 1) == ' ' ? sb.toString() : null;
      }
    }
    return null;
  }

  /** ISO 7064 mod 97-10 over the IBAN rearranged: a valid IBAN leaves 1. */
  static int mod97(String iban) {
    String rearranged = iban.substring(4) + iban.substring(0, 4);
    int rest = 0;
    for (int i = 0; i < rearranged.length(); i++) {
      int v = Character.digit(rearranged.charAt(i), 36);
      if (v < 0) {
        return -1;
      }
      rest = v < 10 ? (rest * 10 + v) % 97 : (rest * 100 + v) % 97;
    }
    return rest;
  }

  static void card(String line, List<Hit> out) {
    if (!hasDigitRun(line, 13)) {
      return;
    }
    Matcher m = CARD.matcher(line);
    while (m.find()) {
      String raw = m.group(1);
      String digits = raw.replaceAll("[ -]", "");
      boolean oneSeparator = !(raw.contains(" ") && raw.contains("-"));
      if (digits.length() >= 13 && digits.length() <= 19 && oneSeparator && luhn(digits)
          && issuerKnown(digits) && !digits.chars().allMatch(c -> c == digits.charAt(0))) {
        out.add(new Hit("card", m.start(1), m.end(1), Masks.card(digits),
            Masks.fingerprint("card", digits)));
      }
    }
  }

  /**
   * Whether the line has {@code min} digits in a row, single spaces or dashes between them
   * allowed: one linear pass, so the card pattern only runs on lines that could hold a card.
   */
  static boolean hasDigitRun(String line, int min) {
    int run = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++run >= min) {
          return true;
        }
      } else if (!((c == ' ' || c == '-') && run > 0 && i + 1 < line.length()
          && Character.isDigit(line.charAt(i + 1)) && Character.isDigit(line.charAt(i - 1)))) {
        run = 0;
      }
    }
    return false;
  }

  static boolean luhn(String digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  /** Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay: a Luhn-valid order id is not a card. */
  static boolean issuerKnown(String d) {
    int two = Integer.parseInt(d.substring(0, 2));
    int four = Integer.parseInt(d.substring(0, 4));
    int n = d.length();
    return d.charAt(0) == '4' && (n == 13 || n == 16 || n == 19)
        || (two >= 51 && two <= 55 || four >= 2221 && four <= 2720) && n == 16
        || (two == 34 || two == 37) && n == 15
        || (four == 6011 || two == 65 || four / 10 >= 644 && four / 10 <= 649) && n >= 16
        || four >= 3528 && four <= 3589 && n >= 16
        || (two == 36 || two == 38 || two == 39 || four / 10 >= 300 && four / 10 <= 305) && n >= 14
        || two == 62 && n >= 16;
  }

  static void phone(String line, List<Hit> out) {
    Matcher m = PHONE.matcher(line);
    while (m.find()) {
      String raw = m.group(1);
      String digits = raw.replaceAll("[^0-9]", "");
      // E.164 allows at most 15 digits; fewer than 8 are short codes, years or offsets.
      if (digits.length() >= 8 && digits.length() <= 15 && !raw.matches(".*[ ().-]{2}.*")) {
        out.add(new Hit("phone", m.start(), m.end(), Masks.phone(digits),
            Masks.fingerprint("phone", digits)));
      }
    }
  }

  static void email(String line, List<Hit> out) {
    Matcher m = EMAIL.matcher(line);
    while (m.find()) {
      String v = m.group(1);
      out.add(new Hit("email", m.start(1), m.end(1), Masks.email(v),
          Masks.fingerprint("email", v.toLowerCase(java.util.Locale.ROOT))));
    }
  }

  private static Map<String, Integer> ibanLengths() {
    String table = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28"
        + " CZ24 DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27"
        + " GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21"
        + " LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25"
        + " QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26"
        + " UA29 VA22 VG24 XK20 YE30";
    Map<String, Integer> out = new java.util.HashMap<>();
    for (String e : table.split(" ")) {
      out.put(e.substring(0, 2), Integer.parseInt(e.substring(2)));
    }
    return Map.copyOf(out);
  }
}
