package dev.secaudit.scan;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.TargetState;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.SourceEntry;
import dev.secaudit.policy.Target;
import dev.secaudit.policy.UsageException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One of {@code count} parts of the targets ({@code scan --shard index/count}, index from 1), so
 * a CI matrix or a Kubernetes Indexed Job splits a fleet. A target's shard follows from its name
 * alone (SHA-256 of the name, modulo count): adding, removing or reordering other lines moves no
 * other target, and every shard computes the same partition without talking to the others.
 *
 * <p>A shard narrows what is probed ({@link ScanParameters#shard}), never the policy: lines that
 * name a target (configs[].target, rate_limits[].target, flows[].target) and policy-wide facts
 * (the organisation's own hosts, DNS of every target) must read the same in every shard.
 */
public record Shard(int index, int count) {
  /** Starts the reason of a target that another shard scans; {@code merge} recognises it. */
  public static final String REASON = TargetState.OTHER_SHARD;

  public Shard {
    if (count < 1 || index < 1 || index > count) {
      throw new UsageException("--shard: '" + index + "/" + count + "': give INDEX/COUNT with"
          + " 1 <= INDEX <= COUNT, such as 1/4");
    }
  }

  public static Shard parse(String text) {
    String[] parts = text.trim().split("/", -1);
    if (parts.length == 2) {
      try {
        return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
    }
    throw new UsageException("--shard: '" + text + "' is not INDEX/COUNT (such as 2/4; with a"
        + " Kubernetes Indexed Job, $((JOB_COMPLETION_INDEX + 1))/COUNT)");
  }

  /**
   * Variables that say which part of a parallel job this is, in the order they are read:
   * secaudit's own (a GitHub Actions matrix sets them), a Kubernetes Indexed Job's, GitLab CI's
   * {@code parallel:}, Buildkite's {@code parallelism:} and CircleCI's {@code parallelism:}.
   *
   * @param countVariable null when the scheduler publishes no count (Kubernetes): the count then
   *     comes from --shard-count or SECAUDIT_SHARD_COUNT
   * @param first the index the scheduler gives its first part (0 or 1)
   */
  public record IndexVariables(String indexVariable, String countVariable, int first) {}

  public static final List<IndexVariables> INDEX_VARIABLES = List.of(
      new IndexVariables("SECAUDIT_SHARD_INDEX", "SECAUDIT_SHARD_COUNT", 1),
      new IndexVariables("JOB_COMPLETION_INDEX", null, 0),
      new IndexVariables("CI_NODE_INDEX", "CI_NODE_TOTAL", 1),
      new IndexVariables("BUILDKITE_PARALLEL_JOB", "BUILDKITE_PARALLEL_JOB_COUNT", 0),
      new IndexVariables("CIRCLE_NODE_INDEX", "CIRCLE_NODE_TOTAL", 0));

  /** A shard read from the environment, with the variables it came from (said on stderr). */
  public record FromEnvironment(Shard shard, String source) {}

  /**
   * {@code --shard auto}: this job's part from the first set index variable of
   * {@link #INDEX_VARIABLES}.
   *
   * @param count the count given on the command line (--shard-count), or null; when the
   *     scheduler also publishes one they must agree
   */
  public static FromEnvironment fromEnvironment(java.util.function.Function<String, String> env,
      Integer count) {
    for (IndexVariables v : INDEX_VARIABLES) {
      String index = env.apply(v.indexVariable());
      if (index == null || index.isBlank()) {
        continue;
      }
      int i = number(v.indexVariable(), index);
      String published = v.countVariable() == null ? null : env.apply(v.countVariable());
      Integer total = published == null || published.isBlank() ? null
          : number(v.countVariable(), published);
      if (total != null && count != null && !total.equals(count)) {
        throw new UsageException("--shard auto: " + v.countVariable() + " is " + total
            + " but --shard-count (or SECAUDIT_SHARD_COUNT) is " + count + "; give one count");
      }
      Integer n = total != null ? total : count;
      if (n == null) {
        throw new UsageException("--shard auto: " + v.indexVariable() + " is set but not how many"
            + " shards there are; give --shard-count N or SECAUDIT_SHARD_COUNT=N (for a"
            + " Kubernetes Indexed Job, its completions)");
      }
      int oneBased = i - v.first() + 1;
      String from = v.indexVariable() + "=" + index.trim()
          + (total != null ? ", " + v.countVariable() + "=" + total : ", count " + n);
      if (oneBased < 1 || oneBased > n) {
        throw new UsageException("--shard auto: " + from + " is not a part of " + n + " ("
            + v.indexVariable() + " counts from " + v.first() + ")");
      }
      return new FromEnvironment(new Shard(oneBased, n), from);
    }
    throw new UsageException("--shard auto: none of "
        + INDEX_VARIABLES.stream().map(IndexVariables::indexVariable)
            .collect(java.util.stream.Collectors.joining(", "))
        + " is set; give --shard INDEX/COUNT, or run as a parallel CI job or an Indexed Job");
  }

  private static int number(String variable, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--shard auto: " + variable + "='" + value.strip()
          + "' is not a whole number");
    }
  }

  /** The shard (1..count) a target of this name belongs to. */
  public static int of(String name, int count) {
    String hash = Artifact.sha256(name.getBytes(StandardCharsets.UTF_8));
    long top = Long.parseUnsignedLong(hash.substring(0, 15), 16);
    return (int) (top % count) + 1;
  }

  public boolean contains(String targetName) {
    return of(targetName, count) == index;
  }

  /**
   * The population as this shard's result lists it, in the policy's order: its own targets and
   * sources as {@code scanned} holds them, every other one EXCLUDED with the shard that scans it.
   * The claims are judged over this list, so that none is verified over targets the shard never
   * scanned.
   */
  public List<TargetState> population(List<TargetState> scanned, Policy whole) {
    List<TargetState> states = new ArrayList<>();
    for (Target t : whole.targets()) {
      if (contains(t.name())) {
        scanned.stream().filter(s -> s.name().equals(t.name())).forEach(states::add);
      } else {
        states.add(new TargetState(t.name(), t.url(), TargetState.State.EXCLUDED,
            REASON + of(t.name(), count) + "/" + count));
      }
    }
    java.util.Set<String> listed = new java.util.HashSet<>();
    for (SourceEntry e : whole.sources()) {
      if (contains(e.name())) {
        scanned.stream().filter(s -> s.name().equals(e.name())).forEach(states::add);
      } else if (listed.add(e.name())) {
        String location = scanned.stream().filter(s -> s.name().equals(e.name()))
            .map(TargetState::url).findFirst().orElse("");
        states.add(new TargetState(e.name(), location, TargetState.State.EXCLUDED,
            REASON + of(e.name(), count) + "/" + count));
      }
    }
    return states;
  }

  /**
   * The whole population again, in the policy's order: this shard's targets as scanned, the
   * others EXCLUDED with the shard that scans them, so every shard's evidence says what it did
   * not cover and why, and {@code merge} restores the unsharded order.
   */
  public ScanResult withPopulation(ScanResult scanned, Policy whole) {
    List<TargetState> states = population(scanned.targets(), whole);
    // Local sources are split by name like targets, but every shard reads them all: policy-wide
    // judgements (a declared vendor seen in no page, manifest or DNS record) need every source,
    // and merge judges those again from all shards' records of processing. Findings and
    // artifacts of the sources another shard owns are dropped here, so merge sees each source
    // once.
    java.util.Set<String> foreign = new java.util.HashSet<>();
    for (SourceEntry e : whole.sources()) {
      if (!contains(e.name())) {
        foreign.add(e.name());
      }
    }
    return new ScanResult(scanned.schema(), scanned.run(), states,
        scanned.findings().stream().filter(f -> !foreign.contains(f.target())).toList(),
        scanned.artifacts().stream().filter(a -> !foreign.contains(a.target())).toList(),
        scanned.claims(), scanned.waivers(), scanned.baseline(), scanned.processing());
  }
}
