package dev.secaudit.scan;

import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.check.Aspect;
import dev.secaudit.check.Check;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.ClaimCheck;
import dev.secaudit.check.OnSources;
import dev.secaudit.policy.CheckOverride;
import dev.secaudit.policy.Claim;
import dev.secaudit.policy.Settings;
import dev.secaudit.policy.SourceEntry;
import dev.secaudit.policy.Target;
import dev.secaudit.policy.Tls;
import dev.secaudit.probe.SourceObservations;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.Redactor;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.RepeatedKeys;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import dev.secaudit.policy.Globs;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.Policy;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpFetch;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.http.Printable;
import dev.secaudit.policy.UsageException;
import dev.secaudit.probe.flow.FlowProbe;
import dev.secaudit.probe.ratelimit.RateLimitProbe;
import dev.secaudit.probe.tls.CertificateProbe;
import dev.secaudit.probe.tls.ClientHelloProber;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import okhttp3.HttpUrl;

/**
 * The flow of DESIGN.md in one place: plan what to observe, probe the targets concurrently (a
 * bounded pool, a per-host limit), judge with pure checks, and assemble the ScanResult.
 */
public final class Scanner {
  /** Excerpt of each response body kept in the evidence transcript. */
  static final int BODY_EXCERPT = 4096;

  private final List<Check> checks;
  /** What the checks declare about their ids, which every finding is built from. */
  private final CheckCatalog catalog;
  private final ClaimCheck claimCheck = new ClaimCheck();
  private final Clock clock;
  private final ScanProgress progress;
  private final RateLimitProbe.Sleeper sleeper;
  private final SourceProbes sources;

  /**
   * @param progress told the caps of each active probe before it starts and, when it is a
   *     {@link ScanProgress}, each count of probed targets (a plain consumer gets "probed 3/40
   *     targets" lines); the CLI shows them on stderr
   */
  public Scanner(List<Check> checks, Clock clock, Consumer<String> progress) {
    this(checks, clock, progress, RateLimitProbe.Sleeper.real());
  }

  /** @param sleeper how active probes wait (for Retry-After); tests pass one that does not */
  public Scanner(List<Check> checks, Clock clock, Consumer<String> progress,
      RateLimitProbe.Sleeper sleeper) {
    this(checks, clock, progress, sleeper, SourceProbes.standard());
  }

  Scanner(List<Check> checks, Clock clock, Consumer<String> progress,
      RateLimitProbe.Sleeper sleeper, SourceProbes sources) {
    this.sources = sources;
    this.checks = List.copyOf(checks);
    this.catalog = new CheckCatalog(this.checks);
    this.clock = clock;
    this.progress = ScanProgress.of(progress);
    this.sleeper = sleeper;
  }

  public ScanResult scan(LoadedPolicy loaded, ScanParameters params) {
    Policy policy = loaded.policy();
    Instant started = now();
    Redactor known = new Redactor(policySecrets(loaded));

    List<Check> active = new ArrayList<>();
    Set<Aspect> aspects = EnumSet.noneOf(Aspect.class);
    for (Check c : checks) {
      if (c.appliesTo(policy)) {
        active.add(c);
        aspects.addAll(c.needs());
      }
    }
    for (Check c : checks) {
      if (c instanceof dev.secaudit.check.WhenObserved && !active.contains(c)
          && aspects.containsAll(c.needs())) {
        active.add(c);
      }
    }

    Settings s = policy.settings();
    String ua = s.userAgent() != null ? s.userAgent() : "secaudit/" + params.toolVersion();
    ClientHelloProber.Limits tlsLimits = new ClientHelloProber.Limits(s.timeouts().connect().value(),
        s.timeouts().read().value(), s.timeouts().total().value());
    CertificateProbe certificates = certificateProbe(loaded, tlsLimits);
    HttpProbe http = new HttpProbe(
        new HttpProbe.Limits(s.timeouts().connect().value(), s.timeouts().read().value(),
            s.timeouts().total().value(), s.maxBodyKb() * 1024),
        certificates::trustManager, clock, ua);
    TargetProber prober = new TargetProber(http, policy, allowedHosts(policy),
        new ClientHelloProber(tlsLimits, new SecureRandom()), certificates, clock,
        new RateLimitProbe(http, clock, sleeper, progress), params.active(),
        new FlowProbe(http, clock, idempotencyKeys(params.runId()), progress, sleeper,
            new SecureRandom(), params.longProbes()));
    List<Target> probed = policy.targets().stream()
        .filter(t -> params.probes(t.name())).toList();

    SourceProbes.Running reading = sources.start(
        new SourceProbes.Context(loaded, Set.copyOf(aspects), known, clock, http));
    Map<String, TargetObservations> observed = observeAll(policy, probed, prober, aspects);
    SourceObservations local = reading.join();
    // Checks judge what was observed; only what is written is redacted, with every secret the
    // run now knows: the policy's and the cookies, credentials and captures it saw.
    List<String> seen = new ArrayList<>();
    observed.values().forEach(o -> seen.addAll(o.secrets()));
    local.all().forEach(o -> seen.addAll(o.secrets()));

    List<Finding> findings = new ArrayList<>();
    List<Artifact> artifacts = new ArrayList<>();
    List<TargetState> states = new ArrayList<>();
    Instant judged = now();
    for (int i = 0; i < policy.targets().size(); i++) {
      Target t = policy.targets().get(i);
      if (!params.probes(t.name())) {
        continue; // another shard's: Shard.withPopulation lists it as excluded
      }
      TargetObservations obs = observed.get(t.name());
      CheckContext ctx = new CheckContext(catalog, loaded, t, obs, judged);
      List<Finding> targetFindings = new ArrayList<>();
      for (Check c : active) {
        if (!t.tlsOnly() || TlsOnlyTarget.applies(c)) {
          targetFindings.addAll(c.evaluate(ctx));
        }
      }
      findings.addAll(applySkips(targetFindings, t, i, policy, loaded));
      artifacts.addAll(obs.artifacts(BODY_EXCERPT));
      states.add(stateOf(t, obs));
    }
    CheckContext policyContext = new CheckContext(catalog, loaded, null, null, judged);
    for (Check c : active) {
      if (c instanceof OnSources onSources) {
        findings.addAll(onSources.evaluateSources(policyContext, local));
      }
    }
    List<String> sourceOrder = policy.sources().stream().map(SourceEntry::name).toList();
    local.states().stream()
        .sorted(Comparator.comparingInt((TargetState st) -> sourceOrder.indexOf(st.name())))
        .forEach(states::add);
    artifacts.addAll(local.artifacts());
    for (Check c : active) {
      if (c instanceof dev.secaudit.check.AcrossTargets across) {
        findings.addAll(across.evaluateAcross(new CheckContext(catalog, loaded, null, null, judged),
            observed));
      }
    }
    for (Check c : active) {
      if (c instanceof dev.secaudit.check.OnPopulation whole) {
        findings.addAll(whole.evaluatePopulation(policyContext, observed, local));
      }
    }
    // Before the claims are judged: a rule still waiting for its path verifies nothing.
    Placeholders todo = Placeholders.of(loaded);
    findings = placeholdersToSkipped(findings, todo);
    // Claims are judged on the findings as the report shows them (a disabled check's SKIPPED),
    // in the report's order, so that 'merge' judges them again from the shards' findings alike.
    findings = CredentialsRefused.toReview(disabledToSkipped(findings, policy));
    sort(findings, states);
    // A shard weighs its claims against the whole population, the other shards' part unscanned
    // here, so that its own scan.json never calls verified what only a merge can judge.
    List<TargetState> population = params.shard() == null ? List.copyOf(states)
        : params.shard().population(states, policy);
    RunInfo.ShardPart part = params.shard() == null ? null
        : new RunInfo.ShardPart(params.shard().index(), params.shard().count());
    findings.addAll(disabledToSkipped(claimCheck.evaluate(new CheckContext(catalog, loaded, null,
        null, judged), List.copyOf(findings), population, part), policy));
    states = placeholderSourcesExcluded(states, todo);
    findings = new ArrayList<>(FilePaths.resolve(findings, states, loaded.file()));
    findings = new ArrayList<>(ObservedAt.dated(findings, artifacts));
    sort(findings, states);
    Redactor redactor = known.with(OwnWords.of(catalog, findings, states, artifacts).outside(seen));
    if (params.bodies() != null) {
      observed.values().forEach(o -> o.exchanges().stream().map(e -> e.bodyCopy(redactor::text))
          .filter(java.util.Objects::nonNull).forEach(params.bodies()));
    }

    List<ScanResult.ClaimRecord> claims = new ArrayList<>();
    for (Claim c : policy.claims()) {
      Claim.Attestation a = c.attest();
      claims.add(new ScanResult.ClaimRecord(c.id(), redactor.text(c.statement()), c.category(),
          c.checks(), c.mapsTo(), a == null ? null : a.owner(), a == null ? null : a.date(),
          a == null ? List.of() : a.evidence()));
    }

    RunInfo run = new RunInfo(params.runId(), "secaudit", params.toolVersion(), started, now(),
        loaded.file(), policy.name(), loaded.sha256(),
        params.commandLine().stream().map(redactor::text).toList(),
        params.failOn().label(), policy.frameworks(), part,
        params.longProbes()
            ? java.util.Map.of("active", String.valueOf(params.active()), "long_probes", "true")
            : java.util.Map.of("active", String.valueOf(params.active())));
    ScanResult result = new ScanResult(ScanResult.SCHEMA, run, states, findings, artifacts,
        claims).withProcessing(ProcessingRecords.of(policy, findings, redactor::text));
    result = params.shard() == null ? result : params.shard().withPopulation(result, policy);
    // The one place a scan becomes writable: every text masked, then control characters made
    // visible (recorded values are kept raw until here so that checks judge what was received).
    // Subjects first, escaped so that two names stay two (Printable.name).
    result = result.withFindings(named(result.findings(), redactor::text));
    ScanResult written = result.mapText(t -> Printable.keepLines(redactor.text(t)));
    // Every reader refuses a key twice; a scan that wrote one would be refused by them all, so
    // it is a bug in secaudit (exit 70), not a file to write.
    List<String> repeated = RepeatedKeys.of(written.findings());
    if (!repeated.isEmpty()) {
      throw new IllegalStateException("a scan judged a key twice: " + repeated);
    }
    return written;
  }

  /**
   * Each finding's subject (and its cookie or header name) masked, then written by
   * {@link Printable#name}: the one escaping under which different names stay different.
   */
  static List<Finding> named(List<Finding> findings,
      java.util.function.UnaryOperator<String> mask) {
    List<Finding> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      Finding.Builder b = f.toBuilder();
      if (f.about() != null) {
        b.about(new dev.secaudit.model.Subject(f.about().kind(),
            Printable.name(mask.apply(f.about().name()))));
      }
      // After about(), which fills an empty subject with its name: an empty one stays empty.
      out.add(b.subject(Printable.name(mask.apply(f.subject()))).build());
    }
    return out;
  }

  /**
   * The secrets a policy brings before anything is probed: its ${env:} values, the credentials
   * in its targets' request headers, and passwords in their URLs' user-info.
   */
  public static List<String> policySecrets(LoadedPolicy loaded) {
    List<String> out = new ArrayList<>(loaded.secrets());
    for (Target t : loaded.policy().targets()) {
      t.requestHeaders().forEach((k, v) -> out.addAll(Redactor.secretsOf(k, v)));
      out.addAll(HttpExchange.userInfoSecrets(t.url()));
      out.addAll(HttpExchange.userInfoSecrets(t.httpUrl()));
    }
    return out;
  }

  /** Keys unique to this run (its id) and to each idempotent request in it. */
  private static java.util.function.Supplier<String> idempotencyKeys(String runId) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return () -> "secaudit-" + runId + "-" + n.incrementAndGet();
  }

  /**
   * The certificate probe, trusting the policy's ca_file too. A CA file that cannot be read is the
   * user's mistake and stops the run before anything is probed.
   */
  private static CertificateProbe certificateProbe(LoadedPolicy loaded,
      ClientHelloProber.Limits limits) {
    Tls tls = loaded.policy().tls();
    String caFile = tls == null ? null : tls.certificate().caFile();
    if (loaded.caFile() == null && caFile == null) {
      return new CertificateProbe(limits, List.of(), null);
    }
    // The command line's --ca-file wins over the policy's, and counts without a tls: section.
    Path file = loaded.caFile() != null ? loaded.caFile() : loaded.resolve(caFile);
    try {
      return new CertificateProbe(limits, CertificateProbe.readPem(file),
          file.getFileName().toString());
    } catch (IOException | GeneralSecurityException e) {
      String where = loaded.caFile() != null ? "--ca-file"
          : loaded.source().positionOf(PolicyPointer.TLS_CA_FILE)
              + ": tls.certificate.ca_file";
      throw new UsageException(where + ": cannot read CA certificates from " + file + " ("
          + e.getMessage() + "); give a PEM file of CA certificates");
    }
  }

  /**
   * The certificates of a CA bundle the user names outside the policy (--ca-file), read as the
   * certificate probe will read it, so the command can refuse a bad file before anything runs.
   */
  public static List<java.security.cert.X509Certificate> readCaFile(Path file)
      throws IOException, GeneralSecurityException {
    return CertificateProbe.readPem(file);
  }

  private Map<String, TargetObservations> observeAll(
      Policy policy, List<Target> targets, TargetProber prober, Set<Aspect> aspects) {
    Map<String, TargetObservations> out = new LinkedHashMap<>();
    if (targets.isEmpty()) {
      return out;
    }
    int threads = Math.min(policy.settings().concurrency(), targets.size());
    // Two counts per host, both of the policy's per-host limit: the targets probed at once, and
    // the connections open at once over all of them (HTTP requests and TLS hellos alike), so
    // several targets on one host never add up to more than the limit.
    Map<String, Semaphore> perHost = new HashMap<>();
    Map<String, Semaphore> connections = new HashMap<>();
    for (Target t : targets) {
      perHost.computeIfAbsent(host(t), h -> new Semaphore(policy.settings().perHost()));
      connections.computeIfAbsent(host(t), h -> new Semaphore(policy.settings().perHost(), true));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread th = new Thread(r, "secaudit-probe");
      th.setDaemon(true);
      return th;
    });
    try {
      List<Future<TargetObservations>> futures = new ArrayList<>();
      for (Target t : targets) {
        Semaphore gate = perHost.get(host(t));
        Semaphore open = connections.get(host(t));
        futures.add(pool.submit(() -> {
          gate.acquire();
          try {
            return prober.observe(t, aspects, open);
          } finally {
            gate.release();
          }
        }));
      }
      int done = 0;
      for (int i = 0; i < targets.size(); i++) {
        out.put(targets.get(i).name(), SourceProbes.await(futures.get(i)));
        done++;
        progress.probed(done, targets.size());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static TargetState stateOf(Target t, TargetObservations obs) {
    if (t.tlsOnly() && obs.tls() != null && !obs.tls().versions().isEmpty()
        && obs.tls().versions().stream().allMatch(v -> v.outcome()
            == dev.secaudit.probe.tls.VersionProbe.Outcome.NOT_TESTABLE)) {
      return new TargetState(t.name(), t.url(), TargetState.State.UNREACHABLE,
          withBudget(obs.tls().versions().get(obs.tls().versions().size() - 1).reason(), obs));
    }
    List<HttpFetch> fetches = new ArrayList<>(obs.pages().values());
    if (obs.securityTxt() != null) {
      fetches.add(obs.securityTxt());
    }
    // A server that sent a response head answered, even when what followed is not judged (an
    // invalid framing): its findings say what it did, the target is not called unreachable.
    if (!fetches.isEmpty() && fetches.stream().allMatch(f -> f.failed()
        && f.hops().stream().allMatch(h -> h.status() == 0))) {
      String why = fetches.get(0).first().error();
      String reached = reachedOverTls(obs, fetches);
      // A server that completed TLS handshakes was reached, whatever its HTTP side did (a CI
      // review found a target that dripped its response heads called UNREACHABLE while its TLS
      // was judged in full): the state says which part was judged and which was not.
      return reached == null
          ? new TargetState(t.name(), t.url(), TargetState.State.UNREACHABLE,
              withBudget(why, obs))
          : new TargetState(t.name(), t.url(), TargetState.State.EVALUATED, withBudget(
              "partly judged: " + reached + ", but no HTTP request got a complete answer: "
                  + why, obs));
    }
    return new TargetState(t.name(), t.url(), TargetState.State.EVALUATED,
        withBudget("", obs));
  }

  /**
   * How a target whose HTTP requests all went unanswered showed it was reached over TLS: "its
   * TLS was judged" when the certificate handshake completed, "its TLS handshake completed" when
   * only a request's did; null when neither did.
   */
  private static String reachedOverTls(TargetObservations obs, List<HttpFetch> fetches) {
    if (obs.tls() != null && obs.tls().certificate() != null
        && obs.tls().certificate().error() == null) {
      return "its TLS was judged";
    }
    return fetches.stream().anyMatch(f -> f.hops().stream().anyMatch(h -> h.tls() != null))
        ? "its TLS handshake completed" : null;
  }

  /** The reason of a target's state, saying too when its time budget left probes unsent. */
  private static String withBudget(String reason, TargetObservations obs) {
    if (obs.budgetSpent() == null) {
      return reason;
    }
    String budget = obs.budgetSpent() + "; later probes were not sent";
    return reason == null || reason.isEmpty() || reason.startsWith(obs.budgetSpent()) ? budget
        : reason + "; " + budget;
  }

  /** Findings of checks a target opts out of stay in the report, as SKIPPED with the reason. */
  private static List<Finding> applySkips(List<Finding> findings, Target t, int index,
      Policy policy, LoadedPolicy loaded) {
    if (t.skip().isEmpty()) {
      return findings;
    }
    List<Finding> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Finding f : findings) {
      String glob = null;
      int j = 0;
      for (int k = 0; k < t.skip().size(); k++) {
        if (Globs.matches(t.skip().get(k), f.checkId())) {
          glob = t.skip().get(k);
          j = k;
          break;
        }
      }
      if (glob == null) {
        out.add(f);
      } else if (seen.add(f.checkId() + "|" + f.subject())) {
        String pointer = PolicyPointer.entry(PolicyPointer.TARGETS, index) + "/skip/" + j;
        out.add(skipped(f, "skipped by the policy (targets[" + index + "].skip: '" + glob
            + "')").toBuilder().rule(pointer, loaded.lineOf(pointer)).location(null).build());
      }
    }
    return out;
  }

  static List<Finding> disabledToSkipped(List<Finding> findings, Policy policy) {
    if (policy.checks().isEmpty()) {
      return new ArrayList<>(findings);
    }
    List<Finding> out = new ArrayList<>();
    for (Finding f : findings) {
      String off = null;
      for (Map.Entry<String, CheckOverride> o : policy.checks().entrySet()) {
        if (!o.getValue().enabled() && Globs.matches(o.getKey(), f.checkId())) {
          off = o.getKey();
        }
      }
      out.add(off == null ? f : skipped(f, GateVerdict.DISABLED_BY_POLICY + " (checks: '" + off + "')"));
    }
    return out;
  }

  /**
   * The policy's {@code TODO} placeholders: the first of each list entry ("/configs/0") and, for
   * local sources, by the source's name.
   */
  private record Placeholders(Map<String, LoadedPolicy.Placeholder> byEntry,
      Map<String, LoadedPolicy.Placeholder> bySource) {
    static Placeholders of(LoadedPolicy loaded) {
      Map<String, LoadedPolicy.Placeholder> byEntry = new java.util.HashMap<>();
      loaded.placeholders().forEach(t -> byEntry.putIfAbsent(t.entry(), t));
      Map<String, LoadedPolicy.Placeholder> bySource = new java.util.HashMap<>();
      for (SourceEntry e : loaded.policy().sources()) {
        if (byEntry.containsKey(e.pointer())) {
          bySource.put(e.name(), byEntry.get(e.pointer()));
        }
      }
      return new Placeholders(byEntry, bySource);
    }

    /** The placeholder a finding depends on: its source's, or its policy entry's; else null. */
    LoadedPolicy.Placeholder holding(Finding f) {
      LoadedPolicy.Placeholder todo = bySource.get(f.target());
      for (Map.Entry<String, LoadedPolicy.Placeholder> e : byEntry.entrySet()) {
        if (todo == null && (f.policyPointer().equals(e.getKey())
            || f.policyPointer().startsWith(e.getKey() + "/"))) {
          todo = e.getValue();
        }
      }
      return todo;
    }
  }

  /**
   * A rule whose path is still the placeholder {@code init} wrote judged nothing real: its
   * findings (a missing file, a request not sent) become SKIPPED, naming the line to fill in.
   */
  private static List<Finding> placeholdersToSkipped(List<Finding> findings,
      Placeholders placeholders) {
    if (placeholders.byEntry().isEmpty()) {
      return findings;
    }
    List<Finding> out = new ArrayList<>();
    for (Finding f : findings) {
      LoadedPolicy.Placeholder todo = placeholders.holding(f);
      out.add(todo == null || f.checkId().startsWith("claim.") ? f
          : skipped(f, "not checked: " + todo));
    }
    return out;
  }

  /** The same finding, SKIPPED for {@code why}, with no evidence of a judgement. */
  private static Finding skipped(Finding f, String why) {
    return Finding.builder(f.checkId()).target(f.target()).subject(f.subject()).about(f.about())
        .status(Status.SKIPPED).severity(f.severity()).title(f.title())
        .expected(f.expected(), f.expectedValue()).observed(why).time(f.time())
        .mappings(f.mappings()).remediation(f.remediation())
        .rule(f.policyPointer(), f.policyLine()).location(f.location()).build();
  }

  /** A source whose path is the placeholder was not read: EXCLUDED, not unreachable. */
  private static List<TargetState> placeholderSourcesExcluded(List<TargetState> states,
      Placeholders placeholders) {
    List<TargetState> out = new ArrayList<>();
    for (TargetState st : states) {
      LoadedPolicy.Placeholder todo = placeholders.bySource().get(st.name());
      out.add(todo == null ? st : new TargetState(st.name(), st.url(),
          TargetState.State.EXCLUDED, "not read: " + todo));
    }
    return out;
  }

  private static void sort(List<Finding> findings, List<TargetState> population) {
    findings.sort(reportOrder(population.stream().map(TargetState::name).toList()));
  }

  /**
   * The order of findings in a result: by target in population order (targets, then local sources;
   * policy-wide findings last), then check id, subject and evidence. {@code merge} sorts shards with it too.
   */
  public static Comparator<Finding> reportOrder(List<String> targetNames) {
    Map<String, Integer> order = new HashMap<>();
    for (int i = 0; i < targetNames.size(); i++) {
      order.putIfAbsent(targetNames.get(i), i);
    }
    return Comparator
        .comparingInt((Finding f) -> order.getOrDefault(f.target(), Integer.MAX_VALUE))
        .thenComparing(Finding::checkId)
        .thenComparing(Finding::subject)
        .thenComparing(f -> String.join(",", f.evidence()));
  }

  private static Set<String> allowedHosts(Policy policy) {
    Set<String> hosts = new HashSet<>();
    for (Target t : policy.targets()) {
      hosts.add(host(t.url()));
      if (t.httpUrl() != null) {
        hosts.add(host(t.httpUrl()));
      }
    }
    return hosts;
  }

  private static String host(Target t) {
    return t.tlsOnly() ? TlsOnlyTarget.host(t) : host(t.url());
  }

  private static String host(String url) {
    HttpUrl u = HttpUrl.parse(url);
    return u == null ? url : u.host().toLowerCase(Locale.ROOT);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
