package dev.secaudit.report;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Location;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A finding as the HTML report's rows are made from it, written into a {@link SpillStore} and read
 * back: every field the page shows (not what the subject is about, nor the values behind the
 * prose, which it never reads), with the finding's place in the file and its row's own anchor
 * when that is not its base ({@link FindingAnchors}).
 *
 * <p>Texts that repeat (check ids, titles, remediations, the lists of mappings) are written as
 * numbers into a table of the first {@link #KEPT} distinct ones, so each is read back as the same
 * object and the page's caches, keyed by identity or hashing the same String, keep working; the
 * rest are written out. A row citing the same evidence as the row before it in its store says so.
 */
final class FindingCodec {
  /** Distinct texts, and lists of mappings, given a number; later ones are written out. */
  static final int KEPT = 1 << 14;

  private static final int NULL = -1;
  private static final int WRITTEN = -2;
  private static final int SAME_EVIDENCE = -3;
  private static final int CHARS = -4;
  private static final Status[] STATUSES = Status.values();
  private static final Severity[] SEVERITIES = Severity.values();
  private static final Finding.BaselineState[] BASELINE = Finding.BaselineState.values();

  /** A finding read back, with its place in the file and its row's anchor when not its base. */
  record Read(Finding finding, int index, String anchor) {}

  private final Map<String, Integer> textIds = new HashMap<>();
  private final List<String> texts = new ArrayList<>();
  private final Map<List<Mapping>, Integer> mappingIds = new HashMap<>();
  private final List<List<Mapping>> mappings = new ArrayList<>();
  // The evidence of the row written before, in each store.
  private final Map<SpillStore, List<String>> lastEvidence = new HashMap<>();
  private byte[] bytes = new byte[256];

  /** A group of rows begins: no row comes before it in any store. */
  void forgetLast() {
    lastEvidence.clear();
  }

  void write(SpillStore to, Finding f, int index, String anchor) {
    to.writeInt(index);
    text(to, anchor);
    text(to, f.checkId());
    // Every target's name is new: written out, not given a number.
    if (f.target() == null) {
      text(to, null);
    } else {
      writeOut(to, f.target());
    }
    text(to, f.subject());
    to.writeByte(f.status().ordinal());
    to.writeByte(f.severity() == null ? 255 : f.severity().ordinal());
    text(to, f.title());
    text(to, f.expected());
    text(to, f.observed());
    List<String> before = lastEvidence.put(to, f.evidence());
    if (f.evidence().equals(before)) {
      to.writeInt(SAME_EVIDENCE);
    } else {
      to.writeInt(f.evidence().size());
      for (String id : f.evidence()) {
        writeOut(to, id);
      }
    }
    if (f.time() == null) {
      to.writeByte(0);
    } else {
      to.writeByte(1);
      long seconds = f.time().getEpochSecond();
      to.writeInt((int) (seconds >>> 32));
      to.writeInt((int) seconds);
      to.writeInt(f.time().getNano());
    }
    mappings(to, f.mappings());
    text(to, f.remediation());
    text(to, f.policyPointer());
    to.writeInt(f.policyLine());
    Finding.Waiver w = f.waiver();
    to.writeByte(w == null ? 0 : 1);
    if (w != null) {
      text(to, w.id());
      text(to, w.justification());
      text(to, w.approver());
      text(to, w.expires());
      text(to, w.waivedStatus() == null ? null : w.waivedStatus().name());
    }
    to.writeByte(f.baseline() == null ? 255 : f.baseline().ordinal());
    Location at = f.location();
    to.writeByte(at == null ? 0 : 1);
    if (at != null) {
      text(to, at.file());
      to.writeInt(at.line());
      text(to, at.path());
    }
  }

  /**
   * The row the store is at; {@code before}: the evidence of the row read before it in its
   * group, or null for the group's first.
   */
  Read read(SpillStore from, List<String> before) {
    int index = from.readInt();
    String anchor = text(from);
    String checkId = text(from);
    String target = text(from);
    String subject = text(from);
    Status status = STATUSES[from.readByte()];
    int severity = from.readByte();
    String title = text(from);
    String expected = text(from);
    String observed = text(from);
    int count = from.readInt();
    List<String> evidence;
    if (count == SAME_EVIDENCE) {
      evidence = before;
    } else {
      List<String> ids = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        ids.add(text(from));
      }
      evidence = List.copyOf(ids);
    }
    Instant time = null;
    if (from.readByte() == 1) {
      long seconds = (long) from.readInt() << 32 | from.readInt() & 0xffffffffL;
      time = Instant.ofEpochSecond(seconds, from.readInt());
    }
    List<Mapping> mapped = mappings(from);
    String remediation = text(from);
    String pointer = text(from);
    int line = from.readInt();
    Finding.Waiver waiver = from.readByte() == 0 ? null : waiver(from);
    int baseline = from.readByte();
    Location location = from.readByte() == 0 ? null
        : new Location(text(from), from.readInt(), text(from));
    Finding f = new Finding(checkId, target, subject, status,
        severity == 255 ? null : SEVERITIES[severity], title, expected, observed, evidence, time,
        mapped, remediation, pointer, line, waiver,
        baseline == 255 ? null : BASELINE[baseline], location, null, null, null);
    return new Read(f, index, anchor);
  }

  private void mappings(SpillStore to, List<Mapping> list) {
    Integer id = mappingIds.get(list);
    if (id == null && mappings.size() < KEPT) {
      id = mappings.size();
      mappingIds.put(list, id);
      mappings.add(list);
    }
    if (id != null) {
      to.writeInt(id);
      return;
    }
    to.writeInt(WRITTEN);
    to.writeInt(list.size());
    for (Mapping m : list) {
      text(to, m.framework());
      text(to, m.requirement());
    }
  }

  private List<Mapping> mappings(SpillStore from) {
    int id = from.readInt();
    if (id != WRITTEN) {
      return mappings.get(id);
    }
    int count = from.readInt();
    List<Mapping> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(new Mapping(text(from), text(from)));
    }
    return list;
  }

  private void text(SpillStore to, String s) {
    if (s == null) {
      to.writeInt(NULL);
      return;
    }
    Integer id = textIds.get(s);
    if (id == null && texts.size() < KEPT) {
      id = texts.size();
      textIds.put(s, id);
      texts.add(s);
    }
    if (id != null) {
      to.writeInt(id);
    } else {
      writeOut(to, s);
    }
  }

  /** A text written out whole, null as null: read back by {@link #text(SpillStore)}. */
  static void writeText(SpillStore to, String s) {
    if (s == null) {
      to.writeInt(NULL);
    } else {
      writeOut(to, s);
    }
  }

  private static void writeOut(SpillStore to, String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        // UTF-8 would write half a pair as '?': such a text goes char by char, as it is.
        to.writeInt(CHARS);
        to.writeInt(s.length());
        for (int c = 0; c < s.length(); c++) {
          to.writeByte(s.charAt(c) >>> 8);
          to.writeByte(s.charAt(c) & 0xff);
        }
        return;
      }
    }
    byte[] utf8 = s.getBytes(UTF_8);
    to.writeInt(WRITTEN);
    to.writeInt(utf8.length);
    to.write(utf8);
  }

  private Finding.Waiver waiver(SpillStore from) {
    String id = text(from);
    String justification = text(from);
    String approver = text(from);
    String expires = text(from);
    String was = text(from);
    return new Finding.Waiver(id, justification, approver, expires,
        was == null ? null : dev.secaudit.model.Status.valueOf(was));
  }

  /** The next text of {@code from}, as it was written (a number read as its text). */
  String text(SpillStore from) {
    int id = from.readInt();
    if (id == NULL) {
      return null;
    }
    if (id == CHARS) {
      char[] chars = new char[from.readInt()];
      for (int c = 0; c < chars.length; c++) {
        chars[c] = (char) (from.readByte() << 8 | from.readByte());
      }
      return new String(chars);
    }
    if (id != WRITTEN) {
      return texts.get(id);
    }
    int length = from.readInt();
    if (bytes.length < length) {
      bytes = new byte[Math.max(length, bytes.length * 2)];
    }
    from.read(bytes, length);
    return new String(bytes, 0, length, UTF_8);
  }
}
