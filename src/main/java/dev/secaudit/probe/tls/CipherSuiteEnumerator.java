package dev.secaudit.probe.tls;

import dev.secaudit.model.CipherSuites;
import dev.secaudit.model.TlsVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finds, for each version the server accepted, every suite it accepts from our list, whether it
 * enforces its own order, and which groups it accepts, with the hand-built hellos of
 * {@link ClientHelloProber}: offer a list, note the suite picked, drop it, offer the rest again.
 *
 * <p>Connections are bounded: per version at most one per offered suite plus one, one for the
 * order and one per group, and at a width of two or more the opening pair and one refusal per
 * part (see {@link #version}); and {@link #MAX_CONNECTIONS} over all versions of a target, after
 * which the remaining versions are recorded as incomplete rather than probed.
 *
 * <p>TLS 1.3 hellos carry no key share: the server's HelloRetryRequest names the suite and group
 * it would use without the key exchange and signature a full first flight costs it, which on a
 * shared machine is most of what probing many hosts costs the servers.
 */
public final class CipherSuiteEnumerator {
  /** Hard cap of hellos per target, over all versions (about 4 x 73 + groups would be needed). */
  public static final int MAX_CONNECTIONS = 200;

  /** Groups offered up to TLS 1.2: the elliptic curves ECDHE suites negotiate with. */
  private static final List<Integer> EC_GROUPS = GroupProbes.EC_GROUPS;

  private final ClientHelloProber prober;
  private final int maxConnections;

  public CipherSuiteEnumerator(ClientHelloProber prober) {
    this(prober, MAX_CONNECTIONS);
  }

  CipherSuiteEnumerator(ClientHelloProber prober, int maxConnections) {
    this.prober = prober;
    this.maxConnections = maxConnections;
  }

  /** One enumeration per version accepted in {@code versions} (SSLv2 has no suites to pick). */
  public List<SuiteEnumeration> enumerate(String host, int port, String sni,
      List<VersionProbe> versions) {
    List<TlsVersion> accepted = new ArrayList<>();
    for (VersionProbe v : versions) {
      if (v.outcome() == VersionProbe.Outcome.ACCEPTED && v.version() != TlsVersion.SSL_2_0) {
        accepted.add(v.version());
      }
    }
    // Versions side by side; the prober's width bounds the hellos open at once over all of them.
    AtomicInteger budget = budget();
    return Fanout.inOrder(accepted, prober.width(), v -> version(host, port, sni, v, budget));
  }

  /** A new count of the hellos one target's enumerations may send, over all its versions. */
  AtomicInteger budget() {
    return new AtomicInteger(maxConnections);
  }

  /** The enumeration of one version accepted by the server, its hellos taken from {@code budget}. */
  SuiteEnumeration enumerate(String host, int port, String sni, TlsVersion v,
      AtomicInteger budget) {
    return version(host, port, sni, v, budget);
  }

  /** Takes one connection from the target's budget; false when none is left. */
  private static boolean take(AtomicInteger budget) {
    return budget.getAndDecrement() > 0;
  }

  /**
   * What one run of "offer, note the pick, drop it, offer the rest" found.
   *
   * @param picked the suites picked, in the order they were picked
   * @param dhBits the DH prime's size per finite-field DHE suite picked, where it was read
   * @param incomplete why the run stopped before a refusal, or null
   * @param closedOnRest the run ended on a close without an alert, read as a refusal
   * @param connections hellos sent by the run
   * @param certCurve the curve of the leaf the first ECDSA suite picked came with, or null
   */
  private record Picks(List<Integer> picked, java.util.Map<Integer, Integer> dhBits,
      String incomplete, boolean closedOnRest, int connections, Integer certCurve) {}

  /** The certificate curve already had, else the one of {@code p}'s leaf for an ECDSA pick. */
  private static Integer certCurve(Integer had, VersionProbe p) {
    return had != null || p == null || p.cipherSuite() == null
        || !p.cipherSuite().contains("_ECDSA_") ? had : CertificateCurve.of(p.certificates());
  }

  private SuiteEnumeration version(String host, int port, String sni, TlsVersion v,
      AtomicInteger budget) {
    long start = System.nanoTime();
    boolean tls13 = v == TlsVersion.TLS_1_3;
    List<Integer> allGroups = List.copyOf(CipherSuites.GROUPS.keySet());
    // Every group is offered while suites are enumerated, so no suite is missed for want of one.
    List<Integer> offerGroups = tls13 ? allGroups : EC_GROUPS;
    // Up to TLS 1.2 the list is offered in parts (see CipherSuites.CLASSIC_PARTS): the first,
    // with the common suites, gets the runs below, and each other part a run of its own.
    List<Integer> all = tls13 ? List.copyOf(CipherSuites.TLS13.keySet())
        : CipherSuites.CLASSIC_PARTS.get(0);
    // The other parts' runs ask nothing of the first part's answers: side by side they fill the
    // connections a chain of picks leaves idle (a server that keeps its own order, whose picks
    // go one at a time), instead of waiting for that chain to end.
    List<List<Integer>> more = tls13 ? List.of()
        : CipherSuites.CLASSIC_PARTS.subList(1, CipherSuites.CLASSIC_PARTS.size());
    java.util.concurrent.CompletableFuture<List<Picks>> later = more.isEmpty()
        || prober.width() < 2 ? null : java.util.concurrent.CompletableFuture.supplyAsync(
            () -> otherParts(host, port, sni, v, more, offerGroups, budget),
            Fanout.ownThread("secaudit-tls-parts"));
    Picks run;
    int connections = 0;
    boolean clientOrder = false;
    boolean keptPick = false;
    if (prober.width() < 2) {
      run = picks(host, port, sni, v, all, offerGroups, budget, null, false);
    } else {
      // Each pick waits on the one before, so one run costs a round trip per accepted suite. Our
      // whole list, forwards and backwards, side by side: a server that takes a different suite
      // when our order turns picks by our order, so the two suites it took are known accepted
      // and the rest of the list can be run in disjoint parts at once, the picks put back in our
      // order, which is the order one run would have picked them in. A server that keeps its
      // pick holds to its own order, which only one run over the whole list shows: it gets that
      // run, the forward answer as its first pick, and the kept pick is its order probe's answer.
      List<VersionProbe> opening = Fanout.inOrder(List.of(all, reversed(all)), prober.width(),
          offer -> take(budget) ? prober.probe(host, port, sni, v,
              new ClientHelloProber.Offer(offer, offerGroups, false)) : null);
      connections = (int) opening.stream().filter(java.util.Objects::nonNull).count();
      clientOrder = picksDiffer(opening.get(0), opening.get(1), all);
      keptPick = samePick(opening.get(0), opening.get(1));
      run = clientOrder
          ? partsSideBySide(host, port, sni, v, all, offerGroups, budget, opening)
          : picks(host, port, sni, v, all, offerGroups, budget, opening.get(0), false);
    }
    boolean acrossParts = false;
    List<Picks> laterRuns = later == null ? null : later.join();
    if (laterRuns != null && run.incomplete() != null) {
      // Sent beside a first part that stopped without a verdict, which one after another would
      // not have sent: their hellos count, their picks do not.
      for (Picks r : laterRuns) {
        connections += r.connections();
      }
    }
    if (!more.isEmpty() && run.incomplete() == null) {
      Picks first = run;
      List<Picks> runs = laterRuns != null ? laterRuns
          : otherParts(host, port, sni, v, more, offerGroups, budget);
      acrossParts = runs.stream().anyMatch(r -> !r.picked().isEmpty()) && !first.picked().isEmpty()
          || runs.stream().filter(r -> !r.picked().isEmpty()).count() > 1;
      run = merged(first, runs);
      if (acrossParts && run.incomplete() == null && run.picked().size() <= MAX_REORDER) {
        // Each hello showed the order within its part only; the accepted suites offered
        // together once more show it across them.
        Picks again = picks(host, port, sni, v, run.picked(), offerGroups, budget, null, true);
        connections += again.connections();
        if (again.incomplete() == null
            && new java.util.HashSet<>(again.picked()).equals(new java.util.HashSet<>(run.picked()))) {
          run = new Picks(again.picked(), run.dhBits(), null, run.closedOnRest(),
              run.connections(), run.certCurve());
          acrossParts = false;
        }
      }
    }
    List<Integer> picked = run.picked();
    java.util.Map<Integer, Integer> dhBits = run.dhBits();
    String incomplete = run.incomplete();
    boolean closedOnRest = run.closedOnRest();
    connections += run.connections();

    // After a probe without a verdict (timeout, reset) the rest would most likely time out too:
    // one wait per version is the most a slow or hostile server costs.
    boolean stalled = incomplete != null;
    // The order probe and the group probes depend only on the picks, not on each other, so they
    // go side by side. The first pick already answers the forward offer: a server that follows
    // its own order took its favourite of the whole list, one that follows ours took the first
    // accepted suite we listed, and either way that is what the accepted suites offered in pick
    // order would get. Only the reversed offer is new, and one full handshake fewer for the server.
    boolean orderProbe = !stalled && picked.size() >= 2 && !clientOrder && !keptPick;
    List<GroupProbes.Probe> groupProbes = stalled || picked.isEmpty() ? List.of()
        : GroupProbes.plan(tls13, picked, run.certCurve());
    List<ClientHelloProber.Offer> offers = new ArrayList<>();
    if (orderProbe) {
      offers.add(new ClientHelloProber.Offer(reversed(picked), offerGroups, false));
    }
    for (GroupProbes.Probe g : groupProbes) {
      offers.add(g.offer());
    }
    int first = orderProbe ? 1 : 0;
    // After a group probe without a verdict the rest are not sent: one wait is enough.
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    List<VersionProbe> answers = Fanout.inOrder(offers, prober.width(), offer -> {
      if (stop.get() || !take(budget)) {
        return null;
      }
      VersionProbe p = prober.probe(host, port, sni, v, offer);
      if (p.outcome() == VersionProbe.Outcome.NOT_TESTABLE && offers.indexOf(offer) >= first
          && !closedAfterServerHello(p, !picked.isEmpty())) {
        stop.set(true);
      }
      return p;
    });
    for (VersionProbe p : answers) {
      if (p != null) {
        connections++;
      }
    }

    // Known from the opening: the reversed list got another suite than the forward one, or the
    // same one, which is what the order probe would have asked.
    Boolean serverOrder = (clientOrder || keptPick) && !stalled && picked.size() >= 2
        ? Boolean.valueOf(keptPick) : null;
    if (orderProbe && answers.get(0) != null
        && answers.get(0).outcome() == VersionProbe.Outcome.ACCEPTED) {
      serverOrder = CipherSuites.code(answers.get(0).cipherSuite()) == picked.get(0);
    }
    if (acrossParts && Boolean.TRUE.equals(serverOrder)) {
      // Its order between suites of different hellos was not asked: no claim of an order.
      serverOrder = null;
    }
    List<String> groups = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    List<String> undetermined = new ArrayList<>();
    List<String> undeterminedWhy = new ArrayList<>();
    List<String> closedOnGroups = new ArrayList<>();
    for (int i = 0; i < groupProbes.size() && incomplete == null; i++) {
      VersionProbe p = answers.get(first + i);
      GroupProbes.Probe probe = groupProbes.get(i);
      String name = probe.name();
      if (p == null) {
        incomplete = stop.get() ? "group probes stopped after one without a verdict"
            : "connection cap of " + maxConnections + " reached";
        break;
      }
      boolean closed = closedAfterServerHello(p, !picked.isEmpty());
      if (!closed && p.outcome() == VersionProbe.Outcome.NOT_TESTABLE) {
        incomplete = "group " + name + ": " + p.reason();
        break;
      }
      GroupProbes.Reading r = GroupProbes.read(probe, p,
          closed || p.outcome() == VersionProbe.Outcome.REFUSED);
      switch (r.verdict()) {
        case ACCEPTED -> groups.add(name);
        case REFUSED -> {
          refused.add(name);
          if (closed) {
            closedOnGroups.add(name + (probe.companion() == null ? " alone"
                : " with " + ServerHelloReader.groupName(probe.companion())));
          }
        }
        case UNDETERMINED -> {
          undetermined.add(name);
          undeterminedWhy.add(r.why());
        }
      }
    }

    List<SuiteEnumeration.AcceptedSuite> suites = new ArrayList<>();
    for (int c : picked) {
      String name = CipherSuites.name(c);
      suites.add(new SuiteEnumeration.AcceptedSuite(name, SuiteTraits.forwardSecrecy(name),
          dhBits.get(c)));
    }
    List<String> closes = new ArrayList<>();
    if (closedOnRest) {
      closes.add("the rest of the suites");
    }
    if (!closedOnGroups.isEmpty()) {
      closes.add("group " + String.join(", ", closedOnGroups));
    }
    String refusedByClose = closes.isEmpty() ? null : "closed the connection without an alert"
        + " on the hello offering " + String.join(" and on the hello offering ", closes)
        + ", read as a refusal: the server answered this version's hellos with a ServerHello";
    return new SuiteEnumeration(v, suites, serverOrder, groups, refused, incomplete, connections,
        (System.nanoTime() - start) / 1_000_000, refusedByClose, undetermined,
        undeterminedWhy.isEmpty() ? null : String.join("; ", undeterminedWhy));
  }

  /**
   * One run over {@code offer}: offer it, note the pick, drop it, offer the rest again, until the
   * server refuses.
   *
   * @param first the answer to {@code offer} itself when already had, or null to send it
   * @param answered the server already answered this version's hellos with a ServerHello, so a
   *     close on this run's first hello is a refusal too
   */
  private Picks picks(String host, int port, String sni, TlsVersion v, List<Integer> offer,
      List<Integer> offerGroups, AtomicInteger budget, VersionProbe first, boolean answered) {
    List<Integer> remaining = new ArrayList<>(offer);
    List<Integer> picked = new ArrayList<>();
    java.util.Map<Integer, Integer> dhBits = new java.util.HashMap<>();
    String incomplete = null;
    boolean closedOnRest = false;
    int connections = 0;
    Integer curve = null;
    VersionProbe had = first;
    while (!remaining.isEmpty()) {
      VersionProbe p = had;
      had = null;
      if (p == null) {
        if (!take(budget)) {
          incomplete = "connection cap of " + maxConnections + " reached";
          break;
        }
        connections++;
        p = prober.probe(host, port, sni, v,
            new ClientHelloProber.Offer(remaining, offerGroups, false));
      }
      if (p.outcome() == VersionProbe.Outcome.REFUSED) {
        break;
      }
      if (closedAfterServerHello(p, answered || !picked.isEmpty())) {
        closedOnRest = true;
        break;
      }
      if (p.outcome() == VersionProbe.Outcome.NOT_TESTABLE) {
        incomplete = p.reason();
        break;
      }
      int code = CipherSuites.code(p.cipherSuite());
      if (!remaining.contains(code)) {
        incomplete = "the server picked " + p.cipherSuite() + ", which was not offered";
        break;
      }
      picked.add(code);
      if (p.dhBits() != null) {
        dhBits.put(code, p.dhBits());
      }
      curve = certCurve(curve, p);
      remaining.remove(Integer.valueOf(code));
    }
    return new Picks(picked, dhBits, incomplete, closedOnRest, connections, curve);
  }

  /**
   * For a server that picks by our order: the two suites its opening answers took, and runs over
   * the rest of {@code all} in parts side by side, each part every n-th suite of it so the
   * accepted ones spread evenly. Its picks, merged in the order of {@code all}, are those of one
   * run over the whole list, and in as many hellos as that run and its order probe at width 2.
   */
  private Picks partsSideBySide(String host, int port, String sni, TlsVersion v,
      List<Integer> all, List<Integer> offerGroups, AtomicInteger budget,
      List<VersionProbe> opening) {
    List<Integer> picked = new ArrayList<>();
    java.util.Map<Integer, Integer> dhBits = new java.util.HashMap<>();
    Integer curve = null;
    for (VersionProbe p : opening) {
      int code = CipherSuites.code(p.cipherSuite());
      picked.add(code);
      if (p.dhBits() != null) {
        dhBits.put(code, p.dhBits());
      }
      curve = certCurve(curve, p);
    }
    List<Integer> rest = new ArrayList<>(all);
    rest.removeAll(picked);
    int n = prober.width();
    List<List<Integer>> parts = new ArrayList<>();
    for (int i = 0; i < n && i < rest.size(); i++) {
      List<Integer> part = new ArrayList<>();
      for (int j = i; j < rest.size(); j += n) {
        part.add(rest.get(j));
      }
      parts.add(part);
    }
    List<Picks> runs = Fanout.inOrder(parts, n,
        part -> picks(host, port, sni, v, part, offerGroups, budget, null, true));
    Picks together = merged(new Picks(picked, dhBits, null, false, 0, curve), runs);
    List<Integer> sorted = new ArrayList<>(together.picked());
    sorted.sort(java.util.Comparator.comparingInt(all::indexOf));
    return new Picks(sorted, together.dhBits(), together.incomplete(), together.closedOnRest(),
        together.connections(), together.certCurve());
  }

  /** A run over each of the other parts of the suite list, side by side. */
  private List<Picks> otherParts(String host, int port, String sni, TlsVersion v,
      List<List<Integer>> parts, List<Integer> offerGroups, AtomicInteger budget) {
    // The version probe had a ServerHello for this version, so a close here is a refusal.
    return Fanout.inOrder(parts, prober.width(),
        part -> picks(host, port, sni, v, part, offerGroups, budget, null, true));
  }

  /** Most accepted suites from several parts offered again together to learn their order. */
  private static final int MAX_REORDER = 32;

  /** The runs over each part as one: picks in part order, the first reason to stop kept. */
  private static Picks merged(Picks first, List<Picks> more) {
    List<Integer> picked = new ArrayList<>(first.picked());
    java.util.Map<Integer, Integer> dhBits = new java.util.HashMap<>(first.dhBits());
    String incomplete = first.incomplete();
    boolean closedOnRest = first.closedOnRest();
    int connections = first.connections();
    Integer curve = first.certCurve();
    for (Picks r : more) {
      picked.addAll(r.picked());
      dhBits.putAll(r.dhBits());
      incomplete = incomplete != null ? incomplete : r.incomplete();
      closedOnRest |= r.closedOnRest();
      connections += r.connections();
      curve = curve != null ? curve : r.certCurve();
    }
    return new Picks(picked, dhBits, incomplete, closedOnRest, connections, curve);
  }

  /** Both answers picked the same suite. */
  private static boolean samePick(VersionProbe forward, VersionProbe backward) {
    return forward != null && backward != null
        && forward.outcome() == VersionProbe.Outcome.ACCEPTED
        && backward.outcome() == VersionProbe.Outcome.ACCEPTED
        && forward.cipherSuite().equals(backward.cipherSuite());
  }

  /** Both answers picked a suite of {@code all}, and not the same one. */
  private static boolean picksDiffer(VersionProbe forward, VersionProbe backward,
      List<Integer> all) {
    if (forward == null || backward == null
        || forward.outcome() != VersionProbe.Outcome.ACCEPTED
        || backward.outcome() != VersionProbe.Outcome.ACCEPTED) {
      return false;
    }
    int f = CipherSuites.code(forward.cipherSuite());
    int b = CipherSuites.code(backward.cipherSuite());
    return f != b && all.contains(f) && all.contains(b);
  }

  /**
   * A clean close before any byte is no refusal by itself, but some servers decline a hello
   * they share no suite or group with only by closing (the JDK's HttpsServer drops the alert
   * its engine prepared). Once the server answered this version's hellos with a ServerHello, a
   * close on a narrower offer is that refusal, as {@link ClientHelloProber} reads a close on an
   * older version; a reset or timeout still leaves the enumeration incomplete.
   */
  private static boolean closedAfterServerHello(VersionProbe p, boolean answered) {
    return p.outcome() == VersionProbe.Outcome.NOT_TESTABLE
        && ClientHelloProber.CLOSED.equals(p.answer()) && answered;
  }

  private static List<Integer> reversed(List<Integer> in) {
    List<Integer> out = new ArrayList<>(in);
    java.util.Collections.reverse(out);
    return out;
  }
}
