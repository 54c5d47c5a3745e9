package dev.secaudit.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.TargetState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A scan's targets as {@link ScanReader} holds them from where they come (before the findings)
 * until the file ends, when they are checked and bound with the rest: as their JSON text, about
 * 100 bytes a target, where a tree of them took about 430 (a map, its entries and a node for
 * each field). A fleet's scan lists tens of thousands of targets.
 */
final class HeldTargets {
  /** Checks one target's tree as the reader checks a whole file's ({@code targets[i]…}). */
  interface Check {
    void target(int index, JsonNode target);
  }

  private final byte[] text;
  private final int length;

  private HeldTargets(byte[] text, int length) {
    this.text = text;
    this.length = length;
  }

  /** The copy's own array is kept, not a copy of it (2 MB more at once at 17,670 targets). */
  private static final class Text extends ByteArrayOutputStream {
    byte[] bytes() {
      return buf;
    }
  }

  /** The array the parser is at, copied as text; the parser is left at its end. */
  static HeldTargets copy(JsonParser parser, ObjectMapper mapper) throws IOException {
    Text text = new Text();
    try (JsonGenerator copy = mapper.getFactory().createGenerator(text)) {
      copy.copyCurrentStructure(parser);
    }
    return new HeldTargets(text.bytes(), text.size());
  }

  /**
   * The targets, every one checked before any is bound (as a whole tree was), each bound from
   * its own tree as the scan's binding bound them, so a refusal names the same field the same
   * way ({@code targets[3].state}) and no place in a file that is not the user's.
   */
  List<TargetState> bind(ObjectMapper mapper, Check check) throws IOException {
    each(mapper, check::target);
    List<TargetState> bound = new ArrayList<>();
    each(mapper, (i, t) -> {
      try {
        bound.add(mapper.treeToValue(t, TargetState.class));
      } catch (JsonMappingException e) {
        e.prependPath(bound, i);
        e.prependPath(ScanResult.class, "targets");
        throw e;
      }
    });
    return bound;
  }

  private interface Tree {
    void accept(int index, JsonNode target) throws IOException;
  }

  private void each(ObjectMapper mapper, Tree each) throws IOException {
    try (JsonParser list = mapper.getFactory().createParser(text, 0, length)) {
      list.setCodec(mapper);
      list.nextToken();
      for (int i = 0; list.nextToken() != JsonToken.END_ARRAY; i++) {
        each.accept(i, list.readValueAsTree());
      }
    }
  }
}
