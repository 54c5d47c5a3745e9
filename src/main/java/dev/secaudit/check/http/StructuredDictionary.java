package dev.secaudit.check.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A structured-field Dictionary (RFC 9651 §3.2, §4.2.2), parsed as a recipient must: any syntax
 * error fails the whole field, and a repeated key keeps its last value. Headers built on it
 * (Permissions-Policy) are ignored by browsers when it fails, so the failure says where.
 */
record StructuredDictionary(Map<String, Member> members) {

  /** What a bare item is; the judgement of a member's value depends only on this and its text. */
  enum Kind {
    TOKEN,
    STRING,
    INTEGER,
    DECIMAL,
    BYTES,
    BOOLEAN,
    DATE,
    DISPLAY_STRING
  }

  /** A bare item: its kind and its text (a string without quotes and escapes). */
  record Item(Kind kind, String text) {}

  /**
   * One member: a single item, or an inner list (possibly empty) when {@code innerList}.
   * Parameters are read for syntax and kept by name, in order.
   */
  record Member(boolean innerList, List<Item> items, Map<String, Item> parameters) {}

  /** A field that is not a Dictionary: what is wrong, at which character (0-based). */
  static final class SyntaxError extends Exception {
    final int offset;

    SyntaxError(String message, int offset) {
      super(message + " at character " + (offset + 1));
      this.offset = offset;
    }
  }

  /**
   * The dictionary of a combined field value (several field lines joined with ", ", RFC 9110
   * §5.3), or a {@link SyntaxError}.
   */
  static StructuredDictionary parse(String field) throws SyntaxError {
    Reader r = new Reader(field);
    r.skipSpaces();
    Map<String, Member> members = new LinkedHashMap<>();
    while (!r.atEnd()) {
      String key = r.key();
      Member m;
      if (r.peek() == '=') {
        r.pos++;
        m = r.itemOrInnerList();
      } else {
        m = new Member(false, List.of(new Item(Kind.BOOLEAN, "?1")), r.parameters());
      }
      members.remove(key); // the last value wins, in the last position (RFC 9651 §4.2.2 note)
      members.put(key, m);
      r.skipOptionalWhitespace();
      if (r.atEnd()) {
        break;
      }
      r.expect(',', "',' between members");
      r.skipOptionalWhitespace();
      if (r.atEnd()) {
        throw r.error("a member after the trailing ','");
      }
    }
    return new StructuredDictionary(java.util.Collections.unmodifiableMap(members));
  }

  /** The parse position over one field value; every method fails with a {@link SyntaxError}. */
  private static final class Reader {
    private final String s;
    int pos;

    Reader(String s) {
      // Trailing spaces are discarded as leading ones are (RFC 9651 §4.2 steps 2 and 6).
      int end = s.length();
      while (end > 0 && s.charAt(end - 1) == ' ') {
        end--;
      }
      this.s = s.substring(0, end);
    }

    boolean atEnd() {
      return pos >= s.length();
    }

    char peek() {
      return atEnd() ? '\0' : s.charAt(pos);
    }

    SyntaxError error(String expected) {
      String found = atEnd() ? "the end" : "'" + s.charAt(pos) + "'";
      return new SyntaxError("expected " + expected + ", found " + found, pos);
    }

    void expect(char c, String what) throws SyntaxError {
      if (peek() != c || atEnd()) {
        throw error(what);
      }
      pos++;
    }

    void skipSpaces() {
      while (!atEnd() && s.charAt(pos) == ' ') {
        pos++;
      }
    }

    void skipOptionalWhitespace() {
      while (!atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
        pos++;
      }
    }

    /** key = ( lcalpha / "*" ) *( lcalpha / DIGIT / "_" / "-" / "." / "*" ) */
    String key() throws SyntaxError {
      char c = peek();
      if (atEnd() || !(isLcAlpha(c) || c == '*')) {
        throw error("a key (lower-case letter or '*')");
      }
      int start = pos++;
      while (!atEnd()) {
        char k = s.charAt(pos);
        if (!(isLcAlpha(k) || isDigit(k) || k == '_' || k == '-' || k == '.' || k == '*')) {
          break;
        }
        pos++;
      }
      return s.substring(start, pos);
    }

    Member itemOrInnerList() throws SyntaxError {
      if (peek() == '(' && !atEnd()) {
        pos++;
        List<Item> items = new ArrayList<>();
        while (true) {
          skipSpaces();
          if (atEnd()) {
            throw error("')' closing the inner list");
          }
          if (peek() == ')') {
            pos++;
            return new Member(true, List.copyOf(items), parameters());
          }
          items.add(bareItem());
          parameters(); // an item's own parameters: checked for syntax, not used
          if (!atEnd() && peek() != ' ' && peek() != ')') {
            throw error("' ' or ')' after an item of the inner list");
          }
        }
      }
      Item item = bareItem();
      return new Member(false, List.of(item), parameters());
    }

    Map<String, Item> parameters() throws SyntaxError {
      Map<String, Item> out = new LinkedHashMap<>();
      while (!atEnd() && peek() == ';') {
        pos++;
        skipSpaces();
        String key = key();
        Item value = new Item(Kind.BOOLEAN, "?1");
        if (!atEnd() && peek() == '=') {
          pos++;
          value = bareItem();
        }
        out.put(key, value);
      }
      return out;
    }

    Item bareItem() throws SyntaxError {
      char c = peek();
      if (atEnd()) {
        throw error("an item");
      }
      if (c == '-' || isDigit(c)) {
        return number();
      }
      if (c == '"') {
        return string();
      }
      if (c == '*' || isAlpha(c)) {
        return token();
      }
      if (c == ':') {
        return bytes();
      }
      if (c == '?') {
        pos++;
        if (peek() != '0' && peek() != '1' || atEnd()) {
          throw error("?0 or ?1");
        }
        pos++;
        return new Item(Kind.BOOLEAN, s.substring(pos - 2, pos));
      }
      if (c == '@') {
        pos++;
        Item n = number();
        if (n.kind() != Kind.INTEGER) {
          throw new SyntaxError("a date must be an integer", pos);
        }
        return new Item(Kind.DATE, "@" + n.text());
      }
      if (c == '%') {
        return displayString();
      }
      throw error("an item (number, \"string\", token, :bytes:, ?boolean, @date or %\"text\")");
    }

    private Item number() throws SyntaxError {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      if (atEnd() || !isDigit(peek())) {
        throw error("a digit");
      }
      int digits = 0;
      int dot = -1;
      while (!atEnd() && (isDigit(peek()) || peek() == '.' && dot < 0)) {
        if (peek() == '.') {
          if (digits > 12) {
            throw new SyntaxError("a decimal has at most 12 integer digits", start);
          }
          dot = pos;
        } else {
          digits++;
        }
        pos++;
        if (dot < 0 && digits > 15) {
          throw new SyntaxError("an integer has at most 15 digits", start);
        }
      }
      if (dot < 0) {
        return new Item(Kind.INTEGER, s.substring(start, pos));
      }
      int fraction = pos - dot - 1;
      if (fraction == 0 || fraction > 3) {
        throw new SyntaxError("a decimal has 1 to 3 fractional digits", start);
      }
      return new Item(Kind.DECIMAL, s.substring(start, pos));
    }

    private Item string() throws SyntaxError {
      pos++;
      StringBuilder out = new StringBuilder();
      while (!atEnd()) {
        char c = s.charAt(pos++);
        if (c == '\\') {
          if (atEnd() || s.charAt(pos) != '"' && s.charAt(pos) != '\\') {
            throw new SyntaxError("only \\\" and \\\\ are escapes in a string", pos);
          }
          out.append(s.charAt(pos++));
        } else if (c == '"') {
          return new Item(Kind.STRING, out.toString());
        } else if (c < 0x20 || c > 0x7e) {
          throw new SyntaxError("a string holds printable ASCII only", pos - 1);
        } else {
          out.append(c);
        }
      }
      throw error("'\"' closing the string");
    }

    private Item token() {
      int start = pos++;
      while (!atEnd() && (isTchar(peek()) || peek() == ':' || peek() == '/')) {
        pos++;
      }
      return new Item(Kind.TOKEN, s.substring(start, pos));
    }

    private Item bytes() throws SyntaxError {
      int start = pos++;
      while (!atEnd() && peek() != ':') {
        char c = peek();
        if (!(isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '=')) {
          throw error("base64 or ':' closing the byte sequence");
        }
        pos++;
      }
      expect(':', "':' closing the byte sequence");
      return new Item(Kind.BYTES, s.substring(start, pos));
    }

    private Item displayString() throws SyntaxError {
      int start = pos++;
      expect('"', "'\"' opening the display string");
      while (!atEnd() && peek() != '"') {
        char c = peek();
        if (c < 0x20 || c > 0x7e) {
          throw error("printable ASCII in the display string");
        }
        pos++;
      }
      expect('"', "'\"' closing the display string");
      return new Item(Kind.DISPLAY_STRING, s.substring(start, pos));
    }

    private static boolean isLcAlpha(char c) {
      return c >= 'a' && c <= 'z';
    }

    private static boolean isAlpha(char c) {
      return isLcAlpha(c) || c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    /** RFC 9110 tchar. */
    private static boolean isTchar(char c) {
      return isAlpha(c) || isDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
  }
}
