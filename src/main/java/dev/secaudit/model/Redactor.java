package dev.secaudit.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one redaction layer: everything secaudit writes (reports, scan.json, evidence, history,
 * console, error messages) passes through it; nothing it sends or judges does. It knows the run's
 * secret values (every {@code ${env:}} value, credentials, observed cookie values, flow captures)
 * and masks each in every form an output may carry it: as is, percent-encoded (either hex case,
 * {@code +} or {@code %20} for a space, partly or fully encoded), JSON-, HTML-, XML- and
 * CSV-escaped, escaped as unprintable ({@code \x09}), in base64 (standard and URL-safe, padded or
 * not, at each of the three byte alignments inside a longer encoded text) and in hex. Letters
 * compare case-insensitively, so a host name the URL parser lower-cased is masked too.
 * docs/secrets.md describes it.
 */
public final class Redactor {
  public static final String MASK = "[REDACTED]";

  /**
   * Shorter values would blank out ordinary words everywhere; in the headers they were sent in
   * they are still masked (see {@link #header}).
   */
  static final int MIN_LENGTH = 4;

  /**
   * The shortest run of base64 characters masked for a value inside a longer encoding: shorter
   * runs would match ordinary words.
   */
  private static final int MIN_BASE64_RUN = 6;

  private static final Set<String> SECRET_HEADERS = Set.of(
      "authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-auth-token",
      "x-csrf-token", "x-xsrf-token", "x-amz-security-token");

  private final List<String> secrets;
  /** How to find each secret, longest first, so a secret inside a longer one goes with it. */
  private final List<Forms> forms;

  public Redactor(Collection<String> secrets) {
    Set<String> s = new LinkedHashSet<>();
    for (String v : secrets) {
      if (v != null && v.length() >= MIN_LENGTH) {
        s.add(v);
      }
    }
    List<String> sorted = new ArrayList<>(s);
    sorted.sort(Comparator.comparingInt(String::length).reversed()
        .thenComparing(Comparator.naturalOrder()));
    this.secrets = List.copyOf(sorted);
    List<String> pieces = new ArrayList<>();
    for (String secret : sorted) {
      pieces.addAll(pieces(secret));
    }
    this.forms = pieces.stream().distinct().map(Forms::of).toList();
  }

  /**
   * The longest secret matched as one pattern. A form's pattern grows with its secret, one group
   * per character and per byte, and Java compiles and matches such a sequence by recursion: a
   * 5,000-character Set-Cookie value (a large JWT or SAML session) overflowed the stack while
   * compiling, ended the scan with exit 70, and printed the pattern, which spells the value out
   * byte by byte (realapp26). Longer secrets are masked piece by piece, each piece a secret of
   * its own (as unguessable as the whole), and the masks of adjacent pieces joined into one.
   */
  static final int MAX_PIECE = 256;

  /** {@code secret} as is, or in pieces of {@code MAX_PIECE / 2} to {@code MAX_PIECE} characters. */
  static List<String> pieces(String secret) {
    if (secret.length() <= MAX_PIECE) {
      return List.of(secret);
    }
    List<String> out = new ArrayList<>();
    int half = MAX_PIECE / 2;
    int from = 0;
    while (secret.length() - from > MAX_PIECE) {
      int to = from + half;
      // A piece never ends between the two halves of a surrogate pair.
      if (Character.isHighSurrogate(secret.charAt(to - 1))) {
        to++;
      }
      out.add(secret.substring(from, to));
      from = to;
    }
    out.add(secret.substring(from));
    return out;
  }

  /**
   * Masks side by side, as the pieces of one long secret leave them, written as one: with
   * nothing between them, or the one character a piece's encodings cannot claim (a base64
   * character whose bits straddle two pieces, a hex dump's separator).
   */
  private static String joined(String text) {
    int first = text.indexOf(MASK);
    if (first < 0 || text.indexOf(MASK, first + MASK.length()) < 0) {
      return text;
    }
    return ADJACENT_MASKS.matcher(text).replaceAll(Matcher.quoteReplacement(MASK));
  }

  private static final Pattern ADJACENT_MASKS = Pattern.compile(
      Pattern.quote(MASK) + "(?:[A-Za-z0-9+/_:-]?" + Pattern.quote(MASK) + ")+");

  /**
   * This redactor and more secrets: what a run observed (cookie values, captured tokens, the
   * credentials it sent) is as secret as the values from ${env:}.
   */
  public Redactor with(Collection<String> more) {
    List<String> all = new ArrayList<>(secrets);
    all.addAll(more);
    return new Redactor(all);
  }

  public static Redactor none() {
    return new Redactor(List.of());
  }

  /** The secret values this redactor masks (at least {@link #MIN_LENGTH} characters each). */
  public List<String> secrets() {
    return secrets;
  }

  public String text(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (Forms f : forms) {
      out = f.mask(out);
    }
    return forms.isEmpty() ? out : joined(CutFragments.mask(out, secrets));
  }

  /** A whole scan as it may be written: every text in it through {@link #text}. */
  public ScanResult scan(ScanResult result) {
    return forms.isEmpty() ? result : result.mapText(this::text);
  }

  /** A header value as it may be written: secrets and cookie values masked. */
  public String header(String name, String value) {
    return text(shown(name, value));
  }

  /** Whether a request header of this name carries credentials (its value is masked). */
  public static boolean credentialHeader(String name) {
    return name != null && SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT));
  }

  /**
   * A header value with what its name says is secret masked, whatever the value: the value of a
   * credential header (keeping an Authorization scheme), the value of a cookie.
   */
  public static String shown(String name, String value) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals("set-cookie")) {
      return setCookie(value);
    }
    if (SECRET_HEADERS.contains(n)) {
      if (n.equals("authorization") || n.equals("proxy-authorization")) {
        int space = value.indexOf(' ');
        return space > 0 ? value.substring(0, space) + " " + MASK : MASK;
      }
      return MASK;
    }
    return value;
  }

  /**
   * The secret values a header carries, to feed the redactor: a credential header's value (and,
   * for an Authorization, its credentials, decoded when Basic), each cookie value of a Cookie
   * header, the value of a Set-Cookie.
   */
  public static List<String> secretsOf(String name, String value) {
    String n = name.toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (n.equals("set-cookie")) {
      String pair = value.split(";", 2)[0];
      int eq = pair.indexOf('=');
      out.add((eq < 0 ? pair : pair.substring(eq + 1)).trim());
    } else if (n.equals("cookie")) {
      for (String pair : value.split(";")) {
        int eq = pair.indexOf('=');
        out.add((eq < 0 ? pair : pair.substring(eq + 1)).trim());
      }
    } else if (SECRET_HEADERS.contains(n)) {
      out.add(value.trim());
      int space = value.trim().indexOf(' ');
      if (space > 0) {
        String credentials = value.trim().substring(space + 1).trim();
        out.add(credentials);
        if (value.trim().regionMatches(true, 0, "basic ", 0, 6)) {
          out.addAll(basicCredentials(credentials));
        }
      }
    }
    return out;
  }

  /** The user:password pair of a Basic credential, and the password alone. */
  private static List<String> basicCredentials(String encoded) {
    try {
      String pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return colon < 0 ? List.of(pair) : List.of(pair, pair.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      return List.of();
    }
  }

  /**
   * Keeps what checks judge (the cookie's name, its flags and attribute values that have the
   * expected shape) and drops everything else: the value, and any attribute value that could be
   * a smuggled secret (a quoted value containing ';', or a second cookie folded in after a comma).
   */
  public static String setCookie(String value) {
    String[] parts = value.split(";", -1);
    StringBuilder out = new StringBuilder();
    String pair = parts[0];
    int eq = pair.indexOf('=');
    if (eq < 0) {
      out.append(pair.isBlank() ? pair : MASK);
    } else {
      String v = pair.substring(eq + 1);
      out.append(pair, 0, eq + 1).append(v.isBlank() ? v : MASK);
    }
    for (int i = 1; i < parts.length; i++) {
      out.append(';').append(attribute(parts[i]));
    }
    return out.toString();
  }

  private static final Map<String, Pattern> ATTRIBUTE_SHAPES = Map.of(
      "max-age", Pattern.compile("\\s*-?[0-9]{1,19}\\s*"),
      "expires", Pattern.compile("[A-Za-z0-9 ,:/+-]{1,64}"),
      "domain", Pattern.compile("\\s*\\.?[A-Za-z0-9.-]{0,253}\\s*"),
      "path", Pattern.compile("\\s*/[A-Za-z0-9._~!$&'()*+:@%/?-]{0,256}\\s*"),
      "samesite", Pattern.compile("\\s*[A-Za-z]{1,16}\\s*"),
      "priority", Pattern.compile("\\s*[A-Za-z]{1,16}\\s*"));

  private static String attribute(String raw) {
    int eq = raw.indexOf('=');
    String name = (eq < 0 ? raw : raw.substring(0, eq)).trim();
    if (!name.matches("[A-Za-z0-9_-]{1,40}")) {
      return " " + MASK;
    }
    if (eq < 0) {
      return raw;
    }
    String v = raw.substring(eq + 1);
    Pattern shape = ATTRIBUTE_SHAPES.get(name.toLowerCase(Locale.ROOT));
    boolean keep = shape != null && shape.matcher(v).matches()
        && !(name.equalsIgnoreCase("expires") && v.contains("="));
    return raw.substring(0, eq + 1) + (keep ? v : MASK);
  }

  /**
   * One secret's forms: the character-by-character escapes as one pattern, tried only where one
   * can begin (a scan of every position with every alternative costs seconds per megabyte), and
   * the encodings of the whole value (hex, base64) as plain strings.
   */
  private record Forms(Pattern escaped, String starts, String seconds, List<String> literals,
      Pattern hexDump) {
    static Forms of(String secret) {
      int second = secret.offsetByCodePoints(0, 1);
      return new Forms(Pattern.compile("(?i:" + Redactor.characterwise(secret) + ")"),
          startsOf(secret.codePointAt(0)),
          startsOf(secret.codePointAt(second)) + INVISIBLE_CHARACTERS + LINE_BREAK_STARTS,
          encodings(secret), hexDumpOf(secret));
    }

    /** The characters a form of {@code c} can begin with. */
    private static String startsOf(int c) {
      String literal = new String(Character.toChars(c));
      StringBuilder starts = new StringBuilder(literal.toLowerCase(Locale.ROOT))
          .append(literal.toUpperCase(Locale.ROOT)).append("%\\&");
      if (c == ' ') {
        starts.append('+');
      }
      if (c == '"') {
        starts.append('"');
      }
      return starts.toString();
    }

    /**
     * Whether a form can begin at {@code i}: an escape, or the first character as is followed
     * by the second one's start (the common case, ordinary text, rules most positions out).
     */
    private boolean mayBeginAt(String text, int i) {
      char c = text.charAt(i);
      if (starts.indexOf(c) < 0) {
        return false;
      }
      if (c == '%' || c == '\\' || c == '&' || c == '+' || c == '"') {
        return true;
      }
      int next = i + Character.charCount(text.codePointAt(i));
      return next < text.length() && seconds.indexOf(text.charAt(next)) >= 0;
    }

    String mask(String text) {
      StringBuilder out = null;
      Matcher m = null;
      int copied = 0;
      for (int i = 0; i < text.length(); i++) {
        if (!mayBeginAt(text, i)) {
          continue;
        }
        if (m == null) {
          m = escaped.matcher(text);
        }
        m.region(i, text.length());
        if (m.lookingAt()) {
          if (out == null) {
            out = new StringBuilder(text.length());
          }
          out.append(text, copied, i).append(MASK);
          copied = m.end();
          i = copied - 1;
        }
      }
      String masked = out == null ? text : out.append(text, copied, text.length()).toString();
      for (String literal : literals) {
        if (masked.contains(literal)) {
          masked = masked.replace(literal, MASK);
        }
      }
      Matcher dump = hexDump.matcher(masked);
      return dump.find() ? dump.replaceAll(MASK) : masked;
    }
  }

  /**
   * The secret's UTF-8 bytes in hex with a separator allowed between any two bytes: a space, a
   * colon or a dash (hexdump, xxd, Wireshark and debug pages print bytes so), or a line break
   * where a dump wraps.
   */
  private static Pattern hexDumpOf(String secret) {
    StringBuilder p = new StringBuilder("(?i:");
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (i > 0) {
        p.append("(?:[ :-]{1,2}|[ \\t]*+(?:\\r\\n|\\r|\\n)[ \\t]*+|\\\\[rn])?");
      }
      p.append(String.format(Locale.ROOT, "%02x", bytes[i] & 0xff));
    }
    return Pattern.compile(p.append(')').toString());
  }

  /**
   * The secret with each character in any of the forms a text escape gives it, so that a value
   * partly percent-encoded by a URL parser, or escaped for JSON inside HTML, still matches.
   */
  private static String characterwise(String s) {
    StringBuilder p = new StringBuilder();
    s.codePoints().forEach(c -> {
      if (!p.isEmpty()) {
        // Before a space, tab, line break or backslash, no line break is read as a wrap: a run
        // of line breaks could otherwise be split between wraps and the value's own characters
        // in every way (32 took seven seconds; a hostile JSON answer's token could hold more).
        p.append(" \t\r\n\\".indexOf(c) >= 0 ? INVISIBLE_NO_BREAK : INVISIBLE);
      }
      Set<String> alternatives = new LinkedHashSet<>();
      String literal = new String(Character.toChars(c));
      StringBuilder percent = new StringBuilder();
      for (byte b : literal.getBytes(StandardCharsets.UTF_8)) {
        percent.append('%').append(String.format(Locale.ROOT, "%02x", b & 0xff));
      }
      alternatives.add(percent.toString());
      // Encoded twice, as a proxy or a redirect that encodes a whole URL again leaves it.
      alternatives.add(percent.toString().replace("%", "%25"));
      if (c == ' ') {
        alternatives.add("\\+");
        alternatives.add("%2b"); // the + of a form-encoded space, encoded again
      }
      for (String json : json(c)) {
        alternatives.add(Pattern.quote(json));
        // JSON inside HTML or XML (a JSON string in a report page): its quote escaped again.
        alternatives.add(Pattern.quote(json.replace("\"", "&quot;")));
        alternatives.add(Pattern.quote(json.replace("\"", "&#34;")));
      }
      // HTML and XML character references: named, decimal and hex, with any leading zeros.
      alternatives.add("&#0*" + c + ";");
      alternatives.add("&#x0*" + Integer.toHexString(c) + ";");
      String named = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&apos;";
        // HTML writers (jsoup among them) name a no-break space even where UTF-8 could carry it.
        case 0xa0 -> "&nbsp;";
        default -> null;
      };
      if (named != null) {
        alternatives.add(Pattern.quote(named));
      }
      if (c == '"') {
        alternatives.add(Pattern.quote("\"\"")); // CSV
      }
      if (c < 0x100) {
        alternatives.add(Pattern.quote(String.format(Locale.ROOT, "\\x%02x", c)));
      }
      // The character as is comes last and each character's forms are one atomic group: an
      // escape (two or more characters) is taken over the characters it is made of, and a
      // character once matched is not matched again another way. Without that, a value of
      // backslashes ("\\" is one backslash JSON-escaped, or two) made the match try every
      // split: 28 of them took half a second and 60 would take hours, so a hostile server's
      // cookie could hold a scan forever. The value as is is also replaced as a plain string
      // (encodings), for what an escape-first reading passes over ("%25" as the value "%25").
      alternatives.add(Pattern.quote(literal));
      // Longest first, so that a form is never cut short by one it begins with ("%25" of "%"
      // is how "%2525", the same "%" encoded twice, begins).
      List<String> ordered = new ArrayList<>(alternatives);
      ordered.sort(Comparator.comparingInt(
          (String a) -> a.replace("\\Q", "").replace("\\E", "").length()).reversed());
      p.append("(?>").append(String.join("|", ordered)).append(')');
    });
    return p.toString();
  }

  /**
   * Characters that show as nothing: between a secret's characters they keep it readable to a
   * person while breaking a plain match (a zero-width space after each of "Tk3n" renders as "Tk3n").
   */
  private static final String INVISIBLE_CHARACTERS = "\u200b\u200c\u200d\u2060\ufeff\u00ad";

  /** What a line break between two characters can begin with (a wrapped value: see below). */
  private static final String LINE_BREAK_STARTS = " \t\r\n\\";

  /**
   * Any run of them between two characters of a secret: as is, percent-encoded or JSON-escaped;
   * and a line break, with the spaces around it, as a value wrapped at a fixed width shows it
   * (a {@code <pre>} dump of request headers), as is or JSON-escaped.
   */
  private static final String INVISIBLE = "(?:[" + INVISIBLE_CHARACTERS + "]|%e2%80%8[bcd]"
      + "|%e2%81%a0|%ef%bb%bf|%c2%ad|\\\\u200[bcd]|\\\\u2060|\\\\ufeff|\\\\u00ad"
      + "|[ \t]*+(?:\r\n|\r|\n)[ \t]*+|\\\\[rn])*";

  /** {@link #INVISIBLE} without line breaks: before a character a break could be read as. */
  private static final String INVISIBLE_NO_BREAK = "(?:[" + INVISIBLE_CHARACTERS
      + "]|%e2%80%8[bcd]|%e2%81%a0|%ef%bb%bf|%c2%ad|\\\\u200[bcd]|\\\\u2060|\\\\ufeff"
      + "|\\\\u00ad)*";

  /** The JSON escapes of one character (the character itself is one form already). */
  private static List<String> json(int c) {
    List<String> out = new ArrayList<>();
    for (char unit : Character.toChars(c)) {
      out.add(String.format(Locale.ROOT, "\\u%04x", (int) unit));
    }
    if (out.size() > 1) {
      return List.of(String.join("", out));
    }
    switch (c) {
      case '"' -> out.add("\\\"");
      case '\\' -> out.add("\\\\");
      case '/' -> out.add("\\/");
      case '\n' -> out.add("\\n");
      case '\r' -> out.add("\\r");
      case '\t' -> out.add("\\t");
      case '\b' -> out.add("\\b");
      case '\f' -> out.add("\\f");
      default -> { }
    }
    return out;
  }

  /**
   * Forms that are not a character-by-character escape: hex of the UTF-8 bytes (either case) and
   * base64. Inside a longer base64 text the secret starts at one of three byte alignments; the
   * characters that encode only the secret's bits are the same whatever surrounds it, so those
   * are masked (padded or not, standard or URL-safe alphabet).
   */
  static List<String> encodings(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    String hex = HexFormat.of().formatHex(bytes);
    out.add(s);
    out.add(hex);
    out.add(hex.toUpperCase(Locale.ROOT));
    // Written backwards, as a debug page or a hostile server may echo it.
    out.add(new StringBuilder(s).reverse().toString());
    for (int align = 0; align < 3; align++) {
      byte[] shifted = new byte[align + bytes.length + 2];
      System.arraycopy(bytes, 0, shifted, align, bytes.length);
      String encoded = Base64.getEncoder().encodeToString(shifted);
      int firstBit = 8 * align;
      int endBit = firstBit + 8 * bytes.length;
      int from = (firstBit + 5) / 6;
      int to = endBit / 6;
      if (to - from >= MIN_BASE64_RUN || (align == 0 && to - from >= MIN_LENGTH)) {
        String run = encoded.substring(from, to);
        out.add(run);
        String urlSafe = run.replace('+', '-').replace('/', '_');
        if (!urlSafe.equals(run)) {
          out.add(urlSafe);
        }
      }
    }
    return out;
  }
}
