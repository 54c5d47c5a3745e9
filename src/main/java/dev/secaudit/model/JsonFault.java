package dev.secaudit.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jackson's refusal of a JSON file in the words a user of secaudit reads: what was expected and
 * what the file holds instead ("expected a whole number, got text 'twenty'"), never a Java type,
 * a Jackson class or one of its feature flags. The one translator of Jackson's exceptions, so
 * every reader of a JSON file (scan.json, the evidence manifest) words a fault the same way.
 * Where the fault is (file:line:column, the field's path) is the caller's: it knows the file.
 */
public final class JsonFault {
  private JsonFault() {}

  /** Quoted values are cut to this many characters: a forged file may hold megabytes in one. */
  private static final int SHOWN = 40;

  /** What is wrong, in plain words, without place or advice. */
  public static String describe(JsonProcessingException e) {
    if (e instanceof JsonMappingException && e.getCause() instanceof JsonProcessingException c) {
      // A fault of the JSON text, met while binding a value: the path is the wrapper's, the
      // fault the text's.
      return describe(c);
    }
    if (e instanceof InvalidFormatException f) {
      String own = ownReason(f.getOriginalMessage());
      return own != null ? own : expected(f.getTargetType()) + ", got " + shown(f.getValue());
    }
    if (e instanceof ValueInstantiationException v) {
      Throwable cause = v.getCause();
      return "not a valid value: " + (cause == null ? "refused" : cause.getMessage());
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return expected(m.getTargetType()) + ", got " + found(m);
    }
    if (e instanceof StreamConstraintsException) {
      return limit(e.getOriginalMessage());
    }
    if (e instanceof JsonEOFException || e.getOriginalMessage() != null
        && e.getOriginalMessage().startsWith("Unexpected end-of-input")) {
      return "the file ends in the middle of " + (inString(e) ? "a text value"
          : "an object or a list") + ": it was cut short (an interrupted copy or a full disk?)";
    }
    return syntax(e.getOriginalMessage());
  }

  /** "expected a whole number", "expected a list of text"... for a value bound to {@code type}. */
  public static String expected(Class<?> type) {
    return "expected " + kind(type);
  }

  private static String kind(Class<?> type) {
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class
        || type == short.class || type == Short.class) {
      return "a whole number";
    } else if (type == double.class || type == Double.class || type == float.class
        || type == Float.class) {
      return "a number";
    } else if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    } else if (type == String.class || type == Mapping.class || CharSequence.class
        .isAssignableFrom(type)) {
      return "text";
    } else if (Temporal.class.isAssignableFrom(type)) {
      return "an ISO-8601 time such as 2026-01-31T12:00:00Z";
    } else if (type.isEnum()) {
      List<String> names = new ArrayList<>();
      for (Object c : type.getEnumConstants()) {
        names.add(((Enum<?>) c).name());
      }
      return "one of " + String.join(", ", names);
    } else if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    return Map.class.isAssignableFrom(type) ? "an object of names and texts" : "an object";
  }

  /**
   * What the parser stood on when a value was refused: "a number", "text 'x'", "a list"... The
   * parser of a mapping exception is at the refused value; when it is not there, "something else".
   */
  private static String found(MismatchedInputException m) {
    if (m.getProcessor() instanceof JsonParser p) {
      JsonToken t = p.currentToken();
      if (t != null) {
        try {
          return token(t, t == JsonToken.VALUE_STRING || t.isNumeric() ? p.getText() : null);
        } catch (IOException e) {
          return token(t, null);
        }
      }
    }
    return "something else";
  }

  /** A JSON token as people name it, with its text when it has one. */
  public static String token(JsonToken t, String text) {
    return switch (t) {
      case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
      case START_ARRAY, END_ARRAY -> "a list";
      case VALUE_STRING -> text == null ? "text" : "text " + quoted(text);
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> text == null ? "a number"
          : "the number " + cut(text);
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      case VALUE_NULL -> "null";
      default -> "something else";
    };
  }

  /** A value as a message shows it: text quoted and cut, numbers cut to their first digits. */
  private static String shown(Object value) {
    if (value instanceof String s) {
      return "text " + quoted(s);
    }
    return value instanceof Number ? "the number " + cut(String.valueOf(value))
        : String.valueOf(value);
  }

  /**
   * A value of a file, quoted in a one-line message: cut, and every control character, line
   * breaks included, escaped. Every refusal that quotes what a file holds quotes it here.
   */
  public static String quoted(String text) {
    return "'" + ControlCharacters.escapeLine(cut(text)) + "'";
  }

  private static String cut(String text) {
    return text.length() <= SHOWN ? text
        : text.substring(0, SHOWN) + "… (" + text.length() + " characters)";
  }

  /**
   * The reason a value's own parser gave, when it is secaudit's words (a mapping's "expected
   * FRAMEWORK:REQUIREMENT") rather than Jackson's or the JDK's.
   */
  private static String ownReason(String message) {
    int at = message == null ? -1 : message.lastIndexOf("\": ");
    String reason = at < 0 ? "" : message.substring(at + 3);
    return reason.startsWith("expected ") ? reason : null;
  }

  private static boolean inString(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    return m != null && (m.contains("VALUE_STRING") || m.contains("field name"));
  }

  private static final Pattern LIMIT = Pattern.compile(
      "^(Document nesting depth|Number value length|String value length|Name length)"
      + " \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)");

  /** A size limit of the parser, each said as what the file holds and why it is refused. */
  private static String limit(String message) {
    Matcher m = LIMIT.matcher(message == null ? "" : message);
    if (!m.find()) {
      return "the file is larger in one place than secaudit reads (a forged or broken file?)";
    }
    String max = m.group(3);
    return switch (m.group(1)) {
      case "Document nesting depth" -> "lists and objects nested more than " + max
          + " deep; the files secaudit reads nest a few levels (a forged or broken file?)";
      case "Number value length" -> "a number " + m.group(2) + " digits long (at most " + max
          + "); no value secaudit reads has one (a forged or broken file?)";
      case "String value length" -> "a text value over " + max + " characters long";
      default -> "a field name " + m.group(2) + " characters long (at most " + max + ")";
    };
  }

  private static final Pattern UNEXPECTED = Pattern.compile(
      "^Unexpected character \\('(.*?)' \\(code (\\d+)[^)]*\\)\\)(?: in numeric value)?:? ?(.*)",
      Pattern.DOTALL);
  private static final Pattern CONTROL = Pattern.compile(
      "^Illegal (unquoted )?character \\(\\(CTRL-CHAR, code (\\d+)\\)\\)");
  private static final Pattern UTF8 = Pattern.compile(
      "^Invalid UTF-8 (?:start|middle) byte (0x[0-9a-fA-F]+)");
  private static final Pattern OUT_OF_RANGE = Pattern.compile(
      "^Numeric value \\((.*?)\\) out of range of (int|long)");
  private static final Pattern UNRECOGNIZED = Pattern.compile("^Unrecognized token '(.*?)'");
  private static final Pattern NON_NUMERIC = Pattern.compile("^Non-standard token '(.*?)'");
  private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.*?)'");
  private static final Pattern CLOSE = Pattern.compile(
      "^Unexpected close marker '(.)': expected '(.)'");

  /** A fault of the JSON text itself, by what the parser said of it. */
  private static String syntax(String message) {
    String m = message == null ? "" : message;
    Matcher x;
    if ((x = DUPLICATE.matcher(m)).find()) {
      return "the field '" + x.group(1) + "' appears twice in one object: which one is meant"
          + " is not for secaudit to guess";
    } else if ((x = NON_NUMERIC.matcher(m)).find()) {
      return "expected a value, got " + x.group(1) + ": JSON has no such number";
    } else if ((x = OUT_OF_RANGE.matcher(m)).find()) {
      return "expected a whole number up to " + (x.group(2).equals("int") ? Integer.MAX_VALUE
          : Long.MAX_VALUE) + ", got the number " + cut(x.group(1));
    } else if ((x = UTF8.matcher(m)).find()) {
      return "not UTF-8: the byte " + x.group(1).toUpperCase(Locale.ROOT).replace("0X", "0x")
          + " starts no UTF-8 character here (save the file as UTF-8)";
    } else if ((x = CONTROL.matcher(m)).find()) {
      String code = String.format("U+%04X", Integer.parseInt(x.group(2)));
      return x.group(1) != null ? "the control character " + code + " inside a text value;"
          + " JSON writes it escaped (\\u" + code.substring(2) + ")"
          : "the control character " + code + " between values, where only spaces and line"
          + " breaks may stand";
    } else if ((x = CLOSE.matcher(m)).find()) {
      return "got '" + x.group(1) + "' where '" + x.group(2) + "' should close the "
          + (x.group(2).equals("}") ? "object" : "list");
    } else if ((x = UNRECOGNIZED.matcher(m)).find()) {
      return "expected a value, got " + quoted(x.group(1)) + " (text needs double quotes;"
          + " the words JSON knows are true, false and null)";
    } else if ((x = UNEXPECTED.matcher(m)).find()) {
      return unexpected(x.group(1), Integer.parseInt(x.group(2)), x.group(3));
    } else if (m.startsWith("Leading zeroes") || m.startsWith("Invalid numeric value")) {
      return "not a JSON number (a number has no leading zeroes, a sign of its own or a"
          + " trailing dot)";
    }
    // A fault none of the above names: Jackson's own words, without its class and flag names.
    return m.replaceAll("\\s*\\(from `[^`]*`\\)", "").replaceAll("[:;,]?\\s*enable `[^`]*`"
        + " to allow", "").replaceAll("`[A-Za-z0-9_.$]+\\.([A-Za-z0-9_$]+)`", "$1").strip();
  }

  private static String unexpected(String c, int code, String rest) {
    String got = code < 0x20 ? String.format("the control character U+%04X", code)
        : "'" + c + "'";
    String wanted;
    if (rest.contains("double-quote to start field name")) {
      wanted = "a field name in double quotes";
    } else if (rest.contains("comma to separate Object")) {
      wanted = "a comma or '}' after a field";
    } else if (rest.contains("comma to separate Array")) {
      wanted = "a comma or ']' after a list item";
    } else if (rest.contains("colon to separate field name")) {
      wanted = "a colon after the field name";
    } else if (rest.contains("comment")) {
      return "got '" + c + "': JSON has no comments";
    } else if (rest.contains("closing quote")) {
      wanted = "a closing quote";
    } else if (rest.contains("Expected space separating root-level")) {
      wanted = "the end of the file";
    } else {
      wanted = "a value (text in double quotes, a number, true, false, null, a list or an"
          + " object)";
    }
    return "expected " + wanted + ", got " + got;
  }

  /**
   * A refusal as every reader of a JSON file words it: "file:line:column: field: what is wrong",
   * the place and field left out where not known.
   */
  public static String placed(String file, JsonProcessingException e) {
    return placed(file, e, null);
  }

  /** As {@link #placed(String, JsonProcessingException)}; {@code stopped}: the parser, or null. */
  public static String placed(String file, JsonProcessingException e, JsonParser stopped) {
    com.fasterxml.jackson.core.JsonLocation at = location(e);
    if (at == null && stopped != null && stopped.currentLocation().getLineNr() > 0) {
      at = stopped.currentLocation();
    }
    String field = field(e);
    return file + (at == null ? "" : ":" + at.getLineNr() + ":" + Math.max(at.getColumnNr(), 1))
        + ": " + (field.isEmpty() ? "" : field + ": ") + describe(e);
  }

  /**
   * Where a read stopped: the exception's own place, else the parser's (a limit crossed names
   * none), or null when neither is known.
   */
  public static com.fasterxml.jackson.core.JsonLocation location(JsonProcessingException e) {
    com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
    if ((at == null || at.getLineNr() < 1) && e.getProcessor() instanceof JsonParser p) {
      at = p.currentLocation();
    }
    return at == null || at.getLineNr() < 1 ? null : at;
  }

  /**
   * The field a fault is in, as {@link #path(JsonMappingException)} writes it: the binding's
   * path, else the object and list the parser stood in ("packages[\"\"].dependencies.react"), or
   * "" at the top of the file.
   */
  public static String field(JsonProcessingException e) {
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      return path(m);
    }
    if (!(e.getProcessor() instanceof JsonParser p)) {
      return "";
    }
    java.util.Deque<String> steps = new java.util.ArrayDeque<>();
    for (com.fasterxml.jackson.core.JsonStreamContext c = p.getParsingContext(); c != null
        && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        steps.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
      } else if (c.getCurrentName() != null) {
        String n = c.getCurrentName();
        steps.push(n.matches("[A-Za-z_][A-Za-z0-9_-]*") ? "." + n : "[" + quoted(n) + "]");
      }
    }
    String joined = String.join("", steps);
    return joined.startsWith(".") ? joined.substring(1) : joined;
  }

  /** The path Jackson recorded to a value it could not bind: "findings[2].time", or "". */
  public static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
      }
    }
    return sb.toString();
  }
}
