package dev.secaudit.report;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.report.ReportModel.Count;
import dev.secaudit.report.ReportModel.FrameworkSection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's two small charts, as geometry the template draws in inline SVG: findings by status
 * on each target, and each framework's requirements by coverage. Every bar carries its numbers as
 * text too (a title and a label), so the picture never holds a fact the text does not.
 */
public final class ReportCharts {
  /** Targets drawn at most; the rest are counted under the chart. */
  static final int MAX_TARGETS = 12;

  static final int WIDTH = 640;
  static final int LABEL_WIDTH = 150;
  static final int BAR_WIDTH = 400;
  static final int ROW = 22;
  static final int BAR_HEIGHT = 14;

  private ReportCharts() {}

  public record Segment(String label, String css, int count, String x, String width) {}

  /**
   * @param href where the bar's label links ("" for none)
   * @param summary the bar's numbers in words, for its title and for readers without the picture
   */
  public record Bar(String label, String href, int y, int total, String summary,
      List<Segment> segments) {
    public Bar {
      segments = List.copyOf(segments);
    }

    public int textY() {
      return y + BAR_HEIGHT - 3;
    }
  }

  public record Legend(String label, String css) {}

  public record Charts(List<Bar> byTarget, int targetsLeftOut, List<Legend> statuses,
      List<Bar> byFramework, List<Legend> coverage) {
    public Charts {
      byTarget = List.copyOf(byTarget);
      statuses = List.copyOf(statuses);
      byFramework = List.copyOf(byFramework);
      coverage = List.copyOf(coverage);
    }

    public int width() {
      return WIDTH;
    }

    public int targetHeight() {
      return byTarget.size() * ROW + 4;
    }

    public int frameworkHeight() {
      return byFramework.size() * ROW + 4;
    }

    public int barX() {
      return LABEL_WIDTH + 5;
    }

    public int countX() {
      return LABEL_WIDTH + BAR_WIDTH + 12;
    }

    public int barHeight() {
      return BAR_HEIGHT;
    }
  }

  /**
   * @param findingsByTarget every target's findings, in the report's target order
   * @param anchors the anchors of the population's rows, by target name
   */
  static Charts of(Map<String, List<Finding>> findingsByTarget, Map<String, String> anchors,
      List<FrameworkSection> frameworks) {
    Map<String, int[]> counts = new java.util.LinkedHashMap<>();
    findingsByTarget.forEach((name, findings) -> {
      int[] byStatus = new int[Status.values().length];
      findings.forEach(f -> byStatus[f.status().ordinal()]++);
      counts.put(name, byStatus);
    });
    return ofCounts(counts, anchors, frameworks);
  }

  /**
   * @param countsByTarget every target's findings by status (counts by ordinal), in the report's
   *     target order
   */
  static Charts ofCounts(Map<String, int[]> countsByTarget, Map<String, String> anchors,
      List<FrameworkSection> frameworks) {
    TargetBars bars = new TargetBars();
    countsByTarget.forEach((name, counts) -> bars.add(name, counts, anchors.get(name)));
    return of(bars, frameworks);
  }

  /**
   * The bars of the chart by target, chosen as the targets are met one by one in the report's
   * order: the {@link #MAX_TARGETS} with the most problems (FAIL, ERROR, WARN), the first met
   * among equals, kept and drawn in the report's order. A fleet's page keeps these, not a map of
   * every target's counts.
   */
  static final class TargetBars {
    private record Met(String name, int[] counts, String anchor, int order, long problems) {}

    // The best so far, the most problems first, then the first met.
    private final List<Met> best = new ArrayList<>();
    private int met;
    private int drawable;

    /** The next target's counts by status ordinal; {@code anchor}: its population row's, or null. */
    void add(String name, int[] counts, String anchor) {
      int order = met++;
      if (total(counts) == 0) {
        return;
      }
      drawable++;
      long problems = (long) counts[Status.FAIL.ordinal()] + counts[Status.ERROR.ordinal()]
          + counts[Status.WARN.ordinal()];
      if (best.size() == MAX_TARGETS) {
        // Met after every kept one, it wins only with more problems than the last kept.
        if (problems <= best.get(MAX_TARGETS - 1).problems()) {
          return;
        }
        best.remove(MAX_TARGETS - 1);
      }
      int at = best.size();
      while (at > 0 && best.get(at - 1).problems() < problems) {
        at--;
      }
      best.add(at, new Met(name, counts.clone(), anchor, order, problems));
    }
  }

  /** The charts of the bars chosen by target and of the frameworks' coverage. */
  static Charts of(TargetBars bars, List<FrameworkSection> frameworks) {
    List<TargetBars.Met> shown = new ArrayList<>(bars.best);
    shown.sort(Comparator.comparingInt(TargetBars.Met::order));
    int max = shown.stream().mapToInt(e -> total(e.counts())).max().orElse(1);
    List<Bar> byTarget = new ArrayList<>();
    for (TargetBars.Met e : shown) {
      List<Segment> segments = new ArrayList<>();
      List<String> words = new ArrayList<>();
      double x = 0;
      for (Status s : Status.values()) {
        int n = e.counts()[s.ordinal()];
        if (n == 0) {
          continue;
        }
        double w = BAR_WIDTH * (double) n / max;
        segments.add(new Segment(s.name(), ReportModel.cssClass("st-", s), n,
            number(LABEL_WIDTH + 5 + x), number(w)));
        words.add(n + " " + s.name());
        x += w;
      }
      String name = e.name().isEmpty() ? ReportModel.POLICY_WIDE : e.name();
      String anchor = e.anchor();
      byTarget.add(new Bar(name, anchor == null ? "" : "#" + anchor, byTarget.size() * ROW + 2,
          total(e.counts()), name + ": " + String.join(", ", words), segments));
    }
    int drawable = bars.drawable;
    List<Legend> statuses = new ArrayList<>();
    for (Status s : Status.values()) {
      statuses.add(new Legend(s.name(), ReportModel.cssClass("st-", s)));
    }

    List<Bar> byFramework = new ArrayList<>();
    List<Legend> coverage = new ArrayList<>();
    for (FrameworkSection fw : frameworks) {
      int total = fw.rows().size();
      List<Segment> segments = new ArrayList<>();
      List<String> words = new ArrayList<>();
      double x = 0;
      for (Count c : fw.coverage()) {
        double w = total == 0 ? 0 : BAR_WIDTH * (double) c.count() / total;
        segments.add(new Segment(c.label(), c.css(), c.count(), number(LABEL_WIDTH + 5 + x),
            number(w)));
        words.add(c.count() + " " + c.label());
        x += w;
      }
      byFramework.add(new Bar(fw.id().toUpperCase(Locale.ROOT), "#" + fw.anchor(),
          byFramework.size() * ROW + 2, total, fw.name() + ": " + total + " requirements, "
              + String.join(", ", words), segments));
      if (coverage.isEmpty()) {
        for (Count c : fw.coverage()) {
          coverage.add(new Legend(c.label(), c.css()));
        }
      }
    }
    return new Charts(byTarget, drawable - byTarget.size(), statuses, byFramework, coverage);
  }

  private static int total(int[] counts) {
    int n = 0;
    for (int c : counts) {
      n += c;
    }
    return n;
  }

  /** Coordinates with one decimal, written the same on every machine. */
  static String number(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
