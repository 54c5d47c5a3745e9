package dev.secaudit.probe.http;

import dev.secaudit.probe.Words;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one Set-Cookie header the way a browser does (RFC 6265bis §5.6 and the storage model of
 * §5.7), so verdicts match what browsers actually store rather than what the server meant.
 * Written by hand because general HTTP client cookie classes drop unknown attributes, know nothing
 * of Partitioned and apply their own policy; here every departure from a clean header is kept as
 * a problem so a finding can name it.
 *
 * <p>The cookie's value is looked at only for the rules that depend on it (empty name and value,
 * length limit, nameless cookies posing as prefixed ones) and never kept.
 */
public final class SetCookieParser {
  /** Attribute values longer than this many octets are ignored (RFC 6265bis §5.6 step 6). */
  public static final int MAX_ATTRIBUTE_VALUE_OCTETS = 1024;

  /** A name and value longer than this together make browsers ignore the header (§5.6). */
  public static final int MAX_NAME_VALUE_OCTETS = 4096;

  private static final Pattern MAX_AGE = Pattern.compile("-?[0-9]+");
  private static final List<String> KNOWN = List.of(
      "Expires", "Max-Age", "Domain", "Path", "Secure", "HttpOnly", "SameSite", "Partitioned");
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final String[] MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };

  private SetCookieParser() {}

  /** Parses a header received without a known request URL: the default path is then "/". */
  public static SetCookie parse(String header) {
    return parse(header, null);
  }

  /**
   * Parses one Set-Cookie header value.
   *
   * @param requestUrl the URL the response answered, for the default path that replaces an
   *     invalid Path attribute; null when unknown
   */
  public static SetCookie parse(String header, String requestUrl) {
    String text = header == null ? "" : header;
    List<String> problems = new ArrayList<>();
    String ignored = null;
    if (hasControlCharacter(text)) {
      // Browsers drop the header before reading anything; the rest is parsed only to describe it.
      ignored = "it contains control characters";
    }

    int semi = text.indexOf(';');
    String pair = semi < 0 ? text : text.substring(0, semi);
    String unparsed = semi < 0 ? "" : text.substring(semi);
    int eq = pair.indexOf('=');
    String name = trimWsp(eq < 0 ? "" : pair.substring(0, eq));
    String value = trimWsp(eq < 0 ? pair : pair.substring(eq + 1));

    if (ignored == null && octets(name) + octets(value) > MAX_NAME_VALUE_OCTETS) {
      ignored = "its name and value are longer than " + MAX_NAME_VALUE_OCTETS + " octets";
    }
    if (ignored == null && name.isEmpty() && value.isEmpty()) {
      ignored = "it has neither a name nor a value";
    }
    if (ignored == null && name.isEmpty()
        && (startsWithIgnoreCase(value, "__Secure-") || startsWithIgnoreCase(value, "__Host-"))) {
      ignored = "it is a nameless cookie whose value starts with a cookie name prefix";
    }
    if (ignored == null && name.isEmpty()) {
      // RFC 6265bis §5.6 keeps it under the empty name (RFC 6265 §5.2 dropped it), and §5.8.3
      // sends it back as the bare value, which a server reads as a cookie named by the value.
      problems.add((eq < 0 ? "no '=' before the first ';'" : "an empty name before '='")
          + ": a nameless cookie, which RFC 6265bis browsers keep and send back as the bare"
          + " value, so servers read the value as a cookie name (RFC 6265 browsers ignored it);"
          + " give the cookie a name");
    }

    Attributes a = new Attributes(defaultPath(requestUrl), problems);
    if (!unparsed.isEmpty()) {
      // Splitting on every ';' after the first is the attribute loop of §5.6 in one step.
      for (String av : unparsed.substring(1).split(";", -1)) {
        a.read(av);
      }
    }
    a.reportDuplicates();
    if (ignored == null && a.domain != null && !isAscii(a.domain)) {
      ignored = "its Domain attribute contains characters outside US-ASCII";
    }
    return new SetCookie(name, a.secure, a.httpOnly, a.sameSite, a.sameSiteRaw, a.partitioned,
        a.domain, a.path, a.pathRaw, a.maxAge, a.maxAgeRaw, a.expires, a.expiresRaw, a.unknown,
        problems, ignored);
  }

  /** The attribute-list of one header as it is being read; last valid occurrence wins. */
  private static final class Attributes {
    final String defaultPath;
    final List<String> problems;
    boolean secure;
    boolean httpOnly;
    boolean partitioned;
    SetCookie.SameSite sameSite = SetCookie.SameSite.ABSENT;
    String sameSiteRaw;
    String domain;
    String path;
    String pathRaw;
    Long maxAge;
    String maxAgeRaw;
    boolean maxAgeValid;
    Instant expires;
    String expiresRaw;
    boolean expiresValid;
    final List<String> unknown = new ArrayList<>();
    /** Distinct values each attribute took, to tell a harmless repeat from a contradiction. */
    final Map<String, Set<String>> values = new HashMap<>();
    final List<String> order = new ArrayList<>();

    Attributes(String defaultPath, List<String> problems) {
      this.defaultPath = defaultPath;
      this.problems = problems;
    }

    void read(String av) {
      int eq = av.indexOf('=');
      String rawName = trimWsp(eq < 0 ? av : av.substring(0, eq));
      String value = trimWsp(eq < 0 ? "" : av.substring(eq + 1));
      if (rawName.isEmpty() && value.isEmpty()) {
        return; // a stray or trailing ';'
      }
      String canonical = canonical(rawName);
      if (octets(value) > MAX_ATTRIBUTE_VALUE_OCTETS) {
        problems.add((canonical != null ? canonical : "attribute '" + rawName + "'")
            + " has a value longer than " + MAX_ATTRIBUTE_VALUE_OCTETS
            + " octets; browsers ignore that attribute");
        return;
      }
      if (canonical == null) {
        unknown.add(eq < 0 ? rawName : rawName + "=" + value);
        String guess = closeKnownName(rawName);
        if (guess != null) {
          problems.add("unknown attribute '" + rawName + "' (did you mean " + guess
              + "?); browsers ignore it");
        }
        return;
      }
      switch (canonical) {
        case "Expires" -> expires(value);
        case "Max-Age" -> maxAge(value);
        case "Domain" -> domain(value);
        case "Path" -> path(value);
        case "Secure" -> {
          secure = true;
          flagValue("Secure", value);
        }
        case "HttpOnly" -> {
          httpOnly = true;
          flagValue("HttpOnly", value);
        }
        case "Partitioned" -> {
          partitioned = true;
          flagValue("Partitioned", value);
        }
        case "SameSite" -> sameSite(value);
        default -> throw new IllegalStateException(canonical);
      }
    }

    private void expires(String value) {
      Instant at = parseCookieDate(value);
      if (at == null) {
        problems.add("Expires '" + value + "' is not a date browsers can read; it is ignored");
        if (!expiresValid) {
          expiresRaw = value;
        }
        return;
      }
      expires = at;
      expiresRaw = value;
      expiresValid = true;
      remember("Expires", at.toString());
    }

    private void maxAge(String value) {
      if (!MAX_AGE.matcher(value).matches()) {
        problems.add(value.isEmpty() ? "Max-Age is empty; it is ignored"
            : "Max-Age '" + value + "' is not a whole number of seconds; it is ignored");
        if (!maxAgeValid) {
          maxAgeRaw = value;
        }
        return;
      }
      BigInteger n = new BigInteger(value);
      maxAge = n.max(LONG_MIN).min(LONG_MAX).longValue();
      maxAgeRaw = value;
      maxAgeValid = true;
      remember("Max-Age", maxAge.toString());
    }

    private void domain(String value) {
      String d = value.startsWith(".") ? value.substring(1) : value;
      domain = d.toLowerCase(Locale.ROOT);
      if (domain.isEmpty()) {
        problems.add("Domain is empty; the cookie stays host-only");
      }
      remember("Domain", domain);
    }

    private void path(String value) {
      pathRaw = value;
      if (value.startsWith("/")) {
        path = value;
      } else {
        path = defaultPath;
        problems.add((value.isEmpty() ? "Path is empty" : "Path '" + value
            + "' does not start with '/'") + "; browsers use the default path " + defaultPath);
      }
      remember("Path", path);
    }

    private void sameSite(String value) {
      sameSiteRaw = value;
      sameSite = switch (value.toLowerCase(Locale.ROOT)) {
        case "strict" -> SetCookie.SameSite.STRICT;
        case "lax" -> SetCookie.SameSite.LAX;
        case "none" -> SetCookie.SameSite.NONE;
        default -> SetCookie.SameSite.INVALID;
      };
      remember("SameSite", sameSite == SetCookie.SameSite.INVALID ? "'" + value + "' (invalid)"
          : sameSite.label());
    }

    /** "Secure=false" still sets Secure: a classic misunderstanding worth naming. */
    private void flagValue(String attribute, String value) {
      if (!value.isEmpty()) {
        problems.add(attribute + " has a value ('" + value + "'); browsers ignore the value and"
            + " set " + attribute + " anyway");
      }
    }

    private void remember(String attribute, String value) {
      if (!values.containsKey(attribute)) {
        order.add(attribute);
      }
      values.computeIfAbsent(attribute, k -> new LinkedHashSet<>()).add(value);
    }

    void reportDuplicates() {
      for (String attribute : order) {
        Set<String> seen = values.get(attribute);
        if (seen.size() > 1) {
          String last = switch (attribute) {
            case "Expires" -> expiresRaw;
            case "Max-Age" -> maxAgeRaw;
            case "Domain" -> domain;
            case "Path" -> path;
            default -> sameSite == SetCookie.SameSite.INVALID ? sameSiteRaw : sameSite.label();
          };
          problems.add(attribute + " is given " + seen.size() + " different values; browsers use"
              + " the last one (" + last + ")");
        }
      }
    }
  }

  /** The canonical spelling of a known attribute name, matched case-insensitively, or null. */
  private static String canonical(String attributeName) {
    for (String k : KNOWN) {
      if (k.equalsIgnoreCase(attributeName)) {
        return k;
      }
    }
    return null;
  }

  /** A known attribute an unknown name was probably meant to be ("HttpOnyl", "Max_Age"). */
  private static String closeKnownName(String attributeName) {
    String n = normalise(attributeName);
    if (n.length() < 4) {
      return null;
    }
    for (String k : KNOWN) {
      String kn = normalise(k);
      int allowed = kn.length() >= 6 ? 2 : 1;
      if (dev.secaudit.policy.Suggestions.distance(n, kn) <= allowed) {
        return k;
      }
    }
    return null;
  }

  private static String normalise(String s) {
    return s.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(" ", "");
  }


  /**
   * The default-path of RFC 6265bis §5.1.4 for a request URL: the directory of the request path,
   * "/" when there is none. Parsed by hand because java.net.URI rejects some URLs that HTTP
   * clients send as they are.
   */
  public static String defaultPath(String requestUrl) {
    if (requestUrl == null) {
      return "/";
    }
    String rest = requestUrl;
    int scheme = rest.indexOf("://");
    if (scheme >= 0) {
      rest = rest.substring(scheme + 3);
      int slash = indexOfAny(rest, "/?#");
      rest = slash < 0 ? "" : rest.substring(slash);
    }
    int end = indexOfAny(rest, "?#");
    String uriPath = end < 0 ? rest : rest.substring(0, end);
    if (uriPath.isEmpty() || uriPath.charAt(0) != '/') {
      return "/";
    }
    int last = uriPath.lastIndexOf('/');
    return last == 0 ? "/" : uriPath.substring(0, last);
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The cookie-date algorithm of RFC 6265bis §5.1.1: lenient by design (any order of tokens,
   * junk after numbers, two-digit years), and null where a browser would fail to parse.
   */
  public static Instant parseCookieDate(String text) {
    if (text == null) {
      return null;
    }
    int[] time = null;
    int day = -1;
    int month = -1;
    int year = -1;
    for (String token : dateTokens(text)) {
      if (time == null) {
        int[] t = matchTime(token);
        if (t != null) {
          time = t;
          continue;
        }
      }
      if (day < 0) {
        int d = leadingNumber(token, 1, 2);
        if (d >= 0) {
          day = d;
          continue;
        }
      }
      if (month < 0) {
        int m = matchMonth(token);
        if (m > 0) {
          month = m;
          continue;
        }
      }
      if (year < 0) {
        int y = leadingNumber(token, 2, 4);
        if (y >= 0) {
          year = y;
        }
      }
    }
    if (time == null || day < 0 || month < 0 || year < 0) {
      return null;
    }
    if (year >= 70 && year <= 99) {
      year += 1900;
    } else if (year >= 0 && year <= 69) {
      year += 2000;
    }
    if (day < 1 || day > 31 || year < 1601 || time[0] > 23 || time[1] > 59 || time[2] > 59) {
      return null;
    }
    try {
      return LocalDate.of(year, month, day).atTime(time[0], time[1], time[2])
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null; // 30 February and friends
    }
  }

  /** Splits on the cookie-date delimiters; everything else, bytes above 0x7F included, is kept. */
  private static List<String> dateTokens(String text) {
    return Words.split(text, c -> isDateDelimiter((char) c), "");
  }

  private static boolean isDateDelimiter(char c) {
    return c == 0x09 || (c >= 0x20 && c <= 0x2F) || (c >= 0x3B && c <= 0x40)
        || (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * The number a token starts with when it has {@code min}..{@code max} leading digits followed
   * by the end or a non-digit (the day-of-month and year productions), else -1.
   */
  private static int leadingNumber(String token, int min, int max) {
    int n = 0;
    while (n < token.length() && isDigit(token.charAt(n))) {
      n++;
    }
    if (n < min || n > max) {
      return -1;
    }
    return Integer.parseInt(token.substring(0, n));
  }

  /** hms-time [ non-digit *OCTET ], each field one or two digits; {hour, minute, second}. */
  private static int[] matchTime(String token) {
    int[] out = new int[3];
    int i = 0;
    for (int field = 0; field < 3; field++) {
      int start = i;
      while (i < token.length() && isDigit(token.charAt(i)) && i - start < 2) {
        i++;
      }
      if (i == start) {
        return null;
      }
      out[field] = Integer.parseInt(token.substring(start, i));
      if (field < 2) {
        if (i >= token.length() || token.charAt(i) != ':') {
          return null;
        }
        i++;
      }
    }
    if (i < token.length() && isDigit(token.charAt(i))) {
      return null; // a third digit: not a time-field
    }
    return out;
  }

  private static int matchMonth(String token) {
    if (token.length() < 3) {
      return -1;
    }
    String head = token.substring(0, 3).toLowerCase(Locale.ROOT);
    for (int m = 0; m < MONTHS.length; m++) {
      if (MONTHS[m].equals(head)) {
        return m + 1;
      }
    }
    return -1;
  }

  private static boolean hasControlCharacter(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c <= 0x08) || (c >= 0x0A && c <= 0x1F) || c == 0x7F) {
        return true;
      }
    }
    return false;
  }

  /** Trims SP and HTAB only, as §5.6 says; other whitespace is part of the name or value. */
  static String trimWsp(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return s.substring(start, end);
  }

  private static int octets(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static boolean startsWithIgnoreCase(String s, String prefix) {
    return s.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7F) {
        return false;
      }
    }
    return true;
  }
}
