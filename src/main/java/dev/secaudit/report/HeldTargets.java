package dev.secaudit.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.TargetState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A scan's targets as {@link ScanReader} holds them from where they come (before the findings)
 * until the file ends, when they are checked and bound with the rest: as their JSON text, about
 * 100 bytes a target, where a tree of them took about 430 (a map, its entries and a node for
 * each field). A fleet's scan lists tens of thousands of targets, so past {@link #MEMORY} the
 * text goes to a temporary file ({@link SpillStore}): held in the heap through the findings it
 * was 4.1 MB at 36,864 targets, and twice that at twice the fleet.
 */
final class HeldTargets implements AutoCloseable {
  /** Bytes of the text kept in memory: a scan of a few hundred targets never touches the disk. */
  static final long MEMORY = 1 << 18;

  /** Checks one target's tree as the reader checks a whole file's ({@code targets[i]…}). */
  interface Check {
    void target(int index, JsonNode target);
  }

  private final SpillStore text;

  private HeldTargets(SpillStore text) {
    this.text = text;
  }

  /** Writes into the store (the copy's generator is all that writes). */
  private static final class Into extends OutputStream {
    private final SpillStore store;

    Into(SpillStore store) {
      this.store = store;
    }

    @Override
    public void write(int b) {
      store.writeByte(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      store.write(b, off, len);
    }
  }

  /** Reads the store from its start, once written. */
  private static final class From extends InputStream {
    private final SpillStore store;
    private final byte[] piece = new byte[8192];

    From(SpillStore store) {
      this.store = store;
      store.seek(0);
    }

    @Override
    public int read() {
      return store.position() < store.size() ? store.readByte() : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      long left = store.size() - store.position();
      if (len == 0) {
        return 0;
      }
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(Math.min(len, left), piece.length);
      store.read(piece, n);
      System.arraycopy(piece, 0, b, off, n);
      return n;
    }
  }

  /** The array the parser is at, copied as text; the parser is left at its end. */
  static HeldTargets copy(JsonParser parser, ObjectMapper mapper) throws IOException {
    // Without a temporary file the text stays in memory, as it always was.
    SpillStore text = new SpillStore(null, MEMORY).inMemoryWhenRefused();
    try (JsonGenerator copy = mapper.getFactory().createGenerator(new Into(text))) {
      copy.copyCurrentStructure(parser);
    } catch (IOException | RuntimeException e) {
      text.close();
      throw e;
    }
    text.finishWriting();
    return new HeldTargets(text);
  }

  /** {@code held}, or null (its file let go) when a field named {@code field} replaces it. */
  static HeldTargets unless(HeldTargets held, String field) {
    if (held != null && field.equals("targets")) {
      held.close();
      return null;
    }
    return held;
  }

  /** Lets go of {@code held}'s file, if any. */
  static void close(HeldTargets held) {
    if (held != null) {
      held.close();
    }
  }

  @Override
  public void close() {
    text.close();
  }

  /**
   * The targets, every one checked before any is bound (as a whole tree was), each bound from
   * its own tree as the scan's binding bound them, so a refusal names the same field the same
   * way ({@code targets[3].state}) and no place in a file that is not the user's.
   */
  List<TargetState> bind(ObjectMapper mapper, Check check) throws IOException {
    try (this) {
      return bound(mapper, check);
    }
  }

  private List<TargetState> bound(ObjectMapper mapper, Check check) throws IOException {
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
    try (JsonParser list = mapper.getFactory().createParser(new From(text))) {
      list.setCodec(mapper);
      list.nextToken();
      for (int i = 0; list.nextToken() != JsonToken.END_ARRAY; i++) {
        each.accept(i, list.readValueAsTree());
      }
    }
  }
}
