package dev.secaudit.report;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.secaudit.model.ContractJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where in a JSON file the value at a path ("findings[12].time") starts. A scan.json is bound
 * partly from trees, which keep no places, and its fields are checked after a finding has been
 * read; so a refused value is found again by reading the file anew up to it. That costs a second
 * read only when a file is refused, never while an honest one is read.
 */
final class JsonPlace {
  private JsonPlace() {}

  /** Opens the file again from its start. */
  interface Source {
    InputStream open() throws IOException;
  }

  private static final Pattern STEP = Pattern.compile("\\[(\\d+)]|([^.\\[\\]]+)");

  /**
   * The line and column where the value at {@code path} starts, or null when the file cannot be
   * read again or has no such value.
   */
  static JsonLocation of(Source source, String path) {
    if (source == null) {
      return null;
    }
    List<Object> steps = new ArrayList<>();
    Matcher m = STEP.matcher(path);
    while (m.find()) {
      steps.add(m.group(1) != null ? (Object) Integer.valueOf(m.group(1)) : m.group(2));
    }
    // Read as characters: a parser of bytes counts columns in bytes, and an editor in
    // characters (a title with an em dash earlier on the line would shift every column).
    try (InputStream in = source.open();
        JsonParser p = ContractJson.factory().createParser(text(in))) {
      JsonToken t = p.nextToken();
      for (Object step : steps) {
        t = step instanceof Integer i ? item(p, t, i) : field(p, t, (String) step);
        if (t == null) {
          return null;
        }
      }
      return t == null ? null : p.currentTokenLocation();
    } catch (IOException | RuntimeException e) {
      // Only a place for a message about a fault already found: without one it still reads.
      return null;
    }
  }

  /** The file as characters, past a byte-order mark (which no editor counts as a column). */
  private static Reader text(InputStream in) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    r.mark(1);
    if (r.read() != '\uFEFF') {
      r.reset();
    }
    return r;
  }

  private static JsonToken field(JsonParser p, JsonToken t, String name) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      return null;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      boolean wanted = name.equals(p.currentName());
      JsonToken value = p.nextToken();
      if (wanted) {
        return value;
      }
      p.skipChildren();
    }
    return null;
  }

  private static JsonToken item(JsonParser p, JsonToken t, int index) throws IOException {
    if (t != JsonToken.START_ARRAY) {
      return null;
    }
    for (int i = 0; ; i++) {
      JsonToken value = p.nextToken();
      if (value == JsonToken.END_ARRAY || value == null) {
        return null;
      }
      if (i == index) {
        return value;
      }
      p.skipChildren();
    }
  }
}
