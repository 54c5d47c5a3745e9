package dev.secaudit.scan;

import dev.secaudit.check.Aspect;
import dev.secaudit.model.Redactor;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.probe.SourceObservation;
import dev.secaudit.probe.SourceObservations;
import dev.secaudit.probe.hygiene.DataHygieneProbe;
import dev.secaudit.probe.hygiene.RepositoryDependenciesProbe;
import dev.secaudit.probe.hygiene.RepositoryManifests;
import dev.secaudit.probe.hygiene.RepositorySecretsProbe;
import dev.secaudit.probe.http.HttpProbe;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The local sources of a run (repositories, directories, configs, commands), read while the
 * targets are probed. Each kind of source is one {@link SourceProbe} registered with the aspect
 * that asks for it; a new kind is a new line in {@link #standard}, and the scan runs the ones
 * the enabled checks need, with no branch per kind.
 */
final class SourceProbes {

  /**
   * What a source probe may use: the policy, the run's redactor and clock, the HTTP probe, and
   * the run's one listing of each repository's manifests (the pinning rules and the subprocessor
   * scan read the same files, walked once and each parsed once).
   */
  record Context(LoadedPolicy loaded, Set<Aspect> aspects, Redactor redactor, Clock clock,
      HttpProbe http, RepositoryManifests.PerRun manifests) {
    Context(LoadedPolicy loaded, Set<Aspect> aspects, Redactor redactor, Clock clock,
        HttpProbe http) {
      this(loaded, aspects, redactor, clock, http, new RepositoryManifests.PerRun("git",
          RepositoryManifests.Limits.DEFAULTS));
    }
  }

  /** One kind of local source; reads what the policy names. */
  interface SourceProbe {
    /** Never throws for a source it cannot read: that is an observation with a failure. */
    List<SourceObservation> observe(Context ctx);
  }

  /**
   * A source probe as registered: the aspect a check asks for to have it run (null: it runs
   * whenever the scan does, reading only what the policy names), and the probe.
   */
  record Registered(Aspect aspect, SourceProbe probe) {
    boolean wanted(Set<Aspect> asked) {
      return aspect == null || asked.contains(aspect);
    }
  }

  private final List<Registered> probes;

  SourceProbes(List<Registered> probes) {
    this.probes = List.copyOf(probes);
  }

  /** Every kind of local source secaudit reads, one registration line each. */
  static SourceProbes standard() {
    return new SourceProbes(List.of(
        new Registered(Aspect.RETENTION, ctx -> dev.secaudit.probe.retention.RetentionProbe
            .observe(ctx.loaded(), ctx.redactor(), ctx.clock(), ctx.http())),
        new Registered(Aspect.REPOSITORY_SECRETS,
            ctx -> RepositorySecretsProbe.standard(ctx.clock()).observe(ctx.loaded())),
        new Registered(Aspect.DATA_FILES,
            ctx -> DataHygieneProbe.standard(ctx.clock()).observe(ctx.loaded())),
        new Registered(Aspect.REPOSITORY_DEPENDENCIES,
            ctx -> new RepositoryDependenciesProbe(ctx.manifests(), ctx.clock())
                .observe(ctx.loaded())),
        new Registered(Aspect.CONFIGS, ctx -> dev.secaudit.probe.config.ConfigSources
            .observe(ctx.loaded(), true, ctx.redactor(), ctx.clock())),
        new Registered(Aspect.DEPENDENCIES, ctx -> new dev.secaudit.probe.deps.DependencyProbe(
            ctx.manifests()).observe(ctx.loaded(), ctx.redactor(), ctx.clock())),
        new Registered(Aspect.DNS, ctx -> new dev.secaudit.probe.dns.DnsProbe(
            java.time.Duration.ofSeconds(30)).observe(ctx.loaded(), ctx.redactor(), ctx.clock()))));
  }

  /**
   * Starts reading on threads of its own and returns at once; {@link Running#join} waits. Two
   * threads: sources are disk- and process-bound, and the targets' probes run beside them.
   */
  Running start(Context ctx) {
    List<Future<List<SourceObservation>>> parts = new ArrayList<>();
    List<SourceProbe> wanted = probes.stream().filter(r -> r.wanted(ctx.aspects()))
        .map(Registered::probe).toList();
    if (!wanted.isEmpty()) {
      ExecutorService pool = Executors.newFixedThreadPool(Math.min(2, wanted.size()), r -> {
        Thread th = new Thread(r, "secaudit-source");
        th.setDaemon(true);
        return th;
      });
      for (SourceProbe p : wanted) {
        parts.add(pool.submit(() -> p.observe(ctx)));
      }
      pool.shutdown();
    }
    return new Running(parts);
  }

  /** Sources being read. */
  static final class Running {
    private final List<Future<List<SourceObservation>>> parts;

    private Running(List<Future<List<SourceObservation>>> parts) {
      this.parts = parts;
    }

    /** Waits for every source; a probe's bug (not a source's failure) ends the scan. */
    SourceObservations join() {
      List<SourceObservation> all = new ArrayList<>();
      for (Future<List<SourceObservation>> f : parts) {
        all.addAll(await(f));
      }
      return new SourceObservations(all);
    }
  }

  /** A probe task's result; a bug inside it surfaces as itself, so --debug shows its trace. */
  static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("scan interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
