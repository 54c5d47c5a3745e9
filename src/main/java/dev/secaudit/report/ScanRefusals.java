package dev.secaudit.report;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.secaudit.model.JsonFault;
import dev.secaudit.policy.UsageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * How a scan.json that cannot be read is refused, as a policy's mistakes are: the file, the line
 * and column, the field by its path ({@code findings[3].status}), what was expected and what the
 * file holds, and what to do, exit 2. One place for the wording, so the streamed readers and the
 * whole file's binding refuse a file the same way; Jackson's own words are translated by
 * {@link JsonFault}, never shown.
 */
final class ScanRefusals {
  private static final String RERUN = "; re-run the scan";

  private final String file;
  private final JsonPlace.Source source;

  /** {@code source} reads the file again to find a refused value's line; null: no lines. */
  ScanRefusals(String file, JsonPlace.Source source) {
    this.file = file;
    this.source = source;
  }

  /** A field every scan secaudit writes has, not there: named at the object that lacks it. */
  UsageException missing(String path) {
    JsonLocation at = JsonPlace.of(source, path);
    if (at == null) {
      at = JsonPlace.of(source, parent(path));
    }
    return new UsageException(where(at) + ": " + path + ": missing; a scan written by"
        + " 'secaudit scan' always has it (a cut or hand-edited file?)" + RERUN);
  }

  private static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut <= 0 ? "" : path.substring(0, cut);
  }

  /** A field of the wrong kind: {@code got} as a JSON tree names it ("number", "object"…). */
  UsageException mistyped(String path, String expected, String got) {
    return new UsageException(where(path) + ": " + path + ": expected " + expected + ", got "
        + got + RERUN);
  }

  /** As {@link #mistyped(String, String, String)}, for the token the file holds instead. */
  UsageException mistyped(String path, String expected, JsonToken got) {
    return mistyped(path, expected, JsonFault.token(got, null));
  }

  /** A finding Finding's own checks refuse, for {@code reason}. */
  UsageException invalidFinding(String path, String reason) {
    return new UsageException(where(path) + ": " + path + ": not a valid finding: " + reason
        + RERUN);
  }

  /** A value of the right kind that the rest of the file contradicts, for {@code reason}. */
  UsageException refused(String path, String reason) {
    return new UsageException(where(path) + ": " + path + ": " + reason
        + " (a hand-edited file?)" + RERUN);
  }

  /** {@code value} when present and {@code ok}; else refused by its path. */
  JsonNode require(JsonNode value, String path, Predicate<JsonNode> ok, String expected) {
    if (value == null || value.isNull()) {
      throw missing(path);
    }
    if (!ok.test(value)) {
      throw mistyped(path, expected, value.asToken());
    }
    return value;
  }

  <E extends Enum<E>> void requireName(JsonNode value, String path, Class<E> type) {
    requireName(require(value, path, JsonNode::isTextual, "text").asText(), path, type);
  }

  /** Refuses a name that is none of {@code type}'s, naming them. */
  <E extends Enum<E>> void requireName(String name, String path, Class<E> type) {
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return;
      }
      names.add(e.name());
    }
    throw new UsageException(where(path) + ": " + path + ": " + JsonFault.quoted(name)
        + " is not one of " + String.join(", ", names) + RERUN);
  }

  /** The file holds no JSON object: {@code got} is its first token, null when it is empty. */
  UsageException notAScan(JsonToken got) {
    return new UsageException(file + ": not a secaudit scan (expected a JSON object, got "
        + (got == null ? "an empty file" : JsonFault.token(got, null)) + ")");
  }

  /**
   * As {@link #invalid(JsonProcessingException, String)}; {@code stopped} is where the parser
   * stopped, for the faults that name no place of their own (a limit crossed).
   */
  UsageException invalid(JsonProcessingException e, JsonLocation stopped) {
    return invalid(e, "", stopped);
  }

  /**
   * Jackson's refusal, in plain words at its place. {@code within} is the path of the finding a
   * value was bound in, or empty; a value bound from a tree has no place in the file, so a value
   * with a path is found again by it.
   */
  UsageException invalid(JsonProcessingException e, String within) {
    return invalid(e, within, null);
  }

  private UsageException invalid(JsonProcessingException e, String within,
      JsonLocation stopped) {
    String path = within;
    if (e instanceof JsonMappingException m) {
      String inner = JsonFault.path(m);
      path = within.isEmpty() || inner.isEmpty() || inner.startsWith("[") ? within + inner
          : within + "." + inner;
    }
    String what = JsonFault.describe(e);
    if (path.isEmpty()) {
      JsonLocation at = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? stopped
          : e.getLocation();
      return new UsageException(where(at == null || at.getLineNr() < 1 ? null : at)
          + ": not a valid scan JSON: " + what);
    }
    return new UsageException(where(path) + ": " + path + ": " + what + RERUN);
  }

  UsageException unreadable(IOException e) {
    return new UsageException(file + ": cannot read: " + e.getMessage());
  }

  /** " at line N" for the value at {@code path}, or "" when lines cannot be had. */
  String atLine(String path) {
    JsonLocation at = JsonPlace.of(source, path);
    return at == null ? "" : " at line " + at.getLineNr();
  }

  private String where(String path) {
    return where(JsonPlace.of(source, path));
  }

  private String where(JsonLocation at) {
    return at == null ? file : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
  }
}
