package dev.secaudit.report;

import dev.secaudit.report.ReportModel.FindingRow;
import dev.secaudit.report.ReportModel.Link;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The findings table's rows past the ones written as HTML, as data the page's script pages
 * through: {@code {"s":[strings],"r":[[index,…],…]}}, each row listing its fields (in
 * {@link #FIELDS} order) as indexes into the string table, because titles, remediations and
 * expectations repeat across thousands of findings. The text is inert data inside a
 * {@code <script type="application/json">} element: every character that could end the element or
 * start markup is written as a JSON escape, so no value can leave it.
 */
final class FindingData {
  /** The order of a row's fields, which the page's script reads by position. */
  static final List<String> FIELDS = List.of("anchor", "status", "severity", "target",
      "frameworks", "check", "title", "subject", "expected", "observed", "evidence",
      "remediation", "checked", "policy", "requirements", "waiver", "baseline", "location");

  private FindingData() {}

  /** The rows as compact JSON, or "" when there are none. */
  static String of(List<FindingRow> rows) {
    if (rows.isEmpty()) {
      return "";
    }
    Map<String, Integer> index = new HashMap<>();
    StringBuilder strings = new StringBuilder();
    StringBuilder data = new StringBuilder();
    for (FindingRow r : rows) {
      data.append(data.length() == 0 ? "[" : ",[");
      String[] fields = {r.anchor(), r.status(), r.severity(), r.target(), r.frameworks(),
          r.checkId(), r.title(), r.subject(), r.expected(), r.observed(), texts(r.evidence()),
          r.remediation(), r.checkedAt(), r.policyLocation(), texts(r.requirements()),
          r.waiver(), r.baseline(), r.location()};
      for (int i = 0; i < fields.length; i++) {
        String value = fields[i] == null ? "" : fields[i];
        Integer at = index.get(value);
        if (at == null) {
          at = index.size();
          index.put(value, at);
          strings.append(at == 0 ? "" : ",");
          quote(value, strings);
        }
        data.append(i == 0 ? "" : ",").append(at);
      }
      data.append(']');
    }
    return "{\"s\":[" + strings + "],\"r\":[" + data + "]}";
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
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\'' || c == 0x2028
              || c == 0x2029 || c >= 0x7f && c <= 0x9f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
