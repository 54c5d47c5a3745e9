package dev.secaudit.probe.tls;

import dev.secaudit.model.TlsVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One endpoint's versions, chain and suites, each started as soon as what it needs is known
 * rather than phase after phase: a version's suites need only that version accepted, and the
 * chain only the version probes, so an accepted version is enumerated while the older versions
 * are still asked and while the chain is judged (its PKIX check is CPU, not connections). The
 * endpoint's count of open connections still bounds every hello, so the server sees no more
 * connections at once than before; what goes is the idle time between the phases.
 *
 * <p>What each probe asks and how its answer is read do not change, so neither do the
 * verdicts. One at a time (a width of 1) it is the phases in order, as before.
 */
public final class EndpointProbes {
  private EndpointProbes() {}

  /** The version probes, the chain judged and the suites of each accepted version. */
  public record Result(List<VersionProbe> versions, CertificateObservation certificate,
      List<SuiteEnumeration> suites) {}

  /**
   * @param ciphers whether to enumerate the suites and groups of each accepted version
   * @param budget the target's time budget, or null for none
   */
  public static Result run(ClientHelloProber hellos, CertificateProbe certificates,
      TlsEndpoint endpoint, boolean ciphers, dev.secaudit.probe.TargetBudget budget) {
    String host = endpoint.host();
    int port = endpoint.port();
    String sni = endpoint.sni();
    CipherSuiteEnumerator enumerator = new CipherSuiteEnumerator(hellos);
    if (hellos.width() < 2) {
      List<VersionProbe> versions = hellos.probeAll(host, port, sni);
      CertificateObservation cert = certificates.observe(endpoint, versions, budget, hellos);
      return new Result(versions, cert, ciphers
          ? enumerator.enumerate(host, port, sni, versions) : List.of());
    }
    AtomicInteger hellosLeft = enumerator.budget();
    Map<TlsVersion, CompletableFuture<SuiteEnumeration>> started = new ConcurrentHashMap<>();
    java.util.function.Consumer<VersionProbe> enumerate = !ciphers ? null : p -> {
      if (p.version() != TlsVersion.SSL_2_0) {
        started.computeIfAbsent(p.version(), v -> CompletableFuture.supplyAsync(
            () -> enumerator.enumerate(host, port, sni, v, hellosLeft),
            Fanout.ownThread("secaudit-tls-suites")));
      }
    };
    List<VersionProbe> versions = hellos.probeAll(host, port, sni, enumerate);
    CertificateObservation cert = certificates.observe(endpoint, versions, budget, hellos);
    List<SuiteEnumeration> suites = new ArrayList<>();
    if (ciphers) {
      // In the versions' order (oldest first), as one after another would give them.
      for (VersionProbe v : versions) {
        CompletableFuture<SuiteEnumeration> f = started.get(v.version());
        if (f != null && v.outcome() == VersionProbe.Outcome.ACCEPTED) {
          suites.add(join(f));
        }
      }
    }
    return new Result(versions, cert, suites);
  }

  /** The enumeration's result; its own failure (a bug: probes report trouble as data) as is. */
  private static SuiteEnumeration join(CompletableFuture<SuiteEnumeration> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
