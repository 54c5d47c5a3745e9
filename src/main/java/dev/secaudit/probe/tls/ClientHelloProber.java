package dev.secaudit.probe.tls;

import dev.secaudit.model.TlsVersion;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Asks a server, one plain-socket connection per protocol version, whether it speaks that version:
 * a hand-built ClientHello offering only that version, and the first answer read record by record.
 * JSSE cannot do this: the JDK disables SSLv3, TLS 1.0 and 1.1 on the client side, and a client
 * that refuses on its own side would report "not offered" for a server that offers them.
 *
 * <p>No handshake is finished: the ServerHello alone says which version and suite the server
 * picked. A version probe reads on to the certificate (and a stapled OCSP response), in the clear
 * up to TLS 1.2 and, for TLS 1.3, by opening the server's encrypted flight with the key behind
 * the hello's own key share; then the connection is dropped.
 */
public final class ClientHelloProber {

  /**
   * In a probe's answer when {@link VersionProbe#disowned}: the server's signature over its key
   * exchange did not verify with the leaf's key, so no chain it sent is taken as its own.
   */
  public static final String NOT_ITS_CHAIN = "chain not taken as the server's";

  /** How a failed clear-text upgrade starts its reason; every version shares it. */
  static final String STARTTLS_FAILED = "STARTTLS failed: ";

  /** Connect, per-read and whole-probe limits; each probe is bounded by all three. */
  public record Limits(Duration connect, Duration read, Duration total) {}

  private final Limits limits;
  private final RandomGenerator random;
  private final ClientHello hellos;
  private final StartTls startTls;
  /** How many of one endpoint's hellos may be in flight at once (see {@link Fanout}). */
  private final int width;
  /** The target's time budget, asked before each connection; null: only the per-hello limits. */
  private final dev.secaudit.probe.TargetBudget budget;
  /**
   * Connections to the endpoint open at once, at most {@link #width}: probes fan out at more than
   * one level (versions, then each version's suites and groups), and this one count keeps their
   * sum to the per-host limit. Null at width 1, where the caller's thread is the only one.
   */
  private final java.util.concurrent.Semaphore open;

  /**
   * @param random fills the client random and the x25519 key share (tests inject a seeded one);
   *     shared by every thread that probes, so it must be thread-safe (SecureRandom is)
   */
  public ClientHelloProber(Limits limits, RandomGenerator random) {
    this(limits, random, null, 1, null, null);
  }

  private ClientHelloProber(Limits limits, RandomGenerator random, StartTls startTls,
      int width, dev.secaudit.probe.TargetBudget budget, java.util.concurrent.Semaphore open) {
    this.limits = limits;
    this.random = random;
    this.hellos = new ClientHello(random);
    this.startTls = startTls;
    this.width = Math.max(1, width);
    this.budget = budget;
    this.open = open;
  }

  /** The same prober, upgrading every connection with {@code startTls} first (null: none). */
  public ClientHelloProber over(StartTls upgrade) {
    return upgrade == startTls ? this
        : new ClientHelloProber(limits, random, upgrade, width, budget, open);
  }

  /**
   * A prober for one endpoint with up to {@code connections} hellos to it open at once, however
   * the probes fan out: each call makes a new count, so call it once per endpoint.
   */
  public ClientHelloProber width(int connections) {
    if (connections <= 1) {
      return width == 1 && open == null ? this
          : new ClientHelloProber(limits, random, startTls, 1, budget, null);
    }
    return new ClientHelloProber(limits, random, startTls, connections, budget,
        new java.util.concurrent.Semaphore(connections));
  }

  /**
   * A prober that fans out {@code connections} wide but opens a connection only with a permit of
   * {@code shared}: the count of a whole host (its other targets' hellos, its HTTP requests), so
   * the host sees no more connections at once than the count has permits.
   */
  public ClientHelloProber width(int connections, java.util.concurrent.Semaphore shared) {
    return new ClientHelloProber(limits, random, startTls, connections, budget, shared);
  }

  /** The same prober, opening no connection once {@code budget} is spent (null: no budget). */
  public ClientHelloProber within(dev.secaudit.probe.TargetBudget budget) {
    return budget == this.budget ? this
        : new ClientHelloProber(limits, random, startTls, width, budget, open);
  }

  /** How many hellos to one endpoint may be in flight at once. */
  public int width() {
    return width;
  }

  /**
   * Every version, oldest first. The two newest go first: a server that answers neither is not
   * speaking TLS at all (it hangs, or is something else), and one that cannot be reached fails
   * them both, so the older hellos are then not sent, and each would only have waited out the
   * same timeout. The rest follow side by side, {@link #width()} at a time.
   */
  public List<VersionProbe> probeAll(String host, int port, String sni) {
    return probeAll(host, port, sni, null);
  }

  /**
   * As {@link #probeAll(String, int, String)}, telling {@code accepted} of each version probe
   * that a ServerHello accepted, on the thread that sent it, as soon as it is had: what follows
   * from an accepted version (its suites) can start while the older versions are still asked.
   * An accepted probe is never changed afterwards (only closes are read again, as refusals).
   *
   * @param accepted told of each accepted probe, or null
   */
  public List<VersionProbe> probeAll(String host, int port, String sni,
      java.util.function.Consumer<VersionProbe> accepted) {
    java.util.function.Function<TlsVersion, VersionProbe> ask = v -> {
      VersionProbe p = probe(host, port, sni, v);
      if (accepted != null && p.outcome() == VersionProbe.Outcome.ACCEPTED) {
        accepted.accept(p);
      }
      return p;
    };
    TlsVersion[] versions = TlsVersion.values();
    List<TlsVersion> newest = List.of(versions[versions.length - 1], versions[versions.length - 2]);
    List<TlsVersion> older = new ArrayList<>(List.of(versions).subList(0, versions.length - 2));
    java.util.Collections.reverse(older);
    List<VersionProbe> first;
    if (width >= 2) {
      first = Fanout.inOrder(newest, width, ask);
    } else {
      // One at a time, an unreachable host costs one connect timeout, not two.
      VersionProbe p = ask.apply(newest.get(0));
      first = List.of(p, unreachable(p) != null ? notSent(newest.get(1), sni, unreachable(p))
          : ask.apply(newest.get(1)));
    }
    String unreachable = null;
    int silent = 0;
    for (VersionProbe p : first) {
      if (unreachable(p) != null) {
        unreachable = unreachable != null ? unreachable : unreachable(p);
      } else if (p.outcome() == VersionProbe.Outcome.NOT_TESTABLE
          && p.reason().contains("no answer within")) {
        silent++;
      }
    }
    if (unreachable == null && silent == 2) {
      unreachable = "the server answered neither the TLS 1.3 nor the TLS 1.2 hello ("
          + first.get(1).reason() + ")";
    }
    List<VersionProbe> rest;
    if (unreachable != null) {
      String why = unreachable;
      rest = older.stream().map(v -> notSent(v, sni, why)).toList();
    } else {
      rest = Fanout.inOrder(older, width, ask);
    }
    List<VersionProbe> out = new ArrayList<>(first);
    out.addAll(rest);
    java.util.Collections.reverse(out);
    return closedByATlsServer(out);
  }

  /**
   * A clean close is no refusal by itself, but many servers (and SSLv2, which has no alert)
   * decline an old version only by closing. A close (not a reset, which is retried and stays
   * untestable) after the whole hello, by a server that answered a newer version's hello with a
   * ServerHello in the same probe, is read as that refusal, and the reason says so; a close by a
   * server that accepted nothing newer stays not testable.
   */
  private static List<VersionProbe> closedByATlsServer(List<VersionProbe> all) {
    List<VersionProbe> out = new ArrayList<>(all);
    for (int i = 0; i < out.size(); i++) {
      VersionProbe p = out.get(i);
      if (p.outcome() != VersionProbe.Outcome.NOT_TESTABLE || !CLOSED.equals(p.answer())) {
        continue;
      }
      VersionProbe newer = all.stream().filter(o -> o.outcome() == VersionProbe.Outcome.ACCEPTED
          && o.version().ordinal() > p.version().ordinal()).findFirst().orElse(null);
      if (newer != null) {
        out.set(i, new VersionProbe(p.version(), VersionProbe.Outcome.REFUSED, null,
            "closed the connection on the " + p.version().label() + " hello (no alert; the"
                + " server answered the " + newer.version().label() + " hello with a"
                + " ServerHello)", p.hello(), p.answer(), p.millis()));
      }
    }
    return out;
  }

  /**
   * How the reason of a version no part of the suites could open begins: the server answered
   * every part with an alert, none with protocol_version, so the version is not negotiable here
   * though the server did not say it does not speak it.
   */
  public static final String NO_SUITE_IN_COMMON = "no suite in common";

  /** The answer of a probe whose connection was closed cleanly before any byte. */
  static final String CLOSED = "EOF before any byte";

  /** Why no hello can reach the server, when this probe's failure says so; otherwise null. */
  private static String unreachable(VersionProbe p) {
    return p.outcome() == VersionProbe.Outcome.NOT_TESTABLE && (p.reason().startsWith(
        "cannot connect") || p.reason().startsWith(STARTTLS_FAILED)) ? p.reason() : null;
  }

  private static VersionProbe notSent(TlsVersion v, String sni, String why) {
    return new VersionProbe(v, VersionProbe.Outcome.NOT_TESTABLE, null, why,
        ClientHello.helloSummary(v, sni, 0), "not sent: " + why, 0);
  }

  /**
   * One hello for {@code version}; {@code sni} is null for IP literals (RFC 6066 §3). From TLS
   * 1.0 on it asks for a stapled OCSP response, and for TLS 1.3 its x25519 share is a real key,
   * so the answer that decides the version also yields the chain and the staple (see
   * {@link Tls13Flight}): no second handshake is needed for the certificate.
   */
  public VersionProbe probe(String host, int port, String sni, TlsVersion version) {
    if (version == TlsVersion.SSL_2_0) {
      byte[] hello = hellos.ssl2Hello();
      return send(host, port, version, hello,
          ClientHello.helloSummary(version, sni, hello.length), null, true);
    }
    List<Offer> parts = ClientHello.fullOffers(version);
    VersionProbe first = probePart(host, port, sni, version, parts.get(0));
    if (parts.size() == 1 || !noSharedSuite(first)) {
      return first;
    }
    // An alert other than protocol_version says as often "no suite in common" as "no such
    // version" (OpenSSL answers a version it does not speak with protocol_version, and one it
    // speaks but has no suite for with handshake_failure): the other parts are offered before
    // anything is said of the version, as testssl.sh and sslyze decide a version only from
    // their whole suite list.
    // The other parts go side by side (within the endpoint's limit) and are read in order as
    // one after another would be: a part after the one that decides was sent for nothing, one
    // hello the server refuses, against a round trip saved whenever none decides early.
    List<VersionProbe> later = Fanout.inOrder(parts.subList(1, parts.size()), width,
        offer -> probePart(host, port, sni, version, offer));
    List<String> seen = new ArrayList<>();
    seen.add("part 1 (" + parts.get(0).suites().size() + " suites): " + first.reason());
    int offered = parts.get(0).suites().size();
    long millis = first.millis();
    for (int i = 1; i < parts.size(); i++) {
      VersionProbe p = later.get(i - 1);
      offered += parts.get(i).suites().size();
      millis += p.millis();
      String sent = first.hello() + "; then part " + (i + 1) + " of " + parts.size() + " ("
          + parts.get(i).suites().size() + " suites) after " + String.join("; ", seen);
      if (p.outcome() == VersionProbe.Outcome.ACCEPTED) {
        return new VersionProbe(version, p.outcome(), p.cipherSuite(), p.reason(), sent,
            p.answer(), millis, p.certificates(), p.dhBits(), p.ocsp(), p.disowned(),
            p.namedGroup());
      }
      if (!noSharedSuite(p)) {
        String why = p.outcome() == VersionProbe.Outcome.REFUSED ? p.reason()
            : "undetermined: " + String.join("; ", seen) + "; part " + (i + 1) + ": "
                + p.reason();
        return new VersionProbe(version, p.outcome(), null, why, sent, p.answer(), millis);
      }
      seen.add("part " + (i + 1) + " (" + parts.get(i).suites().size() + " suites): "
          + p.reason());
    }
    // What was sent and what came back, and no more: an alert other than protocol_version to
    // every part shows that no client can negotiate the version here, not that the server
    // refused the version itself (reports25 read "refused" beside "may be enabled").
    return new VersionProbe(version, VersionProbe.Outcome.REFUSED, null,
        NO_SUITE_IN_COMMON + ": sent " + parts.size() + " " + version.label() + " hellos"
            + " offering together all " + offered + " suites known; each was answered with an"
            + " alert other than protocol_version, none with a ServerHello ("
            + String.join("; ", seen) + ")", first.hello() + "; then parts 2 to " + parts.size()
            + " of the suites", first.answer(), millis);
  }

  /**
   * An alert that may mean "no suite in common" rather than "no such version": any but
   * protocol_version (a ServerHello for another version is no alert and decides alone).
   */
  private static boolean noSharedSuite(VersionProbe p) {
    return p.outcome() == VersionProbe.Outcome.REFUSED && p.reason().startsWith("alert ")
        && !p.reason().equals("alert protocol_version");
  }

  /** One hello of a version probe: status_request, and for TLS 1.3 a real key share. */
  private VersionProbe probePart(String host, int port, String sni, TlsVersion version,
      Offer offer) {
    Tls13Flight.KeyShare share = version == TlsVersion.TLS_1_3
        ? Tls13Flight.KeyShare.generate(random) : null;
    byte[] hello = hellos.hello(version, sni, offer, share, true);
    return send(host, port, version, hello, ClientHello.helloSummary(version, sni, hello.length,
        offer.suites().size()), share, true);
  }

  /**
   * What the cipher-suite enumeration sends: a hello for {@code version} (SSLv3 to TLS 1.3)
   * offering exactly these suites and groups, in this order.
   *
   * @param suites IANA code points, the client's preference order
   * @param groups supported_groups code points
   * @param keyShare for TLS 1.3, whether the key_share carries an x25519 share (x25519 must then
   *     be the first group); without one a server that supports a group answers with a
   *     HelloRetryRequest naming it and its chosen suite (RFC 8446 §4.1.4), having computed no
   *     key and signed nothing, and no real key is needed on our side either
   */
  public record Offer(List<Integer> suites, List<Integer> groups, boolean keyShare) {
    public Offer {
      suites = List.copyOf(suites);
      groups = List.copyOf(groups);
      if (keyShare && (groups.isEmpty() || groups.get(0) != 0x001d)) {
        throw new IllegalArgumentException("an x25519 key share needs x25519 as the first group");
      }
    }

    /** With an x25519 share exactly when x25519 is the first group. */
    public Offer(List<Integer> suites, List<Integer> groups) {
      this(suites, groups, !groups.isEmpty() && groups.get(0) == 0x001d);
    }
  }

  /** One hello with a chosen offer; the answer is read exactly as for {@link #probe}. */
  public VersionProbe probe(String host, int port, String sni, TlsVersion version, Offer offer) {
    if (version == TlsVersion.SSL_2_0) {
      throw new IllegalArgumentException("SSLv2 has no cipher-suite offer");
    }
    byte[] hello = hellos.hello(version, sni, offer);
    return send(host, port, version, hello, version.label() + " ClientHello, "
        + offer.suites().size() + " suites, " + offer.groups().size() + " groups, "
        + hello.length + " bytes", null, false);
  }

  /**
   * A hello up to TLS 1.2 offering only {@code offer}'s suites that reads on to the chain and
   * the staple as a version probe does: how a server's second certificate, served only to the
   * clients that pick its suites, is fetched.
   */
  public VersionProbe probeChain(String host, int port, String sni, TlsVersion version,
      Offer offer) {
    if (version == TlsVersion.SSL_2_0 || version == TlsVersion.TLS_1_3) {
      throw new IllegalArgumentException("only SSLv3 to TLS 1.2 hellos name the certificate");
    }
    byte[] hello = hellos.hello(version, sni, offer, null, true);
    return send(host, port, version, hello, ClientHello.helloSummary(version, sni, hello.length,
        offer.suites().size()), null, true);
  }

  /**
   * {@code work}, which opens one connection to the endpoint, holding one of the endpoint's
   * permits of open connections (none to take at width 1 without a shared count).
   */
  public <T> T holdingConnection(java.util.function.Supplier<T> work) {
    if (open == null) {
      return work.get();
    }
    open.acquireUninterruptibly();
    try {
      return work.get();
    } finally {
      open.release();
    }
  }

  /**
   * @param share the key behind a TLS 1.3 hello's x25519 share, to open the flight; or null
   * @param chain read the chain and check the server's signature for it (a version probe; the
   *     enumeration's hellos need only the ServerHello)
   */
  private VersionProbe send(String host, int port, TlsVersion version, byte[] hello,
      String sent, Tls13Flight.KeyShare share, boolean chain) {
    long start = System.nanoTime();
    if (open == null) {
      return sendOpen(host, port, version, hello, sent, share, chain, start);
    }
    // Waiting for a free connection is not the probe's time: millis counts from the connection.
    open.acquireUninterruptibly();
    try {
      return sendOpen(host, port, version, hello, sent, share, chain, System.nanoTime());
    } finally {
      open.release();
    }
  }

  private VersionProbe sendOpen(String host, int port, TlsVersion version, byte[] hello,
      String sent, Tls13Flight.KeyShare share, boolean chain, long start) {
    VersionProbe first = attempt(host, port, version, hello, sent, share, chain, start);
    if (!first.answer().startsWith(RESET_ANSWER)) {
      return first;
    }
    // A reset says nothing of the version (a busy or flaky peer resets too): one more try, and
    // a second reset stays "not testable" with a reason that does not depend on which socket
    // call saw it first, so the same server gives the same verdict alone and in a fleet.
    VersionProbe second = attempt(host, port, version, hello, sent, share, chain, start);
    if (!second.answer().startsWith(RESET_ANSWER)) {
      return second;
    }
    return result(version, VersionProbe.Outcome.NOT_TESTABLE, null, RESET_TWICE, sent,
        first.answer() + "; retried once: " + second.answer(), start);
  }

  /** What a probe's answer starts with when the peer reset the connection before any byte. */
  private static final String RESET_ANSWER = "connection reset before any byte";

  /**
   * The reason of a version probe whose two connections were both reset: a reset is no refusal
   * (only an alert or a ServerHello for another version is).
   */
  static final String RESET_TWICE =
      "reset the connection without answering, twice (a reset is no refusal)";

  private VersionProbe attempt(String host, int port, TlsVersion version, byte[] hello,
      String sent, Tls13Flight.KeyShare share, boolean chain, long start) {
    String refused = budget == null ? null : budget.admit();
    if (refused != null) {
      return result(version, VersionProbe.Outcome.NOT_TESTABLE, null, refused, sent,
          "not sent", start);
    }
    long deadline = System.nanoTime() + limits.total().toNanos();
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      try {
        socket.connect(new InetSocketAddress(host, port), (int) Math.max(1,
            Math.min(limits.connect().toMillis(), limits.total().toMillis())));
      } catch (SocketTimeoutException e) {
        return result(version, VersionProbe.Outcome.NOT_TESTABLE, null,
            "cannot connect: no answer within " + limits.connect().toMillis() + " ms", sent,
            "no connection", start);
      } catch (UnknownHostException e) {
        return result(version, VersionProbe.Outcome.NOT_TESTABLE, null,
            "cannot connect: unknown host " + host, sent, "no connection", start);
      } catch (ConnectException | NoRouteToHostException e) {
        return result(version, VersionProbe.Outcome.NOT_TESTABLE, null,
            "cannot connect: " + message(e), sent, "no connection", start);
      } catch (IOException e) {
        if (ConnectionReset.causes(e)) {
          return reset(version, sent, e, start);
        }
        return result(version, VersionProbe.Outcome.NOT_TESTABLE, null,
            "cannot connect: " + message(e), sent, "no connection", start);
      }
      if (startTls != null) {
        try {
          startTls.upgrade(socket, deadline, limits.read().toMillis());
        } catch (SocketTimeoutException e) {
          return result(version, VersionProbe.Outcome.NOT_TESTABLE, null, STARTTLS_FAILED
              + "no answer within the " + timeoutName(deadline) + " timeout", sent,
              "no TLS upgrade", start);
        } catch (IOException e) {
          return result(version, VersionProbe.Outcome.NOT_TESTABLE, null, STARTTLS_FAILED
              + message(e), sent, "no TLS upgrade", start);
        }
        sent = sent + ", after " + startTls.label() + " STARTTLS";
      }
      try {
        socket.getOutputStream().write(hello);
        socket.getOutputStream().flush();
      } catch (IOException e) {
        if (!ConnectionReset.causes(e)) {
          throw e;
        }
        return reset(version, sent, e, start);
      }
      ServerHelloReader.Answer a;
      try {
        a = new ServerHelloReader(socket, deadline, limits.read().toMillis(), hello, share,
            chain).read(version);
      } catch (ServerHelloReader.ResetBeforeAnswer e) {
        return reset(version, sent, (IOException) e.getCause(), start);
      }
      return new VersionProbe(version, a.outcome(), a.cipherSuite(), a.reason(), sent,
          a.summary(), (System.nanoTime() - start) / 1_000_000, a.certificates(), a.dhBits(),
          a.ocsp(), a.disowned(), a.namedGroup());
    } catch (ServerHelloReader.Truncated e) {
      return result(version, VersionProbe.Outcome.NOT_TESTABLE, null, e.getMessage(), sent,
          "incomplete answer", start);
    } catch (SocketTimeoutException e) {
      return result(version, VersionProbe.Outcome.NOT_TESTABLE, null,
          "no answer within the " + timeoutName(deadline) + " timeout", sent, "nothing received",
          start);
    } catch (IOException e) {
      return result(version, VersionProbe.Outcome.NOT_TESTABLE, null,
          "connection failed: " + message(e), sent, "nothing usable received", start);
    }
  }

  private static VersionProbe reset(TlsVersion version, String sent, IOException e,
      long start) {
    return result(version, VersionProbe.Outcome.NOT_TESTABLE, null, RESET_TWICE, sent,
        RESET_ANSWER + " (" + message(e) + ")", start);
  }

  private String timeoutName(long deadline) {
    return System.nanoTime() >= deadline - 1_000_000 ? "total (" + limits.total().toMillis()
        + " ms)" : "read (" + limits.read().toMillis() + " ms)";
  }

  private static VersionProbe result(TlsVersion v, VersionProbe.Outcome o, String suite,
      String reason, String hello, String answer, long start) {
    return new VersionProbe(v, o, suite, reason, hello, answer,
        (System.nanoTime() - start) / 1_000_000);
  }

  static String message(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
