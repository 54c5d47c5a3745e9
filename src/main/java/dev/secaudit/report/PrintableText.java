package dev.secaudit.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.secaudit.model.ControlCharacters;
import dev.secaudit.model.RecordTexts;
import dev.secaudit.model.ScanResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Text as it may reach a terminal, a spreadsheet or a viewer: every control character a server or
 * a forged scan.json can plant (ESC sequences that recolour or rewrite a terminal, a carriage
 * return that overwrites a line, NUL, C1 controls, bidirectional overrides that reorder what is
 * read) is written as its code ("\\u001B" for ESC) instead. Tab and newline stay: multi-line
 * evidence is meant to keep its lines, and every format already quotes or escapes them.
 *
 * <p>The one place every text output passes through: the renderers take the scan from
 * {@link #of(ScanResult)}, and the CLI's messages go through {@link #of(String)}. scan.json keeps
 * the exact values (JSON escapes them itself, see {@link ScanJson}).
 */
public final class PrintableText {
  private PrintableText() {}

  /**
   * The text with each control character written as a backslash, u and four hex digits; null
   * stays null.
   */
  public static String of(String text) {
    if (text == null) {
      return null;
    }
    int first = 0;
    while (first < text.length() && !ControlCharacters.isControl(text.charAt(first))) {
      first++;
    }
    if (first == text.length()) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (ControlCharacters.isControl(c)) {
        sb.append(String.format("\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * A writer that makes everything written through it printable, for a format whose own markup
   * has no control characters (HTML from a template over data that is not a scan).
   */
  public static java.io.Writer writer(java.io.Writer out) {
    return new java.io.FilterWriter(out) {
      @Override
      public void write(int c) throws java.io.IOException {
        out.write(of(String.valueOf((char) c)));
      }

      @Override
      public void write(char[] buf, int off, int len) throws java.io.IOException {
        out.write(of(new String(buf, off, len)));
      }

      @Override
      public void write(String str, int off, int len) throws java.io.IOException {
        out.write(of(str.substring(off, off + len)));
      }
    };
  }

  /**
   * The scan with every text value and key made printable; the same object when it has nothing
   * to change (the usual case), so an honest scan renders exactly as before.
   */
  public static ScanResult of(ScanResult scan) {
    if (isPrintable(scan)) {
      return scan;
    }
    JsonNode tree = ScanJson.mapper().valueToTree(scan);
    if (!clean(tree)) {
      return scan;
    }
    try {
      return ScanJson.mapper().treeToValue(tree, ScanResult.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a scan that was just written must read back", e);
    }
  }

  /**
   * True when no text of {@code value} has a control character: every text a renderer can read
   * from it, down its records' components, lists and maps (keys too), walked by {@link
   * RecordTexts}.
   */
  static boolean isPrintable(Object value) {
    return switch (RecordTexts.walk(value, PrintableText::of)) {
      case UNCHANGED -> true;
      case CHANGED -> false;
      // A value of a kind the walk does not know: its JSON form is looked at instead.
      case UNKNOWN_SHAPE -> isPrintable(ScanJson.mapper(), value);
    };
  }

  /**
   * The findings made printable one at a time, as a streaming renderer takes them from a
   * {@link ScanReader}: each the same object when it has nothing to change.
   */
  public static java.util.Iterator<dev.secaudit.model.Finding> of(
      java.util.Iterator<dev.secaudit.model.Finding> findings) {
    ObjectMapper json = ScanJson.mapper();
    return new java.util.Iterator<>() {
      @Override
      public boolean hasNext() {
        return findings.hasNext();
      }

      @Override
      public dev.secaudit.model.Finding next() {
        dev.secaudit.model.Finding f = findings.next();
        if (isPrintable(f)) {
          return f;
        }
        JsonNode tree = json.valueToTree(f);
        clean(tree);
        try {
          return json.treeToValue(tree, dev.secaudit.model.Finding.class);
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("a finding that was just written must read back", e);
        }
      }
    };
  }

  private static boolean isPrintable(ObjectMapper json, Object value) {
    try (TextInspector inspector =
        new TextInspector(json.getFactory().createGenerator(java.io.Writer.nullWriter()))) {
      json.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValue(inspector, value);
      return inspector.printable;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Looks at every text and key written through it; texts go on as "" (nobody reads them). */
  private static final class TextInspector extends JsonGeneratorDelegate {
    boolean printable = true;
    // A scan read from scan.json shares each repeated text (ScanReader): each is looked at once.
    private final java.util.Set<String> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    TextInspector(JsonGenerator out) {
      super(out, false);
    }

    private void inspect(String text) {
      if (printable && text != null && seen.add(text)) {
        printable = of(text) == text;
      }
    }

    @Override
    public void writeString(String text) throws java.io.IOException {
      inspect(text);
      super.writeString("");
    }

    @Override
    public void writeString(char[] text, int offset, int len) throws java.io.IOException {
      inspect(new String(text, offset, len));
      super.writeString("");
    }

    @Override
    public void writeString(SerializableString text) throws java.io.IOException {
      inspect(text.getValue());
      super.writeString("");
    }

    @Override
    public void writeFieldName(String name) throws java.io.IOException {
      inspect(name);
      super.writeFieldName(name);
    }

    @Override
    public void writeFieldName(SerializableString name) throws java.io.IOException {
      inspect(name.getValue());
      super.writeFieldName(name);
    }
  }

  /** Rewrites the tree in place; true when anything changed. */
  private static boolean clean(JsonNode node) {
    boolean changed = false;
    if (node instanceof ObjectNode obj) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
      obj.fields().forEachRemaining(fields::add);
      for (Map.Entry<String, JsonNode> e : fields) {
        changed |= clean(e.getValue());
        String key = of(e.getKey());
        if (!key.equals(e.getKey())) {
          obj.remove(e.getKey());
          obj.set(key, e.getValue());
          changed = true;
        }
        JsonNode value = e.getValue();
        if (value.isTextual() && !of(value.asText()).equals(value.asText())) {
          obj.set(key, TextNode.valueOf(of(value.asText())));
          changed = true;
        }
      }
    } else if (node instanceof ArrayNode arr) {
      for (int i = 0; i < arr.size(); i++) {
        JsonNode value = arr.get(i);
        changed |= clean(value);
        if (value.isTextual() && !of(value.asText()).equals(value.asText())) {
          arr.set(i, TextNode.valueOf(of(value.asText())));
          changed = true;
        }
      }
    }
    return changed;
  }
}
