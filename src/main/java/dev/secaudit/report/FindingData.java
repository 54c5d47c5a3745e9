package dev.secaudit.report;

import dev.secaudit.report.ReportModel.FindingRow;
import dev.secaudit.report.ReportModel.Link;
import gg.jte.Content;
import gg.jte.TemplateOutput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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

  /** {@code row} makes the i-th row (0 ≤ i < size) the same way each time it is asked. */
  FindingData(int size, IntFunction<FindingRow> row) {
    this.size = size;
    this.row = row;
  }

  /** True when every row is written as HTML and the page carries no data. */
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public void writeTo(TemplateOutput out) {
    // Each string gets its index when first met; the table follows the rows, so each row is
    // made once and written at once, and only the distinct strings are held.
    // Sized for an anchor a row, each distinct: a fleet's table grew it twenty times over.
    Map<String, Integer> index = new HashMap<>(size + size / 2 + 64);
    List<String> strings = new ArrayList<>();
    // Rows share their lists of links (ReportModelBuilder keeps each once): joined once each.
    KeptValues<List<Link>, String> joined = new KeptValues<>(new IdentityHashMap<>());
    StringBuilder text = new StringBuilder("{\"r\":[");
    for (int i = 0; i < size; i++) {
      text.append(i == 0 ? "[" : ",[");
      String[] fields = fields(row.apply(i), joined);
      for (int f = 0; f < fields.length; f++) {
        // Looked up before it is put: boxing the next index for every field made an Integer
        // for each of millions of fields that were already there.
        Integer known = index.get(fields[f]);
        int at = known == null ? strings.size() : known;
        if (known == null) {
          index.put(fields[f], at);
          strings.add(fields[f]);
        }
        // An int, not the Integer: appending the object made a String of each of millions.
        text.append(f == 0 ? "" : ",").append(at);
      }
      text.append(']');
      text = flushed(text, out);
    }
    text.append("],\"s\":[");
    for (int i = 0; i < strings.size(); i++) {
      text.append(i == 0 ? "" : ",");
      quote(strings.get(i), text);
      text = flushed(text, out);
    }
    out.writeContent(text.append("]}").toString());
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
