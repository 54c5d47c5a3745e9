package dev.secaudit.report;

import static dev.secaudit.report.ReportModel.text;

import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import dev.secaudit.report.ReportModel.TargetRow;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * The targets of a page read target by target ({@link HtmlPage}), held as its findings are: the
 * names in the report's order (the population, then the other targets of findings by name) in a
 * {@link TextNumbers}, each numbered by its place there, and ints by place; the population
 * table's rows, the findings table's target filter and the chart's bars are made from them, the
 * names read back a block of the store at a time as the page is written. Held as objects (a list
 * and a map of names, every row with its anchor, the filter's list, the map's and chart's maps of
 * every target) they were ~28 MB of what a fleet's page kept live at 1,708,000 findings (73,728
 * targets), the most of anything.
 *
 * <p>The targets' anchors ({@code t-}) are the whole scan's page's ({@link ReportModelBuilder}):
 * given in the report's order by an {@link Anchors} of their own, whose ids given are a {@link
 * TextNumbers} set; no other anchor begins with {@code t-}, so none can clash with them. Only an
 * anchor that is not its target's base (a clash's counter) is kept; the others are made again.
 */
final class PagePopulation implements AutoCloseable {
  private final HtmlGroups groups;
  private final List<TargetState> targets;
  // The names in the report's order, each numbered by its place.
  private final TextNumbers places;
  // Each population row's place (a name listed twice: its first), and how many places are the
  // population's.
  private final int[] rowPlaces;
  private final int populationPlaces;
  // Each place's group (-1: none), and the groups in the report's order.
  private final int[] groupAt;
  private final int[] order;
  private TextNumbers anchorIds;
  private final Anchors anchors;
  private final Map<Integer, String> clashed = new HashMap<>();

  /**
   * {@code targets}: the scan's population, printable; {@code groups}: every finding read, whose
   * names are let go once placed; the store's temporary files in {@code folder} past {@code
   * memory} bytes.
   */
  PagePopulation(List<TargetState> targets, HtmlGroups groups, Path folder, long memory) {
    this.groups = groups;
    this.targets = targets;
    this.places = new TextNumbers(folder, memory, ArtifactDigests::hash, false);
    this.anchorIds = new TextNumbers(folder, memory, ArtifactDigests::hash, false);
    this.anchors = new Anchors(anchorIds::add);
    rowPlaces = new int[targets.size()];
    for (int i = 0; i < rowPlaces.length; i++) {
      rowPlaces[i] = places.numberOf(text(targets.get(i).name()), places.size());
    }
    populationPlaces = places.size();
    TargetGroups byTarget = groups.groups;
    int[] placeOf = new int[byTarget.size()];
    Map<String, Integer> others = new TreeMap<>();
    byTarget.eachTarget((name, g) -> {
      placeOf[g] = places.find(name);
      if (placeOf[g] < 0) {
        others.put(name, g);
      }
    });
    byTarget.forgetNames();
    others.forEach((name, g) -> placeOf[g] = places.numberOf(name, places.size()));
    groupAt = new int[places.size()];
    Arrays.fill(groupAt, -1);
    for (int g = 0; g < placeOf.length; g++) {
      groupAt[placeOf[g]] = g;
    }
    order = Arrays.stream(groupAt).filter(g -> g >= 0).toArray();
  }

  /** The groups in the report's order. */
  int[] order() {
    return order;
  }

  /** The place of a target in the report's order, or {@link Integer#MAX_VALUE} for none. */
  int place(String name) {
    int p = places.find(name);
    return p < 0 ? Integer.MAX_VALUE : p;
  }

  /**
   * Gives every target its anchor, in the report's order, and offers each one's counts to the
   * chart ({@code bars}), with the anchor of its population row when it has one.
   */
  void anchor(ReportCharts.TargetBars bars) {
    int p = 0;
    for (Iterator<String> names = places.texts(); names.hasNext(); p++) {
      String name = names.next();
      String base = base(name);
      String other = anchors.clash(base);
      if (other != null) {
        clashed.put(p, other);
      }
      bars.add(name, groupAt[p] < 0 ? new int[Status.values().length]
          : groups.statusCounts(groupAt[p]),
          p >= populationPlaces ? null : other != null ? other : base);
    }
    // Every anchor is given: the ids are not asked for again.
    anchorIds.close();
    anchorIds = null;
  }

  private String base(String name) {
    return anchors.base("t-", ReportRows.displayTarget(name));
  }

  private String anchor(int place, String name) {
    String other = clashed.get(place);
    return other != null ? other : base(name);
  }

  /** The population table's rows, made as the page writes them (after {@link #anchor}). */
  ReportModel.TargetRows rows() {
    return new ReportModel.TargetRows() {
      @Override
      public boolean isEmpty() {
        return targets.isEmpty();
      }

      @Override
      public Iterator<TargetRow> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < targets.size();
          }

          @Override
          public TargetRow next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            TargetState t = targets.get(i);
            int p = rowPlaces[i++];
            return ReportRows.targetRow(t, anchor(p, text(t.name())), findingsAt(p));
          }
        };
      }
    };
  }

  /** The targets with a finding in the table, in the report's order, as the filter names them. */
  Iterable<String> filter() {
    return () -> new Iterator<>() {
      private final Iterator<String> names = places.texts();
      private int p = -1;
      private String next;

      @Override
      public boolean hasNext() {
        while (next == null && names.hasNext()) {
          String name = names.next();
          p++;
          int g = groupAt[p];
          if (g >= 0 && findingsAt(p) > groups.statusCount(g, Status.MANUAL)) {
            next = ReportRows.displayTarget(name);
          }
        }
        return next != null;
      }

      @Override
      public String next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        String shown = next;
        next = null;
        return shown;
      }
    };
  }

  /** The findings of the target at a place. */
  private int findingsAt(int place) {
    int g = groupAt[place];
    int n = 0;
    if (g >= 0) {
      for (Status s : Status.values()) {
        n += groups.statusCount(g, s);
      }
    }
    return n;
  }

  @Override
  public void close() {
    places.close();
    if (anchorIds != null) {
      anchorIds.close();
    }
  }
}
