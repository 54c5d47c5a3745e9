package dev.secaudit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.secaudit.policy.UsageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * How a scan.json that cannot be read is refused: the file, the field by its path
 * ({@code findings[3].status}) or its line and column, and what to do, exit 2. One place for the
 * wording, so the streamed readers and the whole file's binding refuse a file the same way.
 */
final class ScanRefusals {
  private final String file;

  ScanRefusals(String file) {
    this.file = file;
  }

  /** A field every scan secaudit writes has, not there. */
  static UsageException missing(String file, String path) {
    return new UsageException(file + ": " + path + ": missing; a scan written by 'secaudit"
        + " scan' always has it (a cut or hand-edited file?); re-run the scan");
  }

  UsageException missing(String path) {
    return missing(file, path);
  }

  /** A field of the wrong kind: {@code got} as a JSON tree names it ("number", "object"…). */
  static UsageException mistyped(String file, String path, String expected, String got) {
    return new UsageException(file + ": " + path + ": expected " + expected + ", got " + got
        + "; re-run the scan");
  }

  /** {@code value} when present and {@code ok}; else refused by its path. */
  JsonNode require(JsonNode value, String path, Predicate<JsonNode> ok, String expected) {
    if (value == null || value.isNull()) {
      throw missing(file, path);
    }
    if (!ok.test(value)) {
      throw mistyped(file, path, expected,
          value.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return value;
  }

  <E extends Enum<E>> void requireName(JsonNode value, String path, Class<E> type) {
    requireName(require(value, path, JsonNode::isTextual, "text").asText(), file, path, type);
  }

  /** Refuses a name that is none of {@code type}'s, naming them. */
  static <E extends Enum<E>> void requireName(String name, String file, String path,
      Class<E> type) {
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return;
      }
      names.add(e.name());
    }
    throw new UsageException(file + ": " + path + ": '" + name + "' is not one of "
        + String.join(", ", names) + "; re-run the scan");
  }

  UsageException notAScan() {
    return new UsageException(file + ": not a secaudit scan (expected a JSON object)");
  }

  UsageException invalid(JsonProcessingException e) {
    return invalid(e, "");
  }

  /** {@code within} is the path of the finding a value was bound in, or empty. */
  UsageException invalid(JsonProcessingException e, String within) {
    // A value bound from a tree has no place in the file; its path names it instead.
    String where = e.getLocation() == null || e.getLocation().getLineNr() < 0 || !within.isEmpty()
        ? "" : ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
    return new UsageException(file + where + ": not a valid scan JSON: "
        + e.getOriginalMessage() + pathOf(e, within));
  }

  UsageException unreadable(IOException e) {
    return new UsageException(file + ": cannot read: " + e.getMessage());
  }

  /** " (at findings[2].time)" for a value Jackson could not bind, or an empty string. */
  private static String pathOf(JsonProcessingException e, String within) {
    if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
      return within.isEmpty() ? "" : " (at " + within + ")";
    }
    StringBuilder sb = new StringBuilder(within);
    for (var ref : m.getPath()) {
      if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
      }
    }
    return " (at " + sb + ")";
  }
}
