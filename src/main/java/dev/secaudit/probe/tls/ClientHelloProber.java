package dev.secaudit.probe.tls;

import dev.secaudit.model.CipherSuites;
import dev.secaudit.model.TlsVersion;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  /** The random value that marks a ServerHello as a HelloRetryRequest (RFC 8446 §4.1.3). */
  private static final byte[] HRR_RANDOM = HexFormat.of().parseHex(
      "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");

  /** The most bytes read per probe: a ServerHello is far smaller, so more means a hostile peer. */
  static final int MAX_ANSWER_BYTES = 64 * 1024;

  private static final int EXT_SERVER_NAME = 0;
  private static final int EXT_STATUS_REQUEST = 5;
  private static final int EXT_SUPPORTED_GROUPS = 10;
  private static final int EXT_EC_POINT_FORMATS = 11;
  private static final int EXT_SIGNATURE_ALGORITHMS = 13;
  private static final int EXT_SUPPORTED_VERSIONS = 43;
  private static final int EXT_PSK_MODES = 45;
  private static final int EXT_KEY_SHARE = 51;
  private static final int EXT_RENEGOTIATION_INFO = 0xff01;

  private static final Map<Integer, String> EXTENSION_NAMES = Map.ofEntries(
      Map.entry(0, "server_name"), Map.entry(5, "status_request"),
      Map.entry(10, "supported_groups"), Map.entry(11, "ec_point_formats"),
      Map.entry(13, "signature_algorithms"), Map.entry(16, "alpn"),
      Map.entry(23, "extended_master_secret"), Map.entry(35, "session_ticket"),
      Map.entry(41, "pre_shared_key"), Map.entry(43, "supported_versions"),
      Map.entry(44, "cookie"), Map.entry(45, "psk_key_exchange_modes"),
      Map.entry(51, "key_share"), Map.entry(0xff01, "renegotiation_info"));

  /** x25519, secp256r1, secp384r1, secp521r1, x448, ffdhe2048, ffdhe3072. */
  private static final int[] GROUPS = {0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x0100, 0x0101};

  /** ECDSA, RSA-PSS, EdDSA and RSA PKCS#1 with SHA-2, then the SHA-1 ones old servers need. */
  private static final int[] SIGNATURE_SCHEMES = {0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806,
      0x0807, 0x0808, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201};

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
  private final StartTls startTls;
  /** How many of one endpoint's hellos may be in flight at once (see {@link Fanout}). */
  private final int width;
  /** The target's time budget, asked before each connection; null: only the per-hello limits. */
  private final dev.secaudit.probe.TargetBudget budget;

  /**
   * @param random fills the client random and the x25519 key share (tests inject a seeded one);
   *     shared by every thread that probes, so it must be thread-safe (SecureRandom is)
   */
  public ClientHelloProber(Limits limits, RandomGenerator random) {
    this(limits, random, null, 1, null);
  }

  private ClientHelloProber(Limits limits, RandomGenerator random, StartTls startTls,
      int width, dev.secaudit.probe.TargetBudget budget) {
    this.limits = limits;
    this.random = random;
    this.startTls = startTls;
    this.width = Math.max(1, width);
    this.budget = budget;
  }

  /** The same prober, upgrading every connection with {@code startTls} first (null: none). */
  public ClientHelloProber over(StartTls upgrade) {
    return upgrade == startTls ? this
        : new ClientHelloProber(limits, random, upgrade, width, budget);
  }

  /** The same prober, with up to {@code connections} hellos to one endpoint in flight at once. */
  public ClientHelloProber width(int connections) {
    return connections == width ? this
        : new ClientHelloProber(limits, random, startTls, connections, budget);
  }

  /** The same prober, opening no connection once {@code budget} is spent (null: no budget). */
  public ClientHelloProber within(dev.secaudit.probe.TargetBudget budget) {
    return budget == this.budget ? this
        : new ClientHelloProber(limits, random, startTls, width, budget);
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
    TlsVersion[] versions = TlsVersion.values();
    List<TlsVersion> newest = List.of(versions[versions.length - 1], versions[versions.length - 2]);
    List<TlsVersion> older = new ArrayList<>(List.of(versions).subList(0, versions.length - 2));
    java.util.Collections.reverse(older);
    List<VersionProbe> first;
    if (width >= 2) {
      first = Fanout.inOrder(newest, width, v -> probe(host, port, sni, v));
    } else {
      // One at a time, an unreachable host costs one connect timeout, not two.
      VersionProbe p = probe(host, port, sni, newest.get(0));
      first = List.of(p, unreachable(p) != null ? notSent(newest.get(1), sni, unreachable(p))
          : probe(host, port, sni, newest.get(1)));
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
      rest = Fanout.inOrder(older, width, v -> probe(host, port, sni, v));
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

  /** The answer of a probe whose connection was closed cleanly before any byte. */
  private static final String CLOSED = "EOF before any byte";

  /** Why no hello can reach the server, when this probe's failure says so; otherwise null. */
  private static String unreachable(VersionProbe p) {
    return p.outcome() == VersionProbe.Outcome.NOT_TESTABLE && (p.reason().startsWith(
        "cannot connect") || p.reason().startsWith(STARTTLS_FAILED)) ? p.reason() : null;
  }

  private static VersionProbe notSent(TlsVersion v, String sni, String why) {
    return new VersionProbe(v, VersionProbe.Outcome.NOT_TESTABLE, null, why,
        helloSummary(v, sni, 0), "not sent: " + why, 0);
  }

  /**
   * One hello for {@code version}; {@code sni} is null for IP literals (RFC 6066 §3). From TLS
   * 1.0 on it asks for a stapled OCSP response, and for TLS 1.3 its x25519 share is a real key,
   * so the answer that decides the version also yields the chain and the staple (see
   * {@link Tls13Flight}): no second handshake is needed for the certificate.
   */
  public VersionProbe probe(String host, int port, String sni, TlsVersion version) {
    if (version == TlsVersion.SSL_2_0) {
      byte[] hello = ssl2Hello();
      return send(host, port, version, hello, helloSummary(version, sni, hello.length), null,
          true);
    }
    Tls13Flight.KeyShare share = version == TlsVersion.TLS_1_3
        ? Tls13Flight.KeyShare.generate(random) : null;
    byte[] hello = hello(version, sni, fullOffer(version), share, true);
    return send(host, port, version, hello, helloSummary(version, sni, hello.length), share,
        true);
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
    byte[] hello = hello(version, sni, offer);
    return send(host, port, version, hello, version.label() + " ClientHello, "
        + offer.suites().size() + " suites, " + offer.groups().size() + " groups, "
        + hello.length + " bytes", null, false);
  }

  /**
   * @param share the key behind a TLS 1.3 hello's x25519 share, to open the flight; or null
   * @param chain read the chain and check the server's signature for it (a version probe; the
   *     enumeration's hellos need only the ServerHello)
   */
  private VersionProbe send(String host, int port, TlsVersion version, byte[] hello,
      String sent, Tls13Flight.KeyShare share, boolean chain) {
    long start = System.nanoTime();
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
      Answer a;
      try {
        a = new Reader(socket, deadline, hello, share, chain).read(version);
      } catch (ResetBeforeAnswer e) {
        return reset(version, sent, (IOException) e.getCause(), start);
      }
      return new VersionProbe(version, a.outcome, a.cipherSuite, a.reason, sent, a.summary,
          (System.nanoTime() - start) / 1_000_000, a.certificates, a.dhBits, a.ocsp,
          a.disowned);
    } catch (Truncated e) {
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

  private static String message(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  // ------------------------------------------------------------------ the hellos

  static String helloSummary(TlsVersion v, String sni, int bytes) {
    StringBuilder sb = new StringBuilder();
    if (v == TlsVersion.SSL_2_0) {
      sb.append("SSLv2 CLIENT-HELLO, version 0x0002, ").append(CipherSuites.SSL2.size())
          .append(" cipher kinds");
    } else if (v == TlsVersion.TLS_1_3) {
      sb.append("TLS 1.3 ClientHello: legacy_version 0x0303, supported_versions [0x0304], ")
          .append(CipherSuites.TLS13.size()).append(" suites, key_share x25519");
    } else {
      sb.append(v.label()).append(" ClientHello: client_version ")
          .append(String.format(Locale.ROOT, "0x%04X", v.wire())).append(", ")
          .append(CipherSuites.CLASSIC.size()).append(" suites");
    }
    if (v != TlsVersion.SSL_2_0) {
      sb.append(sni == null ? ", no SNI (IP literal)" : ", SNI " + sni);
    }
    if (v != TlsVersion.SSL_2_0 && v != TlsVersion.SSL_3_0) {
      sb.append(", status_request");
    }
    if (bytes > 0) {
      sb.append(", ").append(bytes).append(" bytes");
    }
    return sb.toString();
  }

  /** The SSLv2 CLIENT-HELLO, two-byte header form: all a real SSLv2 server understands. */
  byte[] ssl2Hello() {
    Bytes body = new Bytes();
    body.u8(1); // CLIENT-HELLO
    body.u16(0x0002);
    body.u16(CipherSuites.SSL2.size() * 3);
    body.u16(0); // session id
    body.u16(16); // challenge
    for (int kind : CipherSuites.SSL2.keySet()) {
      body.u24(kind);
    }
    body.raw(randomBytes(16));
    Bytes out = new Bytes();
    out.u16(0x8000 | body.size());
    out.raw(body.toByteArray());
    return out.toByteArray();
  }

  /** A TLS record carrying a ClientHello that offers exactly {@code v}. */
  byte[] hello(TlsVersion v, String sni) {
    return hello(v, sni, fullOffer(v));
  }

  /** Every suite of the version and every group: what a version probe offers. */
  private static Offer fullOffer(TlsVersion v) {
    boolean tls13 = v == TlsVersion.TLS_1_3;
    List<Integer> suites = List.copyOf((tls13 ? CipherSuites.TLS13 : CipherSuites.CLASSIC).keySet());
    return new Offer(suites, java.util.Arrays.stream(GROUPS).boxed().toList());
  }

  byte[] hello(TlsVersion v, String sni, Offer offer) {
    return hello(v, sni, offer, null, false);
  }

  /**
   * @param share the x25519 key whose public half fills the key share; null for random bytes
   *     (a share nobody will use: the server's answer is read, never decrypted)
   * @param statusRequest ask for a stapled OCSP response (RFC 6066 §8)
   */
  private byte[] hello(TlsVersion v, String sni, Offer offer, Tls13Flight.KeyShare keyShare,
      boolean statusRequest) {
    boolean tls13 = v == TlsVersion.TLS_1_3;
    Bytes ch = new Bytes();
    ch.u16(tls13 ? 0x0303 : v.wire());
    ch.raw(randomBytes(32));
    if (tls13) {
      // A 32-byte legacy session id keeps middleboxes calm (RFC 8446 appendix D.4).
      ch.u8(32);
      ch.raw(randomBytes(32));
    } else {
      ch.u8(0);
    }
    int count = offer.suites().size() + (tls13 ? 0 : 1);
    ch.u16(count * 2);
    for (int s : offer.suites()) {
      ch.u16(s);
    }
    if (!tls13) {
      ch.u16(0x00ff); // renegotiation SCSV: SSLv3 servers understand it, extensions they may not
    }
    ch.u8(1);
    ch.u8(0); // null compression

    Bytes ext = new Bytes();
    if (sni != null) {
      byte[] name = sni.getBytes(StandardCharsets.US_ASCII);
      Bytes list = new Bytes();
      list.u8(0);
      list.u16(name.length);
      list.raw(name);
      extension(ext, EXT_SERVER_NAME, vector16(list));
    }
    if (statusRequest && v != TlsVersion.SSL_3_0) {
      // ocsp, no responder ids, no request extensions
      extension(ext, EXT_STATUS_REQUEST, new byte[] {1, 0, 0, 0, 0});
    }
    if (v != TlsVersion.SSL_3_0) {
      Bytes groups = new Bytes();
      for (int g : offer.groups()) {
        groups.u16(g);
      }
      extension(ext, EXT_SUPPORTED_GROUPS, vector16(groups));
      extension(ext, EXT_EC_POINT_FORMATS, new byte[] {1, 0});
    }
    if (v == TlsVersion.TLS_1_2 || tls13) {
      Bytes schemes = new Bytes();
      for (int s : SIGNATURE_SCHEMES) {
        schemes.u16(s);
      }
      extension(ext, EXT_SIGNATURE_ALGORITHMS, vector16(schemes));
    }
    if (tls13) {
      extension(ext, EXT_SUPPORTED_VERSIONS, new byte[] {2, 0x03, 0x04});
      extension(ext, EXT_PSK_MODES, new byte[] {1, 1});
      Bytes share = new Bytes();
      if (offer.keyShare()) {
        share.u16(0x001d);
        share.u16(32);
        share.raw(this.share(keyShare));
      }
      extension(ext, EXT_KEY_SHARE, vector16(share));
    }
    if (ext.size() > 0) {
      ch.u16(ext.size());
      ch.raw(ext.toByteArray());
    }

    Bytes hs = new Bytes();
    hs.u8(1); // client_hello
    hs.u24(ch.size());
    hs.raw(ch.toByteArray());
    Bytes record = new Bytes();
    record.u8(22);
    // Old servers reject a record version above what they know; 0x0301 is what browsers send.
    record.u16(v == TlsVersion.SSL_3_0 ? 0x0300 : 0x0301);
    record.u16(hs.size());
    record.raw(hs.toByteArray());
    return record.toByteArray();
  }

  private static void extension(Bytes out, int type, byte[] data) {
    out.u16(type);
    out.u16(data.length);
    out.raw(data);
  }

  private static byte[] vector16(Bytes b) {
    Bytes out = new Bytes();
    out.u16(b.size());
    out.raw(b.toByteArray());
    return out.toByteArray();
  }

  private byte[] share(Tls13Flight.KeyShare keyShare) {
    return keyShare != null ? keyShare.publicKey() : randomBytes(32);
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  // ------------------------------------------------------------------ the answer

  private record Answer(VersionProbe.Outcome outcome, String cipherSuite, String reason,
      String summary, List<byte[]> certificates, Integer dhBits, byte[] ocsp, boolean disowned) {
    Answer(VersionProbe.Outcome outcome, String cipherSuite, String reason, String summary) {
      this(outcome, cipherSuite, reason, summary, List.of(), null, null, false);
    }

    static Answer refused(String reason, String summary) {
      return new Answer(VersionProbe.Outcome.REFUSED, null, reason, summary);
    }

    static Answer untestable(String reason, String summary) {
      return new Answer(VersionProbe.Outcome.NOT_TESTABLE, null, reason, summary);
    }

    Answer with(AfterHello after) {
      List<byte[]> chain = after.chain();
      return new Answer(outcome, cipherSuite, reason,
          summary + (after.note() == null ? "" : "; " + after.note())
              + (chain.isEmpty() ? "" : "; Certificate message, " + chain.size()
              + " certificates") + (after.ocsp() == null ? ""
              : "; OCSP response stapled, " + after.ocsp().length + " bytes")
              + (after.dhBits() == null ? ""
              : "; ServerKeyExchange, DH prime of " + after.dhBits() + " bits"),
          chain, after.dhBits(), after.ocsp(), after.disowned());
    }
  }

  /**
   * What follows the ServerHello: the chain, a stapled OCSP response, a DHE prime's size; how
   * the chain was read (or why not), for the evidence; and whether the server's signature
   * disowned the chain it sent.
   */
  private record AfterHello(List<byte[]> chain, Integer dhBits, byte[] ocsp, String note,
      boolean disowned) {
    AfterHello(List<byte[]> chain, Integer dhBits, byte[] ocsp) {
      this(chain, dhBits, ocsp, null, false);
    }

    AfterHello(List<byte[]> chain, Integer dhBits, byte[] ocsp, String note) {
      this(chain, dhBits, ocsp, note, false);
    }

    static AfterHello nothing(String note) {
      return new AfterHello(List.of(), null, null, note);
    }

    /** The server's signature did not verify with the leaf it sent: no chain, and why. */
    static AfterHello disowned(Integer dhBits, String note) {
      return new AfterHello(List.of(), dhBits, null, note + "; " + NOT_ITS_CHAIN, true);
    }
  }

  /** Reads records under the deadline and the size cap until the first message decides. */
  private final class Reader {
    private final Socket socket;
    private final InputStream in;
    private final long deadline;
    private final byte[] hello;
    private final Tls13Flight.KeyShare share;
    private final boolean checkChain;
    private int total;
    private byte[] serverRandom;
    /** Of the ServerHello, for what follows it. */
    private byte[] serverShare;
    private boolean retryRequest;
    private boolean statusAcknowledged;
    private int suiteCode;

    /**
     * @param hello the record sent, whose handshake message starts the TLS 1.3 transcript
     * @param share the key behind a TLS 1.3 key share, or null when the flight is not opened
     */
    Reader(Socket socket, long deadline, byte[] hello, Tls13Flight.KeyShare share,
        boolean checkChain) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.deadline = deadline;
      this.hello = hello;
      this.share = share;
      this.checkChain = checkChain;
    }

    Answer read(TlsVersion asked) throws IOException {
      byte[] first;
      try {
        first = exactly(1);
      } catch (EOFException e) {
        // A close is no refusal: a server that does not speak a version says so with an alert
        // or a ServerHello for another one; a close is also what an overloaded peer does.
        return Answer.untestable("closed the connection without answering (a close is no"
            + " refusal)", CLOSED);
      } catch (IOException e) {
        throw ConnectionReset.causes(e) ? new ResetBeforeAnswer(e) : e;
      }
      int b0 = first[0] & 0xff;
      if (asked == TlsVersion.SSL_2_0 && (b0 & 0x80) != 0) {
        return ssl2(b0);
      }
      ByteArrayOutputStream handshake = new ByteArrayOutputStream();
      byte[] header = concat(first, exactlyOrTruncated(4, "record header"));
      while (true) {
        int type = header[0] & 0xff;
        int major = header[1] & 0xff;
        int len = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
        if ((type < 20 || type > 23) || major != 3 || len > 18432) {
          return Answer.untestable("the answer is not TLS (" + describe(header) + ")",
              "first bytes " + HexFormat.of().formatHex(header));
        }
        byte[] body = exactlyOrTruncated(len, "record of " + len + " bytes");
        if (type == 21) {
          if (body.length < 2) {
            return Answer.untestable("a malformed alert record", "alert of " + body.length + " bytes");
          }
          String name = TlsAlerts.name(body[1] & 0xff);
          String level = (body[0] & 0xff) == 2 ? "fatal" : "warning";
          return Answer.refused("alert " + name, level + " alert " + name + " ("
              + (body[1] & 0xff) + ")");
        }
        if (type != 22) {
          return Answer.untestable("expected a handshake record, got content type " + type,
              "record type " + type);
        }
        handshake.write(body, 0, body.length);
        byte[] hs = handshake.toByteArray();
        if (hs.length >= 4) {
          int msgLen = ((hs[1] & 0xff) << 16) | ((hs[2] & 0xff) << 8) | (hs[3] & 0xff);
          if ((hs[0] & 0xff) != 2) {
            return Answer.untestable("expected a ServerHello, got handshake message type "
                + (hs[0] & 0xff), "handshake type " + (hs[0] & 0xff));
          }
          if (msgLen > MAX_ANSWER_BYTES) {
            return Answer.untestable("a ServerHello of " + msgLen + " bytes is not plausible",
                "handshake length " + msgLen);
          }
          if (hs.length >= 4 + msgLen) {
            Answer a = serverHello(asked, java.util.Arrays.copyOfRange(hs, 4, 4 + msgLen));
            if (a.outcome != VersionProbe.Outcome.ACCEPTED) {
              return a;
            }
            if (asked != TlsVersion.TLS_1_3) {
              return a.with(afterHello(handshake, 4 + msgLen, asked, a.cipherSuite));
            }
            if (share != null) {
              return a.with(encryptedFlight(java.util.Arrays.copyOf(hs, 4 + msgLen)));
            }
            return a;
          }
        }
        header = exactlyOrTruncated(5, "record header");
      }
    }

    /**
     * Up to TLS 1.2 the server's Certificate message follows the ServerHello in the clear: read
     * it too, so the chain of a server JSSE cannot talk to (TLS 1.0 only) is still captured; for
     * a DHE suite the ServerKeyExchange after it carries the group's prime, whose size JSSE
     * never reports. Any trouble here leaves the version verdict alone and yields less.
     */
    private AfterHello afterHello(ByteArrayOutputStream handshake, int offset, TlsVersion version,
        String suite) {
      boolean dhe = finiteFieldDhe(suite);
      // TLS 1.2 names the scheme of the ServerKeyExchange signature; earlier versions do not,
      // and static RSA has no signature at all: those chains are taken as presented.
      boolean signed = checkChain && version == TlsVersion.TLS_1_2
          && (suite.contains("_ECDHE_") || suite.contains("_DHE_"));
      List<byte[]> chain = List.of();
      byte[] ocsp = null;
      try {
        while (true) {
          byte[] hs = handshake.toByteArray();
          if (hs.length >= offset + 4) {
            int type = hs[offset] & 0xff;
            int len = ((hs[offset + 1] & 0xff) << 16) | ((hs[offset + 2] & 0xff) << 8)
                | (hs[offset + 3] & 0xff);
            if (hs.length >= offset + 4 + len) {
              byte[] body = java.util.Arrays.copyOfRange(hs, offset + 4, offset + 4 + len);
              if (type == 11) {
                chain = certificateList(body);
                if (!dhe && !statusAcknowledged && !signed) {
                  return new AfterHello(chain, null, null);
                }
              } else if (type == 22) {
                ocsp = certificateStatus(body);
                if (!dhe && !signed) {
                  return new AfterHello(chain, null, ocsp);
                }
              } else if (type == 12) {
                Integer bits = dhe ? dhPrimeBits(body) : null;
                if (!signed || chain.isEmpty()) {
                  return new AfterHello(chain, bits, ocsp);
                }
                try {
                  return new AfterHello(chain, bits, ocsp,
                      keyExchangeSignature(body, dhe, chain.get(0)));
                } catch (java.security.GeneralSecurityException e) {
                  return AfterHello.disowned(bits, "ServerKeyExchange: " + message(e));
                }
              } else if (type == 14 || type == 13) {
                return new AfterHello(chain, null, ocsp); // done, or a request: no key exchange
              }
              offset += 4 + len;
              continue;
            }
          }
          byte[] header = exactly(5);
          int len = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
          if ((header[0] & 0xff) != 22 || len > 18432) {
            return new AfterHello(chain, null, ocsp);
          }
          handshake.write(exactly(len), 0, len);
        }
      } catch (IOException | IndexOutOfBoundsException e) {
        return new AfterHello(chain, null, ocsp);
      }
    }

    /**
     * The TLS 1.2 ServerKeyExchange signature (RFC 5246 §7.4.3, RFC 8422 §5.4): over both
     * randoms and the key exchange parameters, with the scheme it names, by the leaf's key.
     *
     * @return what the evidence says of it: verified, or not checked (a scheme the JDK lacks)
     * @throws java.security.GeneralSecurityException when it does not verify
     */
    private String keyExchangeSignature(byte[] ske, boolean dhe, byte[] leaf)
        throws java.security.GeneralSecurityException {
      Cursor c = new Cursor(ske);
      if (dhe) {
        c.bytes(c.u16()); // p
        c.bytes(c.u16()); // g
        c.bytes(c.u16()); // Ys
      } else {
        if (c.u8() != 3) {
          throw new java.security.GeneralSecurityException("explicit curve parameters");
        }
        c.u16(); // named curve
        c.bytes(c.u8()); // public point
      }
      int paramsLength = c.position();
      int scheme = c.u16();
      byte[] signature = c.bytes(c.u16());
      java.security.Signature v;
      try {
        v = SignatureSchemes.verifier(scheme, false);
      } catch (java.security.GeneralSecurityException e) {
        return "ServerKeyExchange signature not checked: " + message(e);
      }
      v.initVerify(SignatureSchemes.leafKey(leaf));
      v.update(hello, 11, 32); // client random: after the record, handshake and version headers
      v.update(serverRandom);
      v.update(ske, 0, paramsLength);
      if (!v.verify(signature)) {
        throw new java.security.GeneralSecurityException("the signature ("
            + SignatureSchemes.name(scheme) + ") does not verify with the leaf's key");
      }
      return "ServerKeyExchange signature (" + SignatureSchemes.name(scheme)
          + ") verified with the leaf's key";
    }

    /**
     * A TLS 1.3 server's flight after its ServerHello: change_cipher_spec records skipped (RFC
     * 8446 appendix D.4), application_data records opened with the handshake key, until the
     * CertificateVerify after the Certificate message has been checked against the leaf's key.
     * Any trouble leaves the version verdict alone and yields no chain, with the reason kept for
     * the evidence (the caller then makes a full handshake instead).
     *
     * @param serverHello the ServerHello handshake message, header included (the transcript)
     */
    private AfterHello encryptedFlight(byte[] serverHello) {
      if (retryRequest) {
        return AfterHello.nothing("HelloRetryRequest, so no flight to read");
      }
      if (serverShare == null) {
        return AfterHello.nothing("no x25519 key share in the ServerHello");
      }
      try {
        Tls13Flight flight = Tls13Flight.open(suiteCode, share, serverShare,
            java.util.Arrays.copyOfRange(hello, 5, hello.length), serverHello);
        if (flight == null) {
          return AfterHello.nothing("encrypted flight not read: suite unknown to the reader");
        }
        Tls13Flight.Messages messages = new Tls13Flight.Messages();
        Tls13Flight.Contents certificate = null;
        byte[] signedHash = null;
        while (true) {
          byte[] header = exactly(5);
          int type = header[0] & 0xff;
          int len = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
          if (len > 18432 || (type != 20 && type != 23)) {
            return AfterHello.nothing("encrypted flight not read: record type " + type
                + " of " + len + " bytes");
          }
          byte[] body = exactly(len);
          if (type == 20) {
            continue;
          }
          Tls13Flight.Inner inner = flight.decrypt(header, body);
          if (inner.contentType() != 22) {
            return AfterHello.nothing("encrypted flight not read: inner content type "
                + inner.contentType());
          }
          messages.add(inner.content());
          for (Tls13Flight.Message m = messages.next(); m != null; m = messages.next()) {
            if (certificate == null && m.type() == 11) {
              certificate = Tls13Flight.certificate(m.body());
              if (certificate.chain().isEmpty()) {
                return AfterHello.nothing("encrypted flight opened; the Certificate is empty");
              }
              flight.absorb(m);
              signedHash = flight.transcriptHash();
            } else if (certificate != null && m.type() == 15) {
              String scheme;
              try {
                scheme = Tls13Flight.verify(m.body(), certificate.chain().get(0), signedHash);
              } catch (java.security.GeneralSecurityException e) {
                return AfterHello.disowned(null, "encrypted flight opened; " + message(e));
              }
              return new AfterHello(certificate.chain(), null, certificate.ocsp(),
                  "encrypted flight opened; CertificateVerify (" + scheme + ") verified with the"
                      + " leaf's key");
            } else if (certificate == null && (m.type() == 8 || m.type() == 13)) {
              flight.absorb(m);
            } else {
              return AfterHello.nothing("encrypted flight not read: handshake message "
                  + m.type() + (certificate == null ? " before the Certificate"
                  : " where the CertificateVerify belongs"));
            }
          }
        }
      } catch (IOException | java.security.GeneralSecurityException
          | IndexOutOfBoundsException e) {
        return AfterHello.nothing("encrypted flight not read: " + message(e));
      }
    }

    private Answer ssl2(int b0) throws IOException {
      byte[] rest = exactlyOrTruncated(1, "SSLv2 header");
      int len = ((b0 & 0x7f) << 8) | (rest[0] & 0xff);
      byte[] msg = exactlyOrTruncated(len, "SSLv2 message of " + len + " bytes");
      if (msg.length >= 11 && msg[0] == 4) {
        int version = ((msg[3] & 0xff) << 8) | (msg[4] & 0xff);
        int certLen = ((msg[5] & 0xff) << 8) | (msg[6] & 0xff);
        int specsLen = ((msg[7] & 0xff) << 8) | (msg[8] & 0xff);
        if (version == 0x0002 && specsLen >= 3 && msg.length >= 11 + certLen + specsLen) {
          int at = 11 + certLen;
          int kind = ((msg[at] & 0xff) << 16) | ((msg[at + 1] & 0xff) << 8) | (msg[at + 2] & 0xff);
          String name = CipherSuites.ssl2Name(kind);
          return new Answer(VersionProbe.Outcome.ACCEPTED, name, null,
              "SSLv2 SERVER-HELLO, " + specsLen / 3 + " cipher kinds, first " + name);
        }
        return Answer.refused("SSLv2 SERVER-HELLO without a usable cipher kind",
            "SSLv2 SERVER-HELLO, version " + version + ", " + specsLen / 3 + " cipher kinds");
      }
      if (msg.length >= 1 && msg[0] == 0) {
        return Answer.refused("SSLv2 ERROR message", "SSLv2 ERROR");
      }
      return Answer.untestable("an SSLv2 record that is not a SERVER-HELLO",
          "SSLv2 message type " + (msg.length > 0 ? msg[0] & 0xff : -1));
    }

    private Answer serverHello(TlsVersion asked, byte[] sh) {
      Cursor c = new Cursor(sh);
      try {
        int legacy = c.u16();
        byte[] rnd = c.bytes(32);
        serverRandom = rnd;
        c.bytes(c.u8());
        int suite = c.u16();
        c.u8();
        int selected = legacy;
        List<String> exts = new ArrayList<>();
        if (c.remaining() >= 2) {
          Cursor e = new Cursor(c.bytes(c.u16()));
          while (e.remaining() >= 4) {
            int type = e.u16();
            byte[] data = e.bytes(e.u16());
            exts.add(EXTENSION_NAMES.getOrDefault(type, "ext_" + type));
            if (type == EXT_SUPPORTED_VERSIONS && data.length == 2) {
              selected = ((data[0] & 0xff) << 8) | (data[1] & 0xff);
            } else if (type == EXT_KEY_SHARE && data.length == 4 + 32
                && ((data[0] & 0xff) << 8 | (data[1] & 0xff)) == 0x001d) {
              serverShare = java.util.Arrays.copyOfRange(data, 4, data.length);
            } else if (type == EXT_STATUS_REQUEST) {
              statusAcknowledged = true;
            }
          }
        }
        boolean hrr = java.util.Arrays.equals(rnd, HRR_RANDOM);
        retryRequest = hrr;
        suiteCode = suite;
        TlsVersion chosen = TlsVersion.ofWire(selected);
        String chosenName = chosen != null ? chosen.label()
            : String.format(Locale.ROOT, "0x%04X", selected);
        String suiteName = CipherSuites.name(suite);
        String summary = (hrr ? "HelloRetryRequest " : "ServerHello ") + chosenName + ", "
            + suiteName + (exts.isEmpty() ? "" : ", extensions " + String.join(" ", exts));
        if (chosen == asked) {
          return new Answer(VersionProbe.Outcome.ACCEPTED, suiteName, null, summary);
        }
        return Answer.refused("answered with " + chosenName + " instead", summary);
      } catch (IndexOutOfBoundsException e) {
        return Answer.untestable("a malformed ServerHello (" + sh.length + " bytes)",
            "ServerHello " + HexFormat.of().formatHex(sh, 0, Math.min(sh.length, 48)));
      }
    }

    private byte[] exactlyOrTruncated(int n, String what) throws IOException {
      try {
        return exactly(n);
      } catch (Truncated e) {
        throw e;
      } catch (EOFException | SocketException e) {
        throw new Truncated("the connection ended inside a " + what + " (" + e.getMessage() + ")");
      }
    }

    private byte[] exactly(int n) throws IOException {
      if (total + n > MAX_ANSWER_BYTES) {
        throw new Truncated("more than " + MAX_ANSWER_BYTES + " bytes without a ServerHello");
      }
      byte[] out = new byte[n];
      int got = 0;
      while (got < n) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          throw new SocketTimeoutException("total");
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(left, limits.read().toMillis())));
        int r = in.read(out, got, n - got);
        if (r < 0) {
          throw new EOFException("got " + got + " of " + n + " bytes");
        }
        got += r;
      }
      total += n;
      return out;
    }
  }

  /** The peer reset the connection before its first byte: retried once by the caller. */
  private static final class ResetBeforeAnswer extends IOException {
    private static final long serialVersionUID = 1L;

    ResetBeforeAnswer(IOException cause) {
      super(cause);
    }
  }

  /** A peer that stopped mid-record or sent too much: no verdict on the version. */
  private static final class Truncated extends IOException {
    private static final long serialVersionUID = 1L;

    Truncated(String message) {
      super(message);
    }
  }

  /** Suites whose ServerKeyExchange carries finite-field DH parameters (RFC 5246 §7.4.3). */
  static boolean finiteFieldDhe(String suite) {
    return suite != null && (suite.contains("_DHE_") || suite.contains("_DH_anon_"));
  }

  /** Bits of dh_p, the first field of ServerDHParams: a 2-byte length, then the prime. */
  static int dhPrimeBits(byte[] serverKeyExchange) {
    Cursor c = new Cursor(serverKeyExchange);
    return new java.math.BigInteger(1, c.bytes(c.u16())).bitLength();
  }

  /** The OCSPResponse of a CertificateStatus message (RFC 6066 §8); null for another type. */
  static byte[] certificateStatus(byte[] body) {
    Cursor c = new Cursor(body);
    if (c.u8() != 1) {
      return null;
    }
    return c.bytes((c.u8() << 16) | c.u16());
  }

  /** certificate_list of a TLS 1.2 Certificate message: 3-byte lengths, DER inside. */
  static List<byte[]> certificateList(byte[] body) {
    Cursor c = new Cursor(body);
    int total = (c.u8() << 16) | c.u16();
    Cursor list = new Cursor(c.bytes(total));
    List<byte[]> out = new ArrayList<>();
    while (list.remaining() > 0) {
      int len = (list.u8() << 16) | list.u16();
      out.add(list.bytes(len));
    }
    return out;
  }

  private static String describe(byte[] header) {
    String ascii = new String(header, StandardCharsets.ISO_8859_1);
    if (ascii.startsWith("HTTP/") || ascii.startsWith("<")) {
      return "it looks like plain HTTP";
    }
    if (ascii.startsWith("SSH-")) {
      return "it looks like SSH";
    }
    return "first bytes " + HexFormat.of().formatHex(header);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Big-endian writer for the hello. */
  private static final class Bytes extends ByteArrayOutputStream {
    void u8(int v) {
      write(v);
    }

    void u16(int v) {
      write(v >>> 8);
      write(v);
    }

    void u24(int v) {
      write(v >>> 16);
      write(v >>> 8);
      write(v);
    }

    void raw(byte[] b) {
      write(b, 0, b.length);
    }
  }

  /** Big-endian reader over one message; overruns throw IndexOutOfBoundsException. */
  private static final class Cursor {
    private final byte[] b;
    private int at;

    Cursor(byte[] b) {
      this.b = b;
    }

    int remaining() {
      return b.length - at;
    }

    int position() {
      return at;
    }

    int u8() {
      java.util.Objects.checkIndex(at, b.length);
      return b[at++] & 0xff;
    }

    int u16() {
      return (u8() << 8) | u8();
    }

    byte[] bytes(int n) {
      java.util.Objects.checkFromIndexSize(at, n, b.length);
      byte[] out = java.util.Arrays.copyOfRange(b, at, at + n);
      at += n;
      return out;
    }
  }
}
