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
 * targets are probed. Each kind of source is one {@link SourceProbe}; a new kind is a new line in
 * {@link #standard}.
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

  /** One kind of local source; reads what the policy names when a check needs it. */
  interface SourceProbe {
    /** Never throws for a source it cannot read: that is an observation with a failure. */
    List<SourceObservation> observe(Context ctx);
  }

  private final List<SourceProbe> probes;

  SourceProbes(List<SourceProbe> probes) {
    this.probes = List.copyOf(probes);
  }

  /** Every kind of local source secaudit reads. */
  static SourceProbes standard() {
    List<SourceProbe> out = new ArrayList<>();
    out.add(ctx -> !ctx.aspects().contains(Aspect.RETENTION) ? List.of()
        : dev.secaudit.probe.retention.RetentionProbe.observe(ctx.loaded(), ctx.redactor(),
            ctx.clock(), ctx.http()));
    out.add(ctx -> ctx.aspects().contains(Aspect.REPOSITORY_SECRETS)
        ? RepositorySecretsProbe.standard(ctx.clock()).observe(ctx.loaded()) : List.of());
    out.add(ctx -> ctx.aspects().contains(Aspect.DATA_FILES)
        ? DataHygieneProbe.standard(ctx.clock()).observe(ctx.loaded()) : List.of());
    out.add(ctx -> ctx.aspects().contains(Aspect.REPOSITORY_DEPENDENCIES)
        ? new RepositoryDependenciesProbe(ctx.manifests(), ctx.clock()).observe(ctx.loaded())
        : List.of());
    out.add(ctx -> dev.secaudit.probe.config.ConfigSources.observe(ctx.loaded(),
        ctx.aspects().contains(Aspect.CONFIGS), ctx.redactor(), ctx.clock()));
    out.add(ctx -> !ctx.aspects().contains(Aspect.DEPENDENCIES) ? List.of()
        : new dev.secaudit.probe.deps.DependencyProbe(ctx.manifests())
            .observe(ctx.loaded(), ctx.redactor(), ctx.clock()));
    out.add(ctx -> !ctx.aspects().contains(Aspect.DNS) ? List.of()
        : new dev.secaudit.probe.dns.DnsProbe(java.time.Duration.ofSeconds(30))
            .observe(ctx.loaded(), ctx.redactor(), ctx.clock()));
    return new SourceProbes(out);
  }

  /**
   * Starts reading on threads of its own and returns at once; {@link Running#join} waits. Two
   * threads: sources are disk- and process-bound, and the targets' probes run beside them.
   */
  Running start(Context ctx) {
    List<Future<List<SourceObservation>>> parts = new ArrayList<>();
    if (!probes.isEmpty()) {
      ExecutorService pool = Executors.newFixedThreadPool(Math.min(2, probes.size()), r -> {
        Thread th = new Thread(r, "secaudit-source");
        th.setDaemon(true);
        return th;
      });
      for (SourceProbe p : probes) {
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
