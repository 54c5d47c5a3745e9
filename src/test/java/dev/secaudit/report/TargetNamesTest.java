package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.model.Finding;
import dev.secaudit.model.TargetState;
import dev.secaudit.policy.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet's target names held out of the heap: as sets and as names numbered in the order first
 * met ({@link TextNumbers#add}, {@link TextNumbers#each}), by the groups of a report ({@link
 * TargetGroups}), the census ({@link FindingCensus#requireListed}) and the reader's held targets
 * ({@link HeldTargets}); each against a plain map of every name, with many names, names that share
 * a hash, and a name met again after many others.
 */
class TargetNamesTest {
  @TempDir Path dir;

  /** Names of a fleet, some met again far apart, some empty or of other scripts. */
  private static List<String> names(int distinct, int total, long seed) {
    Random random = new Random(seed);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      int n = i < distinct ? i : random.nextInt(distinct);
      names.add(n % 97 == 0 ? "h\u00f4te-\u2265" + n : n % 211 == 0 ? "" + (char) n
          : "web-" + n + ".fleet.example:443");
    }
    return names;
  }

  /**
   * The real hash; one hash for every name; one of two; 64-bit hashes that differ but fold to one
   * 32-bit value (the table keeps 32 bits); and 4,096 values, so many names share a slot's hash
   * without enough of one to be read back into a map.
   */
  private static List<ToLongFunction<byte[]>> hashes() {
    return List.of(ArtifactDigests::hash, key -> 7, key -> key.length % 2,
        key -> (long) key.length << 32 | key.length,
        key -> ArtifactDigests.hash(key) & 0xfff);
  }

  @Test
  void namesAreASetAndComeBackNumberedInTheOrderFirstMetAsAMapKeepsThem() {
    List<String> names = names(3_000, 9_000, 25);
    for (ToLongFunction<byte[]> hash : hashes()) {
      for (long memory : new long[] {TextNumbers.MEMORY, 0}) {
        for (boolean recent : new boolean[] {true, false}) {
          Map<String, Integer> map = new LinkedHashMap<>();
          try (TextNumbers set = new TextNumbers(dir, memory, hash, recent)) {
            for (String name : names) {
              boolean wasThere = map.containsKey(name);
              assertThat(set.contains(name)).isEqualTo(wasThere);
              assertThat(set.add(name)).isEqualTo(!wasThere);
              map.putIfAbsent(name, map.size());
              assertThat(set.contains(name)).isTrue();
              assertThat(set.find(name)).isEqualTo(map.get(name));
            }
            assertThat(set.size()).isEqualTo(map.size());
            assertThat(set.contains("never met")).isFalse();
            Map<String, Integer> back = new LinkedHashMap<>();
            set.each(back::put);
            assertThat(back).containsExactlyEntriesOf(map);
          }
        }
      }
    }
  }

  @Test
  void theGroupsNameEachTargetAsMetAndRefuseOneMetAgainAfterManyOthers() {
    List<String> fleet = names(5_000, 5_000, 19);
    for (long memory : new long[] {TargetGroups.MEMORY, 0}) {
      try (TargetGroups groups = new TargetGroups(2, dir, memory)) {
        for (String name : fleet) {
          groups.arrive(name, groups::begin);
          groups.arrive(name, groups::begin);
        }
        groups.finish(groups::begin);
        assertThat(groups.size()).isEqualTo(fleet.size());
        Map<String, Integer> population = new HashMap<>();
        for (int g = 0; g < fleet.size(); g++) {
          assertThat(groups.target(g)).isEqualTo(fleet.get(g));
          population.put(fleet.get(g), fleet.size() - 1 - g);
        }
        int[] order = groups.order(population);
        for (int i = 0; i < order.length; i++) {
          assertThat(order[i]).isEqualTo(fleet.size() - 1 - i);
        }
      }
      try (TargetGroups groups = new TargetGroups(2, dir, memory)) {
        for (String name : fleet) {
          groups.arrive(name, groups::begin);
        }
        assertThatThrownBy(() -> groups.arrive(fleet.get(7), groups::begin))
            .isInstanceOfSatisfying(TargetGroups.NotGrouped.class,
                e -> assertThat(e.scattered()).isTrue());
      }
    }
  }

  private static final Finding BASE = ReportFixture.scan().findings().get(0);

  /** The census's refusal of the first target not listed, or null, as a map finds it. */
  private static String censusOf(List<String> targets, List<String> listed, Path folder) {
    FindingCensus census = new FindingCensus(new ScanRefusals("scan.json", null), each -> { },
        folder, RepeatedDigests.RUN);
    try (census) {
      for (int i = 0; i < targets.size(); i++) {
        census.add(BASE.toBuilder().target(targets.get(i)).subject("s" + i).build(), i);
      }
      census.requireOnce();
      census.requireListed(listed.stream()
          .map(n -> new TargetState(n, "https://" + n, TargetState.State.EVALUATED, null))
          .toList());
      return null;
    } catch (UsageException e) {
      return e.getMessage();
    }
  }

  private static String firstUnlisted(List<String> targets, List<String> listed) {
    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      first.putIfAbsent(targets.get(i), i);
    }
    return first.entrySet().stream()
        .filter(e -> !listed.contains(e.getKey()) && !e.getKey().isEmpty())
        .min(Map.Entry.comparingByValue())
        .map(e -> FindingReader.at(e.getValue()) + ".target: '" + e.getKey() + "' is not among")
        .orElse(null);
  }

  @Test
  void theCensusNamesTheFirstTargetNotListedAsAMapOfEveryNameWould() {
    // Many targets, their findings together, then some met again after many others.
    List<String> targets = new ArrayList<>();
    for (String name : names(4_000, 4_000, 7)) {
      if (name.startsWith("web-")) {
        targets.add(name);
        targets.add(name);
      }
    }
    targets.addAll(names(4_000, 6_000, 8).subList(4_000, 6_000).stream()
        .filter(n -> n.startsWith("web-")).toList());
    List<String> all = targets.stream().distinct().toList();
    assertThat(censusOf(targets, all, dir)).isNull();
    assertThat(censusOf(targets, all, null)).isNull();
    Random random = new Random(3);
    for (int k = 0; k < 5; k++) {
      List<String> listed = new ArrayList<>(all);
      // One name missing, from the start, the middle or the end of the fleet; then two.
      listed.remove(k == 0 ? 0 : k == 1 ? listed.size() - 1 : random.nextInt(listed.size()));
      if (k == 4) {
        listed.remove(random.nextInt(listed.size()));
      }
      String expected = firstUnlisted(targets, listed);
      assertThat(expected).isNotNull();
      assertThat(censusOf(targets, listed, dir)).contains(expected);
    }
  }

  @Test
  void heldTargetsPastTheirMemoryComeBackAsTheyWereWritten() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    List<String> fleet = names(12_000, 12_000, 11);
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < fleet.size(); i++) {
      json.append(i == 0 ? "" : ",").append("{\"name\":")
          .append(mapper.writeValueAsString(fleet.get(i)))
          .append(",\"url\":\"https://t").append(i).append("\",\"state\":\"EVALUATED\"}");
    }
    json.append("]");
    assertThat(json.length()).isGreaterThan(2 * (int) HeldTargets.MEMORY);
    try (JsonParser parser = mapper.getFactory().createParser(json.toString())) {
      parser.nextToken();
      HeldTargets held = HeldTargets.copy(parser, mapper);
      int[] checked = {0};
      List<TargetState> bound = held.bind(mapper, (i, t) -> {
        assertThat(t.get("name").asText()).isEqualTo(fleet.get(i));
        checked[0]++;
      });
      assertThat(checked[0]).isEqualTo(fleet.size());
      assertThat(bound.stream().map(TargetState::name).toList()).isEqualTo(fleet);
    }
  }
}
