package dev.secaudit.report;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.secaudit.report.ReportModel.FindingRow;
import dev.secaudit.report.ReportModel.Link;
import gg.jte.Content;
import gg.jte.TemplateOutput;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The findings table's rows past the ones written as HTML, as data the page's script pages
 * through: {@code {"r":[[index,…],…],"s":[strings]}}, each row listing its fields (in
 * {@link #FIELDS} order) as indexes into the string table, because titles, remediations and
 * expectations repeat across thousands of findings. The text is inert data inside a
 * {@code <script type="application/json">} element: every character that could end the element or
 * start markup is written as a JSON escape, so no value can leave it.
 *
 * <p>Written straight into the page as it renders: a fleet's hundreds of thousands of rows are
 * never held as rows or as one string: each row is made when it is written, and the string table
 * follows the rows.
 */
public final class FindingData implements Content {
  /** The order of a row's fields, which the page's script reads by position. */
  static final List<String> FIELDS = List.of("anchor", "status", "severity", "target",
      "frameworks", "check", "title", "subject", "expected", "observed", "evidence",
      "remediation", "checked", "policy", "requirements", "waiver", "baseline", "location");

  /** Text is handed to the page in pieces of about this many characters. */
  private static final int CHUNK = 64 * 1024;

  private final int size;
  private final IntFunction<FindingRow> row;
  private final boolean anchorsApart;

  /** {@code row} makes the i-th row (0 ≤ i < size) the same way each time it is asked. */
  FindingData(int size, IntFunction<FindingRow> row) {
    this(size, row, false);
  }

  /**
   * As above; {@code anchorsApart}: no field but the anchor of any row can be an anchor's text
   * ({@link #mayReadAsAnchor}), so each row's anchor, unique among anchors, is a new string that
   * no later field repeats, and is not looked up or kept.
   */
  FindingData(int size, IntFunction<FindingRow> row, boolean anchorsApart) {
    this.size = size;
    this.row = row;
    this.anchorsApart = anchorsApart;
  }

  /**
   * Whether a field of {@code f}'s row other than its anchor could be the text of a finding's
   * anchor: every one begins with "f-", and each other field begins with one of these values
   * (or is a name, a number or a time).
   */
  static boolean mayReadAsAnchor(dev.secaudit.model.Finding f) {
    if (anchorLike(f.target()) || anchorLike(f.checkId()) || anchorLike(f.headline())
        || anchorLike(f.subject()) || anchorLike(f.expected()) || anchorLike(f.observed())
        || anchorLike(f.remediation()) || anchorLike(f.policyPointer())
        || f.location() != null && anchorLike(f.location().at())
        || f.waiver() != null && anchorLike(f.waiver().id())) {
      return true;
    }
    for (String id : f.evidence()) {
      if (anchorLike(id)) {
        return true;
      }
    }
    for (dev.secaudit.model.Mapping m : f.mappings()) {
      if (anchorLike(m.framework())) {
        return true;
      }
    }
    return false;
  }

  private static boolean anchorLike(String s) {
    return s != null && s.startsWith("f-");
  }

  /** True when every row is written as HTML and the page carries no data. */
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public void writeTo(TemplateOutput out) {
    // Each string gets its index when first met; the table follows the rows, so each row is
    // made once and written at once. The table goes to a store (a temporary file past 1 MiB)
    // as it grows, and only the distinct strings other than anchors are looked up, out of the
    // heap too: a fleet's anchors, one a row, were four fifths of them.
    int count = 0;
    // Rows share their lists of links (ReportModelBuilder keeps each once): joined once each.
    KeptValues<List<Link>, String> joined = new KeptValues<>(new IdentityHashMap<>());
    StringBuilder text = new StringBuilder("{\"r\":[");
    StringBuilder quoted = new StringBuilder();
    try (SpillStore table = new SpillStore(null, SpillStore.CHUNK * 16L).inMemoryWhenRefused();
        TextNumbers index = new TextNumbers()) {
      for (int i = 0; i < size; i++) {
        text.append(i == 0 ? "[" : ",[");
        String[] fields = fields(row.apply(i), joined);
        for (int f = 0; f < fields.length; f++) {
          int at;
          if (f == 0 && anchorsApart) {
            at = count++;
            put(fields[f], quoted, table);
          } else {
            at = index.numberOf(fields[f], count);
            if (at == count) {
              count++;
              put(fields[f], quoted, table);
            }
          }
          // An int, not the Integer: appending the object made a String of each of millions.
          text.append(f == 0 ? "" : ",").append(at);
        }
        text.append(']');
        text = flushed(text, out);
      }
      index.close();
      text.append("],\"s\":[");
      table.finishWriting();
      byte[] bytes = new byte[256];
      for (int i = 0; i < count; i++) {
        int length = table.readInt();
        if (bytes.length < length) {
          bytes = new byte[Math.max(length, bytes.length * 2)];
        }
        table.read(bytes, length);
        text.append(i == 0 ? "" : ",").append(new String(bytes, 0, length, UTF_8));
        text = flushed(text, out);
      }
    }
    out.writeContent(text.append("]}").toString());
  }

  /** The next string of the table, quoted, into the store. */
  private static void put(String s, StringBuilder quoted, SpillStore table) {
    quoted.setLength(0);
    quote(s, quoted);
    byte[] bytes = quoted.toString().getBytes(UTF_8);
    table.writeInt(bytes.length);
    table.write(bytes);
  }

  private static StringBuilder flushed(StringBuilder text, TemplateOutput out) {
    if (text.length() < CHUNK) {
      return text;
    }
    out.writeContent(text.toString());
    text.setLength(0);
    return text;
  }

  private static String[] fields(FindingRow r, KeptValues<List<Link>, String> joined) {
    String[] fields = {r.anchor(), r.status(), r.severity(), r.target(), r.frameworks(),
        r.checkId(), r.title(), r.subject(), r.expected(), r.observed(),
        joined.of(r.evidence(), FindingData::texts), r.remediation(), r.checkedAt(),
        r.policyLocation(), joined.of(r.requirements(), FindingData::texts),
        r.waiver(), r.baseline(), r.location()};
    for (int i = 0; i < fields.length; i++) {
      fields[i] = fields[i] == null ? "" : fields[i];
    }
    return fields;
  }

  private static String texts(List<Link> links) {
    StringBuilder b = new StringBuilder();
    for (Link l : links) {
      b.append(b.length() == 0 ? "" : ", ").append(l.text());
    }
    return b.toString();
  }

  /** A JSON string that is also safe inside an HTML script element, whatever it holds. */
  static void quote(String s, StringBuilder out) {
    out.append('"');
    // Runs of characters that need no escape are copied whole: a fleet's table quotes hundreds
    // of thousands of strings, nearly all plain.
    int plain = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String escaped = switch (c) {
        case '"' -> "\\\"";
        case '\\' -> "\\\\";
        case '\n' -> "\\n";
        case '\t' -> "\\t";
        default -> c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\'' || c == 0x2028
            || c == 0x2029 || c >= 0x7f && c <= 0x9f ? String.format("\\u%04x", (int) c) : null;
      };
      if (escaped != null) {
        out.append(s, plain, i).append(escaped);
        plain = i + 1;
      }
    }
    out.append(s, plain, s.length()).append('"');
  }
}
