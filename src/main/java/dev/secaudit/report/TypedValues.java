package dev.secaudit.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The typed values of a scan's findings (what was checked, expected and observed, as records),
 * each distinct one bound once and shared after that: a fleet's findings repeat them by the
 * hundred thousand, and records cannot be changed by whoever shares them.
 *
 * <p>A value is known by its field and its tokens as read, each text kept once by the reader's
 * {@link TextPool}, so a value seen before is found by comparing references and makes no
 * objects. Copying each value's tokens into a buffer and its texts into a key, as the reader did
 * first, was a fifth of what reading a 213,500-finding scan allocated (docs/benchmarks.md,
 * "Reports at scale"). Only a value not seen before is handed to Jackson, as a buffer of its
 * tokens, so Jackson binds (and refuses) it exactly as it would from the file.
 */
final class TypedValues {
  /** One value kept: its field, its tokens and their texts, and what Jackson made of them. */
  private record Kept(int field, JsonToken[] tokens, String[] texts, int hash, Object value) {}

  /** How many distinct values are kept, so a scan of all-different values holds no more. */
  private static final int KEPT = 1 << 16;

  private final TextPool pool;
  private Kept[] table = new Kept[1 << 10];
  private int size;
  // The value being read: each token, its text (a name, a string, a number as written) or null,
  // and for a number or any other scalar the event itself, which Jackson reads back as it was.
  private JsonToken[] tokens = new JsonToken[32];
  private String[] texts = new String[32];
  private TokenBuffer[] events = new TokenBuffer[32];

  TypedValues(TextPool pool) {
    this.pool = pool;
  }

  /**
   * The value whose START_OBJECT {@code p} is at, of the constructor argument {@code field};
   * the parser is left at its END_OBJECT. A value new to the reader is bound by {@code jackson}.
   */
  Object of(JsonParser p, int field, ObjectReader jackson) throws IOException {
    int n = 0;
    int hash = field;
    int depth = 0;
    JsonToken token = p.currentToken();
    while (true) {
      if (n == tokens.length) {
        tokens = Arrays.copyOf(tokens, n * 2);
        texts = Arrays.copyOf(texts, n * 2);
        events = Arrays.copyOf(events, n * 2);
      }
      String text = null;
      TokenBuffer event = null;
      switch (token) {
        case START_OBJECT, START_ARRAY -> depth++;
        case END_OBJECT, END_ARRAY -> depth--;
        case FIELD_NAME -> text = pool.of(p.currentName());
        case VALUE_STRING -> text = pool.of(p);
        case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> { }
        default -> {
          text = p.getText();
          event = new TokenBuffer(p);
          event.copyCurrentEvent(p);
        }
      }
      tokens[n] = token;
      texts[n] = text;
      events[n] = event;
      n++;
      hash = 31 * (31 * hash + token.ordinal()) + (text == null ? 0 : text.hashCode());
      if (depth == 0) {
        break;
      }
      token = p.nextToken();
    }
    int mask = table.length - 1;
    int i = (hash ^ (hash >>> 16)) & mask;
    for (Kept k = table[i]; k != null; i = (i + 1) & mask, k = table[i]) {
      if (k.hash == hash && k.field == field && same(k, n)) {
        return k.value;
      }
    }
    Object value;
    try (JsonParser replay = replay(p, n).asParser(p)) {
      replay.nextToken();
      value = jackson.readValue(replay);
    }
    if (value != null && size < KEPT) {
      table[i] = new Kept(field, Arrays.copyOf(tokens, n), Arrays.copyOf(texts, n), hash, value);
      if (++size * 2 > table.length) {
        grow();
      }
    }
    return value;
  }

  private boolean same(Kept k, int n) {
    if (k.tokens.length != n) {
      return false;
    }
    for (int j = 0; j < n; j++) {
      if (k.tokens[j] != tokens[j] || !Objects.equals(k.texts[j], texts[j])) {
        return false;
      }
    }
    return true;
  }

  /** The first {@code n} tokens read, as Jackson's buffer of tokens. */
  private TokenBuffer replay(JsonParser p, int n) throws IOException {
    TokenBuffer copy = new TokenBuffer(p);
    for (int j = 0; j < n; j++) {
      switch (tokens[j]) {
        case START_OBJECT -> copy.writeStartObject();
        case END_OBJECT -> copy.writeEndObject();
        case START_ARRAY -> copy.writeStartArray();
        case END_ARRAY -> copy.writeEndArray();
        case FIELD_NAME -> copy.writeFieldName(texts[j]);
        case VALUE_STRING -> copy.writeString(texts[j]);
        case VALUE_TRUE -> copy.writeBoolean(true);
        case VALUE_FALSE -> copy.writeBoolean(false);
        case VALUE_NULL -> copy.writeNull();
        default -> copy.append(events[j]);
      }
    }
    return copy;
  }

  private void grow() {
    Kept[] old = table;
    table = new Kept[old.length * 2];
    int mask = table.length - 1;
    for (Kept k : old) {
      if (k != null) {
        int i = (k.hash ^ (k.hash >>> 16)) & mask;
        while (table[i] != null) {
          i = (i + 1) & mask;
        }
        table[i] = k;
      }
    }
  }
}
