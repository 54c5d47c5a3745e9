package dev.secaudit.probe.securitytxt;

import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.NANO_OF_SECOND;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a security.txt file (RFC 9116) into its fields, without judging them: the check decides
 * what a missing Contact or a second Expires means. Lines may end in CRLF or LF, field names are
 * case-insensitive, {@code #} starts a comment line, and unknown fields are kept (the RFC lets
 * files carry extensions).
 *
 * <p>An OpenPGP cleartext-signed file (RFC 4880 §7, RFC 9580 §7) is recognised by its framing.
 * Only the signed part is read for fields: text outside it is not covered by the signature, so a
 * reader that trusted it would let anyone who can append to the file add a contact. The signature
 * itself is checked for shape (framing, base64, a Signature packet), never cryptographically.
 */
public final class SecurityTxtParser {
  /** The fields RFC 9116 §2.5 defines, spelt as the RFC spells them. */
  public static final List<String> RFC_FIELDS =
      List.of("Acknowledgments", "Canonical", "Contact", "Encryption", "Expires", "Hiring",
          "Policy", "Preferred-Languages");

  static final String BEGIN_SIGNED = "-----BEGIN PGP SIGNED MESSAGE-----";
  static final String BEGIN_SIGNATURE = "-----BEGIN PGP SIGNATURE-----";
  static final String END_SIGNATURE = "-----END PGP SIGNATURE-----";

  private static final Map<String, String> CANONICAL_NAMES = canonicalNames();

  // ext-name in RFC 9116's ABNF is 1*(ALPHA / DIGIT / "-"); the space after ':' is required by
  // the grammar but commonly left out, and leaving it out changes nothing a reader needs.
  private static final Pattern FIELD = Pattern.compile("([A-Za-z0-9-]+):[ \\t]*(.*?)[ \\t]*");
  private static final Pattern LINE_BREAK = Pattern.compile("\\r\\n|\\n|\\r");
  private static final Pattern LONE_CR = Pattern.compile("\\r(?!\\n)");
  private static final Pattern ARMOR_HEADER = Pattern.compile("([A-Za-z0-9-]+):\\s?(.*)");

  /** RFC 3339 date-time: seconds required, fraction optional, offset required ('Z' or ±hh:mm). */
  private static final DateTimeFormatter RFC_3339 =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .appendValue(HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(MINUTE_OF_HOUR, 2)
          .appendLiteral(':')
          .appendValue(SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .appendOffset("+HH:MM", "Z")
          .toFormatter(Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT);

  private SecurityTxtParser() {}

  private static Map<String, String> canonicalNames() {
    Map<String, String> names = new LinkedHashMap<>();
    for (String f : RFC_FIELDS) {
      names.put(f.toLowerCase(Locale.ROOT), f);
    }
    return Map.copyOf(names);
  }

  /** One {@code Name: value} line; {@code name} uses the RFC's spelling for the RFC's fields. */
  public record Field(String name, String value, int line) {}

  /** Something in the file a reader had to skip or guess about; {@code line} is 1-based. */
  public record Problem(int line, String message) {
    @Override
    public String toString() {
      return line > 0 ? "line " + line + ": " + message : message;
    }
  }

  /**
   * The cleartext signature as framed in the file.
   *
   * @param hashes the digest names from the {@code Hash:} armor headers, in order
   * @param problems what is wrong with the framing; empty when it is well formed
   */
  public record Signature(List<String> hashes, List<Problem> problems) {
    public Signature {
      hashes = List.copyOf(hashes);
      problems = List.copyOf(problems);
    }

    public boolean wellFormed() {
      return problems.isEmpty();
    }
  }

  /**
   * A parsed file.
   *
   * @param fields the fields read, in file order (only the signed part of a signed file)
   * @param problems lines that are neither fields nor comments, text outside the signed part
   * @param signature the cleartext signature, or null when the file is not signed
   */
  public record Document(List<Field> fields, List<Problem> problems, Signature signature) {
    public Document {
      fields = List.copyOf(fields);
      problems = List.copyOf(problems);
    }

    public boolean signed() {
      return signature != null;
    }

    /** Every field named {@code name} (case-insensitive), in file order. */
    public List<Field> all(String name) {
      List<Field> out = new ArrayList<>();
      for (Field f : fields) {
        if (f.name().equalsIgnoreCase(name)) {
          out.add(f);
        }
      }
      return out;
    }

    public List<String> values(String name) {
      return all(name).stream().map(Field::value).toList();
    }

    /** Whether any field is one RFC 9116 defines: the test that a 200 answer is a security.txt. */
    public boolean hasRfcField() {
      return fields.stream().anyMatch(f -> RFC_FIELDS.contains(f.name()));
    }
  }

  /** An RFC 3339 date-time as RFC 9116's Expires requires it, or empty. */
  public static Optional<OffsetDateTime> parseDateTime(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text.trim(), RFC_3339));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private record Line(int number, String text) {}

  public static Document parse(String text) {
    List<Problem> problems = new ArrayList<>();
    String body = text == null ? "" : text;
    if (body.startsWith("\uFEFF")) {
      problems.add(new Problem(1, "starts with a byte order mark"));
      body = body.substring(1);
    }
    if (LONE_CR.matcher(body).find()) {
      problems.add(new Problem(0, "uses bare CR line breaks; lines end in CRLF or LF"));
    }
    List<Line> lines = split(body);

    int begin = indexOf(lines, 0, BEGIN_SIGNED);
    if (begin < 0) {
      int stray = indexOf(lines, 0, BEGIN_SIGNATURE);
      if (stray < 0) {
        return new Document(fields(lines, problems), problems, null);
      }
      // A signature block without the signed-message header signs nothing the reader can see.
      List<Problem> sig = new ArrayList<>();
      sig.add(new Problem(lines.get(stray).number(),
          "signature block without '" + BEGIN_SIGNED + "' before it"));
      List<Line> before = lines.subList(0, stray);
      signatureBlock(lines, stray, sig, problems);
      return new Document(fields(before, problems), problems, new Signature(List.of(), sig));
    }

    outsideSigned(lines.subList(0, begin), problems);
    List<Problem> sig = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    int i = begin + 1;
    // Armor headers of the signed message: only Hash is defined, and an empty line ends them.
    for (; i < lines.size() && !lines.get(i).text().isBlank(); i++) {
      Line l = lines.get(i);
      Matcher m = ARMOR_HEADER.matcher(l.text().strip());
      if (m.matches() && m.group(1).equalsIgnoreCase("Hash")) {
        for (String h : m.group(2).split(",")) {
          if (!h.isBlank()) {
            hashes.add(h.strip());
          }
        }
      } else {
        sig.add(new Problem(l.number(), "unexpected armor header '" + l.text().strip()
            + "' (only Hash: is allowed, then an empty line)"));
      }
    }
    if (i >= lines.size()) {
      sig.add(new Problem(lines.get(begin).number(), "no empty line after the armor headers"));
    }
    i++;
    List<Line> signedText = new ArrayList<>();
    int sigStart = -1;
    for (; i < lines.size(); i++) {
      Line l = lines.get(i);
      if (l.text().stripTrailing().equals(BEGIN_SIGNATURE)) {
        sigStart = i;
        break;
      }
      if (l.text().startsWith("- ")) {
        signedText.add(new Line(l.number(), l.text().substring(2)));
      } else {
        if (l.text().startsWith("-")) {
          sig.add(new Problem(l.number(), "line starts with '-' but is not dash-escaped ('- ')"));
        }
        signedText.add(l);
      }
    }
    if (sigStart < 0) {
      sig.add(new Problem(0, "no '" + BEGIN_SIGNATURE + "' block after the signed text"));
    } else {
      signatureBlock(lines, sigStart, sig, problems);
    }
    return new Document(fields(signedText, problems), problems, new Signature(hashes, sig));
  }

  /**
   * Reads the armored signature from {@code start} (its BEGIN line) to its END line: armor
   * headers, base64 data, an optional CRC-24 line. The CRC is not judged: RFC 9580 §6.1 forbids
   * rejecting an object over it. Text after the END line is reported as unsigned.
   */
  private static void signatureBlock(List<Line> lines, int start, List<Problem> sig,
      List<Problem> problems) {
    int i = start + 1;
    // Base64 never contains ':', so a line with one is an armor header (Version:, Comment:).
    for (; i < lines.size() && lines.get(i).text().contains(":"); i++) {
      // headers carry nothing a security.txt reader needs
    }
    if (i < lines.size() && lines.get(i).text().isBlank()) {
      i++;
    } else {
      sig.add(new Problem(lines.get(start).number(), "no empty line between '" + BEGIN_SIGNATURE
          + "' (and its armor headers) and the data"));
    }
    StringBuilder data = new StringBuilder();
    int end = -1;
    for (; i < lines.size(); i++) {
      String t = lines.get(i).text().strip();
      if (t.equals(END_SIGNATURE)) {
        end = i;
        break;
      }
      if (!t.startsWith("=")) {
        data.append(t);
      }
    }
    int at = lines.get(start).number();
    if (end < 0) {
      sig.add(new Problem(at, "no '" + END_SIGNATURE + "' line"));
    } else {
      outsideSigned(lines.subList(end + 1, lines.size()), problems);
    }
    if (data.length() == 0) {
      sig.add(new Problem(at, "the signature block holds no data"));
      return;
    }
    byte[] packet;
    try {
      packet = Base64.getDecoder().decode(data.toString());
    } catch (IllegalArgumentException e) {
      sig.add(new Problem(at, "the signature data is not valid base64"));
      return;
    }
    int tag = packetTag(packet);
    if (tag != 2) {
      sig.add(new Problem(at, tag < 0 ? "the signature data is not an OpenPGP packet"
          : "the armored packet is not a Signature packet (tag " + tag + ", expected 2)"));
    }
  }

  /**
   * The tag of the first OpenPGP packet (RFC 9580 §4.2): bit 7 is always set; bit 6 selects the
   * new format (tag in bits 5-0) over the legacy one (tag in bits 5-2). -1 when it is no packet.
   */
  static int packetTag(byte[] packet) {
    if (packet.length == 0 || (packet[0] & 0x80) == 0) {
      return -1;
    }
    int b = packet[0] & 0xFF;
    return (b & 0x40) != 0 ? b & 0x3F : (b >> 2) & 0x0F;
  }

  private static void outsideSigned(List<Line> lines, List<Problem> problems) {
    for (Line l : lines) {
      if (!l.text().isBlank()) {
        problems.add(new Problem(l.number(), "outside the signed message, so ignored"));
      }
    }
  }

  private static List<Field> fields(List<Line> lines, List<Problem> problems) {
    List<Field> out = new ArrayList<>();
    for (Line l : lines) {
      String t = l.text().strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      Matcher m = FIELD.matcher(t);
      if (!m.matches()) {
        problems.add(
            new Problem(l.number(), "neither a field ('Name: value') nor a comment ('#')"));
        continue;
      }
      String name = CANONICAL_NAMES.getOrDefault(m.group(1).toLowerCase(Locale.ROOT), m.group(1));
      if (m.group(2).isEmpty()) {
        problems.add(new Problem(l.number(), name + " has no value"));
        continue;
      }
      out.add(new Field(name, m.group(2), l.number()));
    }
    return out;
  }

  private static int indexOf(List<Line> lines, int from, String marker) {
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).text().stripTrailing().equals(marker)) {
        return i;
      }
    }
    return -1;
  }

  private static List<Line> split(String body) {
    String[] parts = LINE_BREAK.split(body, -1);
    int n = parts.length;
    // A final line break leaves one empty piece behind it; that is not a line.
    if (n > 0 && parts[n - 1].isEmpty()) {
      n--;
    }
    List<Line> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new Line(i + 1, parts[i]));
    }
    return out;
  }
}
