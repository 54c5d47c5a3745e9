package dev.secaudit.probe.ratelimit;

import dev.secaudit.probe.http.HttpExchange;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one response says about rate limiting: Retry-After (RFC 9110 §10.2.3, delta-seconds or an
 * HTTP-date), the {@code RateLimit-Policy} and {@code RateLimit} structured fields of
 * draft-ietf-httpapi-ratelimit-headers in each of the shapes servers send, and the legacy
 * {@code RateLimit-Limit/-Remaining/-Reset} and {@code X-RateLimit-*} headers. The drafts changed
 * grammar twice, and widely used limiters still speak the older ones (express-rate-limit's
 * {@code draft-6} and {@code draft-7} settings): in 06 and 07 a RateLimit-Policy member is an
 * Integer, the quota, with {@code w} the window ({@code 10;w=60}); in 08 and later it is a named
 * policy with {@code q} and {@code w} ({@code "login";q=10;w=60}). RateLimit is a Dictionary
 * ({@code limit=10, remaining=9, reset=60}) in 07 and a List of named states with {@code r} and
 * {@code t} in 08 and later; 06 sends RateLimit-Limit/-Remaining/-Reset instead. Reading a
 * correct 06/07 header with the 08 grammar had named a quota of 10 per second "policy '10', quota
 * unknown", and called a correct 07 RateLimit malformed. Pure parsing, no judgement.
 *
 * @param retryAfter the raw Retry-After value, or null when absent
 * @param retryAfterSeconds the wait it asks for, or null when absent or unparsable; an HTTP-date
 *     is measured from the response's Date header (the server's clock), else from when the request
 *     was sent
 * @param retryAfterForm "delta-seconds", "HTTP-date", or null
 * @param legacyPrefix "RateLimit-" or "X-RateLimit-" when a legacy header was seen, else null
 * @param problems fields that were present but did not parse, said in words
 */
public record RateLimitHeaders(
    String retryAfter,
    Long retryAfterSeconds,
    String retryAfterForm,
    List<QuotaPolicy> policies,
    List<QuotaState> states,
    String legacyPrefix,
    Long legacyLimit,
    Long legacyRemaining,
    Long legacyReset,
    List<String> problems) {

  /**
   * One member of RateLimit-Policy: {@code "permin";q=50;w=60} (draft 08 and later), or
   * {@code 50;w=60} (drafts 06 and 07), whose name is null.
   */
  public record QuotaPolicy(String name, Long quota, Long windowSeconds, String unit) {
    public String describe() {
      return (name == null ? "" : "\"" + name + "\" ")
          + (quota == null ? "quota not stated" : quota) + " per "
          + (windowSeconds == null ? "unstated window" : windowSeconds + "s")
          + (unit == null ? "" : " (" + unit + ")");
    }
  }

  /**
   * One member of RateLimit: {@code "permin";r=12;t=30} (draft 08 and later), or the draft-07
   * dictionary {@code limit=10, remaining=9, reset=60}, which has no name and states the limit.
   */
  public record QuotaState(String name, Long remaining, Long resetSeconds, Long limit) {
    public QuotaState(String name, Long remaining, Long resetSeconds) {
      this(name, remaining, resetSeconds, null);
    }

    public String describe() {
      return (name == null ? "" : "\"" + name + "\" ")
          + (limit == null ? "" : "limit " + limit + ", ")
          + (remaining == null ? "?" : remaining) + " left"
          + (resetSeconds == null ? "" : ", resets in " + resetSeconds + "s");
    }
  }

  public RateLimitHeaders {
    policies = List.copyOf(policies);
    states = List.copyOf(states);
    problems = List.copyOf(problems);
  }

  /** Whether the response advertises any limit (Retry-After aside). */
  public boolean advertisesLimits() {
    return !policies.isEmpty() || !states.isEmpty() || legacyPrefix != null;
  }

  /** The seconds until the quota resets according to RateLimit t or the legacy Reset, or null. */
  public Long resetSeconds() {
    for (QuotaState s : states) {
      if (s.resetSeconds() != null) {
        return s.resetSeconds();
      }
    }
    // Legacy Reset is delta-seconds in the drafts, but some servers send a Unix time; a value
    // larger than a year cannot be a wait.
    return legacyReset != null && legacyReset <= 365L * 24 * 3600 ? legacyReset : null;
  }

  public String describe() {
    List<String> parts = new ArrayList<>();
    if (!policies.isEmpty()) {
      parts.add("RateLimit-Policy " + String.join(", ",
          policies.stream().map(QuotaPolicy::describe).toList()));
    }
    if (!states.isEmpty()) {
      parts.add("RateLimit " + String.join(", ", states.stream().map(QuotaState::describe).toList()));
    }
    if (legacyPrefix != null) {
      parts.add(legacyPrefix + "Limit " + orQuestion(legacyLimit) + ", Remaining "
          + orQuestion(legacyRemaining) + ", Reset " + orQuestion(legacyReset));
    }
    return parts.isEmpty() ? "none" : String.join("; ", parts);
  }

  private static String orQuestion(Long v) {
    return v == null ? "?" : v.toString();
  }

  public static RateLimitHeaders of(HttpExchange ex) {
    List<String> problems = new ArrayList<>();
    String retryAfter = ex.header("Retry-After");
    Long seconds = null;
    String form = null;
    if (retryAfter != null) {
      String v = retryAfter.trim();
      if (v.matches("\\d{1,10}")) {
        seconds = Long.parseLong(v);
        form = "delta-seconds";
      } else {
        Instant at = httpDate(v);
        if (at == null) {
          problems.add("Retry-After '" + retryAfter + "' is neither delta-seconds nor an HTTP-date");
        } else {
          Instant base = httpDate(ex.header("Date") == null ? "" : ex.header("Date"));
          Instant from = base != null ? base : ex.started();
          seconds = Math.max(0, Duration.between(from, at).toSeconds());
          form = "HTTP-date";
        }
      }
    }

    List<QuotaPolicy> policies = new ArrayList<>();
    String policyField = ex.header("RateLimit-Policy");
    if (policyField != null) {
      try {
        for (StructuredList.Item item : StructuredList.parse(policyField)) {
          policies.add(item.value() instanceof Long quota
              ? new QuotaPolicy(null, quota, item.longParam("w"), null)
              : new QuotaPolicy(item.name(), item.longParam("q"), item.longParam("w"),
                  item.stringParam("qu")));
        }
      } catch (IllegalArgumentException e) {
        problems.add("RateLimit-Policy '" + policyField + "' is not a structured-field list"
            + " (draft 06 and later): " + e.getMessage());
      }
    }
    List<QuotaState> states = new ArrayList<>();
    String stateField = ex.header("RateLimit");
    if (stateField != null) {
      try {
        for (StructuredList.Item item : StructuredList.parse(stateField)) {
          states.add(new QuotaState(item.name(), item.longParam("r"), item.longParam("t")));
        }
      } catch (IllegalArgumentException asList) {
        try {
          Map<String, StructuredList.Item> d = StructuredList.parseDictionary(stateField);
          if (!d.containsKey("limit") && !d.containsKey("remaining") && !d.containsKey("reset")) {
            throw new IllegalArgumentException("none of limit, remaining or reset is stated");
          }
          states.add(new QuotaState(null, dictLong(d, "remaining"), dictLong(d, "reset"),
              dictLong(d, "limit")));
        } catch (IllegalArgumentException asDictionary) {
          problems.add("RateLimit '" + stateField + "' is neither a list of named quotas (draft"
              + " 08 and later: " + asList.getMessage() + ") nor a dictionary of limit,"
              + " remaining and reset (draft 07: " + asDictionary.getMessage() + ")");
        }
      }
    }

    String prefix = null;
    Long limit = null;
    Long remaining = null;
    Long reset = null;
    for (String p : List.of("RateLimit-", "X-RateLimit-")) {
      String l = ex.header(p + "Limit");
      String r = ex.header(p + "Remaining");
      String s = ex.header(p + "Reset");
      if (l != null || r != null || s != null) {
        prefix = p;
        limit = leadingNumber(l, p + "Limit", problems);
        remaining = leadingNumber(r, p + "Remaining", problems);
        reset = leadingNumber(s, p + "Reset", problems);
        break;
      }
    }
    return new RateLimitHeaders(retryAfter, seconds, form, policies, states, prefix, limit,
        remaining, reset, problems);
  }

  private static Long dictLong(Map<String, StructuredList.Item> d, String key) {
    StructuredList.Item item = d.get(key);
    return item != null && item.value() instanceof Long l ? l : null;
  }

  /** "100" or, as some servers send it, "100, 100;w=60": the first number is the value. */
  private static Long leadingNumber(String value, String name, List<String> problems) {
    if (value == null) {
      return null;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*(\\d{1,15})").matcher(value);
    if (m.find()) {
      return Long.parseLong(m.group(1));
    }
    problems.add(name + " '" + value + "' is not a number");
    return null;
  }

  private static final List<DateTimeFormatter> HTTP_DATES = List.of(
      DateTimeFormatter.RFC_1123_DATE_TIME,
      // The two obsolete forms RFC 9110 §5.6.7 still requires recipients to accept.
      DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.US),
      DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.US)
          .withZone(java.time.ZoneOffset.UTC));

  /** An HTTP-date (IMF-fixdate, RFC 850 or asctime), or null. */
  static Instant httpDate(String value) {
    String v = value.trim().replaceAll("\\s+", " ");
    for (DateTimeFormatter f : HTTP_DATES) {
      try {
        return ZonedDateTime.parse(v, f).toInstant();
      } catch (DateTimeParseException e) {
        // try the next form
      }
    }
    return null;
  }

  /**
   * Just enough of RFC 8941 structured-field lists for these two fields: items are strings,
   * tokens, integers, decimals, byte sequences or booleans, each with parameters.
   */
  static final class StructuredList {
    record Item(Object value, Map<String, Object> params) {
      String name() {
        return String.valueOf(value);
      }

      Long longParam(String key) {
        return params.get(key) instanceof Long l ? l : null;
      }

      String stringParam(String key) {
        Object v = params.get(key);
        return v instanceof String s ? s : null;
      }
    }

    private final String s;
    private int i;

    private StructuredList(String s) {
      this.s = s;
    }

    static List<Item> parse(String field) {
      StructuredList p = new StructuredList(field);
      List<Item> out = new ArrayList<>();
      p.skipSpaces();
      if (p.i == p.s.length()) {
        return out;
      }
      do {
        out.add(p.item());
      } while (p.nextMember());
      return out;
    }

    /** After a member: false at the end of the field, true past the ',' before the next one. */
    private boolean nextMember() {
      skipSpaces();
      if (i == s.length()) {
        return false;
      }
      if (s.charAt(i) != ',') {
        throw new IllegalArgumentException("expected ',' at column " + (i + 1));
      }
      i++;
      skipSpaces();
      if (i == s.length()) {
        throw new IllegalArgumentException("trailing ','");
      }
      return true;
    }

    /** An RFC 8941 §3.2 Dictionary: {@code key=item;params} or a bare {@code key;params}. */
    static Map<String, Item> parseDictionary(String field) {
      StructuredList p = new StructuredList(field);
      Map<String, Item> out = new LinkedHashMap<>();
      p.skipSpaces();
      if (p.i == p.s.length()) {
        return out;
      }
      do {
        String key = p.key();
        boolean valued = p.i < p.s.length() && p.s.charAt(p.i) == '=';
        if (valued) {
          p.i++;
        }
        out.put(key, valued ? p.item() : new Item(Boolean.TRUE, p.params()));
      } while (p.nextMember());
      return out;
    }

    private Item item() {
      Object value = bareItem();
      return new Item(value, params());
    }

    private Map<String, Object> params() {
      Map<String, Object> params = new LinkedHashMap<>();
      while (i < s.length() && s.charAt(i) == ';') {
        i++;
        while (i < s.length() && s.charAt(i) == ' ') {
          i++;
        }
        String key = key();
        Object v = Boolean.TRUE;
        if (i < s.length() && s.charAt(i) == '=') {
          i++;
          v = bareItem();
        }
        params.put(key, v);
      }
      return params;
    }

    private String key() {
      int start = i;
      if (i >= s.length() || !(Character.isLowerCase(s.charAt(i)) || s.charAt(i) == '*')) {
        throw new IllegalArgumentException("expected a parameter name at column " + (i + 1));
      }
      while (i < s.length() && (Character.isLowerCase(s.charAt(i)) || Character.isDigit(s.charAt(i))
          || "_-.*".indexOf(s.charAt(i)) >= 0)) {
        i++;
      }
      return s.substring(start, i);
    }

    private Object bareItem() {
      if (i >= s.length()) {
        throw new IllegalArgumentException("a value is missing at the end");
      }
      char c = s.charAt(i);
      if (c == '"') {
        StringBuilder sb = new StringBuilder();
        i++;
        while (i < s.length()) {
          char d = s.charAt(i++);
          if (d == '\\' && i < s.length()) {
            sb.append(s.charAt(i++));
          } else if (d == '"') {
            return sb.toString();
          } else {
            sb.append(d);
          }
        }
        throw new IllegalArgumentException("unterminated string");
      }
      if (c == '-' || Character.isDigit(c)) {
        int start = i++;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
          i++;
        }
        String n = s.substring(start, i);
        try {
          return n.contains(".") ? (Object) Double.parseDouble(n) : (Object) Long.parseLong(n);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("'" + n + "' is not a number");
        }
      }
      if (c == ':') {
        int end = s.indexOf(':', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated byte sequence");
        }
        String b = s.substring(i + 1, end);
        i = end + 1;
        return ":" + b + ":";
      }
      if (c == '?') {
        if (i + 1 < s.length() && (s.charAt(i + 1) == '0' || s.charAt(i + 1) == '1')) {
          i += 2;
          return s.charAt(i - 1) == '1';
        }
        throw new IllegalArgumentException("expected ?0 or ?1 at column " + (i + 1));
      }
      if (Character.isLetter(c) || c == '*') {
        int start = i++;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i))
            || "!#$%&'*+-.^_`|~:/".indexOf(s.charAt(i)) >= 0)) {
          i++;
        }
        return s.substring(start, i);
      }
      throw new IllegalArgumentException("unexpected '" + c + "' at column " + (i + 1));
    }

    private void skipSpaces() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
    }
  }
}
