package dev.secaudit.probe.http;

import dev.secaudit.model.Artifact;
import dev.secaudit.probe.tls.CertificateNames;
import dev.secaudit.probe.tls.RecordingTrustManager;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * Sends HTTP requests the way a careful observer does: no automatic redirects or cookie jar, no
 * retry but the one a browser makes too (an idempotent request whose pooled keep-alive connection
 * the server had closed), HTTP/1.1 so headers arrive as the server wrote them, identity encoding
 * so nothing is rewritten on the way, bounded time and bounded size. It records; it never judges.
 */
public final class HttpProbe {
  private static final String HOSTNAME_VERDICT = "dev.secaudit.hostname";

  /**
   * Built on first use: a scan of TLS-only targets (mail, database servers) never sends an HTTP
   * request, and the TLS context and client cost it a twentieth of a second of start-up.
   */
  private final java.util.function.Supplier<OkHttpClient> client;
  /** The same client keeping no idle connection: the one retry goes out on a new connection. */
  private final java.util.function.Supplier<OkHttpClient> freshClient;
  private final Limits limits;
  private final Clock clock;
  private final int maxBodyBytes;
  private final String userAgent;
  /** The target's time budget, asked before each request; null: only the per-request limits. */
  private final dev.secaudit.probe.TargetBudget budget;

  public record Limits(Duration connect, Duration read, Duration total, int maxBodyBytes) {}

  public HttpProbe(
      Limits limits, RecordingTrustManager trust, Clock clock, String userAgent) {
    this(limits, () -> trust, clock, userAgent);
  }

  /** @param trust asked for once, when the first request is about to be sent */
  public HttpProbe(Limits limits, java.util.function.Supplier<RecordingTrustManager> trust,
      Clock clock, String userAgent) {
    this(limits, trust, clock, userAgent, okhttp3.Dns.SYSTEM);
  }

  /** @param dns how host names are resolved (tests give names to loopback servers) */
  public HttpProbe(Limits limits, java.util.function.Supplier<RecordingTrustManager> trust,
      Clock clock, String userAgent, okhttp3.Dns dns) {
    this.clock = clock;
    this.limits = limits;
    this.maxBodyBytes = limits.maxBodyBytes();
    this.userAgent = userAgent;
    this.client = new Once<>(() -> client(limits, trust.get(), dns));
    this.freshClient = new Once<>(() -> client.get().newBuilder()
        .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS)).build());
    this.budget = null;
  }

  private HttpProbe(HttpProbe shared, dev.secaudit.probe.TargetBudget budget) {
    this.clock = shared.clock;
    this.limits = shared.limits;
    this.maxBodyBytes = shared.maxBodyBytes;
    this.userAgent = shared.userAgent;
    this.client = shared.client;
    this.freshClient = shared.freshClient;
    this.budget = budget;
  }

  /** The same probe and client, sending nothing once {@code budget} is spent. */
  public HttpProbe within(dev.secaudit.probe.TargetBudget budget) {
    return new HttpProbe(this, budget);
  }

  /** A value built by the first thread that asks; the others wait for it and share it. */
  private static final class Once<T> implements java.util.function.Supplier<T> {
    private final java.util.function.Supplier<T> build;
    private volatile T value;

    Once(java.util.function.Supplier<T> build) {
      this.build = build;
    }

    @Override
    public T get() {
      T v = value;
      if (v == null) {
        synchronized (this) {
          v = value;
          if (v == null) {
            value = v = build.get();
          }
        }
      }
      return v;
    }
  }

  private static OkHttpClient client(Limits limits, RecordingTrustManager trust,
      okhttp3.Dns dns) {
    SSLContext tls;
    try {
      tls = SSLContext.getInstance("TLS");
      tls.init(null, new javax.net.ssl.TrustManager[] {trust}, new SecureRandom());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no TLS client", e);
    }
    return
        new OkHttpClient.Builder()
            .dns(dns)
            .socketFactory(new dev.secaudit.probe.tls.Arrivals.Factory())
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false)
            .protocols(List.of(Protocol.HTTP_1_1))
            .connectTimeout(limits.connect())
            .readTimeout(limits.read())
            .writeTimeout(limits.read())
            .callTimeout(limits.total())
            .connectionPool(new ConnectionPool(4, 30, TimeUnit.SECONDS))
            .sslSocketFactory(new dev.secaudit.probe.tls.Arrivals.TlsFactory(tls.getSocketFactory()),
                trust)
            .hostnameVerifier(HttpProbe::recordHostname)
            .addNetworkInterceptor(chain -> {
              CallTrace trace = chain.request().tag(CallTrace.class);
              if (trace != null && chain.connection() != null
                  && chain.connection().socket() instanceof SSLSocket s) {
                trace.session = s.getSession();
              }
              if (trace != null && chain.connection() != null
                  && chain.connection().socket()
                      instanceof dev.secaudit.probe.tls.Arrivals.CountingSocket s) {
                trace.counting(s.arrivals);
              }
              return chain.proceed(chain.request());
            })
            .eventListenerFactory(call -> {
              CallTrace trace = call.request().tag(CallTrace.class);
              return trace == null ? okhttp3.EventListener.NONE : trace.listener();
            })
            .build();
  }

  private static boolean recordHostname(String host, SSLSession session) {
    boolean ok = false;
    try {
      Certificate[] chain = session.getPeerCertificates();
      ok = chain.length > 0 && chain[0] instanceof X509Certificate leaf
          && CertificateNames.matches(leaf, host);
    } catch (SSLPeerUnverifiedException e) {
      ok = false;
    }
    session.putValue(HOSTNAME_VERDICT, ok);
    return true;
  }

  /** One request, no redirect followed. */
  public HttpExchange exchange(String id, String method, String url, Map<String, String> headers) {
    return exchange(id, method, url, headers, null);
  }

  /**
   * One request with a body, no redirect followed. The body is sent but never recorded: it is
   * where test credentials go.
   */
  public HttpExchange exchange(String id, String method, String url, Map<String, String> headers,
      String payload) {
    return answer(id, method, url, headers, payload).recorded();
  }

  /**
   * An exchange as recorded, and the answer's headers and body as received: what a flow captures
   * values from. The recorded exchange holds the same values (headers as received, the body up
   * to the size cap); redaction and escaping happen when it is written.
   */
  public record Answer(HttpExchange recorded, List<Header> rawHeaders, String rawBody) {}

  /** One request, as {@link #exchange}, keeping the raw answer for captures. */
  public Answer answer(String id, String method, String url, Map<String, String> headers,
      String payload) {
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    List<Header> sent = new ArrayList<>();
    Request.Builder rb = new Request.Builder().url(url);
    Map<String, String> all = new java.util.LinkedHashMap<>();
    all.put("User-Agent", userAgent);
    all.put("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    all.put("Accept-Encoding", "identity");
    all.putAll(headers);
    okhttp3.RequestBody requestBody = null;
    if (payload != null || method.equals("POST") || method.equals("PUT")
        || method.equals("PATCH")) {
      String text = payload == null ? "" : payload;
      String type = contentType(all, text);
      all.put(contentTypeKey(all), type);
      requestBody = okhttp3.RequestBody.create(text.getBytes(StandardCharsets.UTF_8),
          okhttp3.MediaType.parse(type));
    }
    all.forEach((k, v) -> {
      rb.header(k, v);
      sent.add(new Header(k, v));
    });
    rb.method(method, requestBody);
    String refused = budget == null ? null : budget.admit();
    if (refused != null) {
      return notAnswered(id, method, url, sent, started, t0, refused);
    }
    // The request's time starts once the client exists: building it on first use (the TLS
    // context, the trust store) is secaudit's own work, which had made a 10 s total read as
    // 12 to 13 s in a hostile review.
    OkHttpClient http = client.get();
    started = clock.instant();
    t0 = System.nanoTime();
    if (budget != null) {
      budget.sent(method, url, started);
    }
    CallTrace trace = new CallTrace();
    HttpExchange.Attempt first;
    try {
      return answered(id, method, url, sent, started, t0, rb, http, trace);
    } catch (IOException e) {
      String why = TransportFailure.describe(e, url, trace.seen(limits, millis(t0)));
      if (!(method.equals("GET") || method.equals("HEAD")) || !trace.staleConnection(e)) {
        return notAnswered(id, method, url, sent, started, t0, why, TransportFailure.received(e),
            tlsOf(trace.session));
      }
      first = new HttpExchange.Attempt(started, millis(t0), 0, why);
    } catch (RuntimeException e) {
      return notAnswered(id, method, url, sent, started, t0, TransportFailure.describe(e, url));
    }
    // The evidence keeps both attempts: an answer got on the second try is not shown as the
    // first's, and the failure that caused it stays on the record.
    Instant again = clock.instant();
    long t1 = System.nanoTime();
    Answer last;
    String failed = null;
    CallTrace retry = new CallTrace();
    try {
      last = answered(id, method, url, sent, started, t0, rb, freshClient.get(), retry);
    } catch (IOException | RuntimeException e) {
      failed = TransportFailure.describe(e, url, retry.seen(limits, millis(t0)));
      last = notAnswered(id, method, url, sent, started, t0, failed + " (retried once on a new"
          + " connection: the pooled one had been closed by the server)", "",
          tlsOf(retry.session));
    }
    HttpExchange ex = last.recorded();
    HttpExchange.Attempt second = new HttpExchange.Attempt(again, millis(t1), ex.status(),
        failed != null ? failed : ex.error());
    return new Answer(ex.withAttempts(List.of(first, second)), last.rawHeaders(),
        last.rawBody());
  }

  /**
   * Sends the request once; a transport failure is thrown, an answer of any kind recorded. The
   * total timeout counts from {@code t0}, when the exchange began, not from this call: building
   * the client, or an earlier attempt, had spent part of it.
   */
  private Answer answered(String id, String method, String url, List<Header> sent,
      Instant started, long t0, Request.Builder rb, OkHttpClient http, CallTrace trace)
      throws IOException {
    rb.tag(CallTrace.class, trace);
    okhttp3.Call call = http.newCall(rb.build());
    long left = limits.total().toNanos() - (System.nanoTime() - t0);
    call.timeout().timeout(Math.max(left, 1), TimeUnit.NANOSECONDS);
    try (Response r = call.execute()) {
      TlsInfo tls = tlsOf(r, trace.session);
      List<Header> lines = new ArrayList<>();
      for (kotlin.Pair<? extends String, ? extends String> h : r.headers()) {
        lines.add(new Header(h.getFirst(), h.getSecond()));
      }
      List<Header> received = Header.unfolded(lines);
      String flood = ResponseHeadLimits.flood(received);
      if (flood != null) {
        return notAnswered(id, method, url, sent, started, t0, flood);
      }
      String framing = ResponseFraming.problem(received);
      if (framing != null) {
        byte[] none = new byte[0];
        return new Answer(new HttpExchange(id, method, url, sent, r.code(),
            protocol(r.protocol()), received, "", 0, false, Artifact.sha256(none), started,
            millis(t0), framing, tls, List.of()), List.of(), "");
      }
      Body body = read(r.body(), method, received, (e, n) -> TransportFailure.bodyCut(e, url,
          received, n, trace.seen(limits, millis(t0))));
      org.jsoup.nodes.Document page = html(r.header("Content-Type"), body.text());
      return new Answer(new HttpExchange(id, method, url, sent, r.code(),
          protocol(r.protocol()), received, body.text(), body.bytes(), body.truncated(),
          body.sha256(), started, millis(t0), null, tls, metaCsp(page), metaReferrer(page),
          List.of(), body.cut()), received, body.text());
    }
  }

  /** A request that got no HTTP answer (failed, or never sent), recorded with why. */
  private static Answer notAnswered(String id, String method, String url,
      List<Header> sent, Instant started, long t0, String error) {
    return notAnswered(id, method, url, sent, started, t0, error, "", null);
  }

  /**
   * The same, keeping what the server sent instead of HTTP as the exchange's body: the error
   * only describes it (console and findings), the artifact holds it, escaped. {@code tls} is the
   * connection's when its handshake had completed: the server was reached and spoke TLS.
   */
  private static Answer notAnswered(String id, String method, String url,
      List<Header> sent, Instant started, long t0, String error, String received, TlsInfo tls) {
    byte[] bytes = received.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return new Answer(new HttpExchange(id, method, url, sent, 0, null, List.of(), received,
        bytes.length, false, Artifact.sha256(bytes), started, millis(t0), error, tls,
        List.of()), List.of(), "");
  }

  /**
   * A request and its redirects, up to {@code maxRedirects}, never leaving {@code allowedHosts}:
   * a redirect to a host that is not a policy target is recorded but not followed.
   * {@code headers} (the target's request headers, often credentials) go only to hops on exactly
   * the origin of {@code url} (scheme, host and port): never to another host, port or scheme.
   */
  public HttpFetch fetch(String idPrefix, String url, Map<String, String> headers,
      int maxRedirects, Set<String> allowedHosts) {
    return fetch(idPrefix, url, headers, maxRedirects, allowedHosts, new RequestLedger());
  }

  /**
   * As {@link #fetch(String, String, Map, int, Set)}, sending only the hops {@code sent} has not
   * seen: a hop that repeats an earlier request of the same target reuses its exchange.
   */
  public HttpFetch fetch(String idPrefix, String url, Map<String, String> headers,
      int maxRedirects, Set<String> allowedHosts, RequestLedger sent) {
    HttpUrl headersOrigin = HttpUrl.parse(url);
    List<HttpExchange> hops = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String current = url;
    for (int hop = 0; ; hop++) {
      seen.add(current);
      String id = idPrefix + (hop == 0 ? "" : "-hop" + hop);
      String at = current;
      Map<String, String> carried =
          sameOrigin(HttpUrl.parse(current), headersOrigin) ? headers : Map.of();
      HttpExchange ex = sent.exchange(id, "GET", at, carried,
          () -> exchange(id, "GET", at, carried));
      hops.add(ex);
      if (ex.failed()) {
        return new HttpFetch(url, hops, "error");
      }
      if (!ex.isRedirect()) {
        return new HttpFetch(url, hops, "final");
      }
      HttpUrl next = HttpUrl.parse(current).resolve(ex.location());
      if (next == null) {
        return new HttpFetch(url, hops, "unparsable Location");
      }
      if (!allowedHosts.contains(next.host().toLowerCase(Locale.ROOT))) {
        return new HttpFetch(url, hops, "foreign host " + next.host() + " (not a policy target;"
            + " not followed)");
      }
      // A loop is named as one even when it closes at the cap: it is the cause.
      if (seen.contains(next.toString())) {
        return new HttpFetch(url, hops, "redirect loop");
      }
      if (hop >= maxRedirects) {
        return new HttpFetch(url, hops, "max redirects (" + maxRedirects + ") reached");
      }
      current = next.toString();
    }
  }

  /** The Content-Type the caller gave (any case), else one guessed from the body's first byte. */
  private static String contentType(Map<String, String> headers, String body) {
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (h.getKey().equalsIgnoreCase("Content-Type")) {
        return h.getValue();
      }
    }
    String t = body.stripLeading();
    return t.startsWith("{") || t.startsWith("[") ? "application/json"
        : "application/x-www-form-urlencoded";
  }

  private static String contentTypeKey(Map<String, String> headers) {
    for (String k : headers.keySet()) {
      if (k.equalsIgnoreCase("Content-Type")) {
        return k;
      }
    }
    return "Content-Type";
  }

  /** Same scheme, host and port: where credentials may go. */
  public static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a != null && b != null && a.scheme().equals(b.scheme())
        && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
  }

  /** @param cut why the body ended before its framing said it would, or null */
  private record Body(String text, long bytes, boolean truncated, String sha256, String cut) {}

  /**
   * Reads the body up to the size cap. A body that breaks off (a reset, a broken chunk, a
   * timeout) keeps what had arrived, and why it is incomplete: the head before it was whole. A
   * body the server encoded anyway is decoded ({@link BodyEncoding}), or kept out of judgement
   * with why: every body a probe reads comes through here.
   */
  private Body read(ResponseBody body, String method, List<Header> received,
      java.util.function.BiFunction<IOException, Long, String> why) {
    if (body == null || method.equals("HEAD")) {
      return new Body("", 0, false, Artifact.sha256(new byte[0]), null);
    }
    BufferedSource source = body.source();
    Buffer buffer = new Buffer();
    long limit = maxBodyBytes + 1L;
    String cut = null;
    try {
      while (buffer.size() < limit) {
        long n = source.read(buffer, limit - buffer.size());
        if (n == -1) {
          break;
        }
      }
    } catch (IOException e) {
      cut = why.apply(e, buffer.size());
    }
    boolean truncated = buffer.size() > maxBodyBytes;
    byte[] bytes = buffer.readByteArray();
    if (bytes.length > maxBodyBytes) {
      bytes = java.util.Arrays.copyOf(bytes, maxBodyBytes);
    }
    Charset cs = StandardCharsets.UTF_8;
    if (body.contentType() != null && body.contentType().charset() != null) {
      cs = body.contentType().charset();
    }
    List<String> codings = BodyEncoding.codings(received);
    if (!codings.isEmpty()) {
      if (cut != null) {
        return new Body("", bytes.length, truncated, Artifact.sha256(bytes),
            "the server sent Content-Encoding: " + String.join(", ", codings) + " although"
                + " secaudit asked for identity, and the body was cut short: " + cut
                + "; not judged");
      }
      BodyEncoding.Decoded decoded = BodyEncoding.decode(bytes, codings, maxBodyBytes,
          truncated);
      if (decoded.problem() != null) {
        return new Body("", bytes.length, truncated, Artifact.sha256(bytes), decoded.problem());
      }
      bytes = decoded.bytes();
      truncated = false;
    }
    return new Body(new String(bytes, cs), bytes.length, truncated, Artifact.sha256(bytes), cut);
  }

  /** The body as a parsed HTML document, or null when it is not HTML. */
  private static org.jsoup.nodes.Document html(String contentType, String body) {
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).contains("html")
        || body.isEmpty()) {
      return null;
    }
    return Jsoup.parse(body);
  }

  private static List<String> metaCsp(org.jsoup.nodes.Document page) {
    if (page == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    // Browsers honour a CSP <meta> only in the document's head.
    for (Element meta : page.head().select("meta[http-equiv]")) {
      if (meta.attr("http-equiv").trim().equalsIgnoreCase("content-security-policy")) {
        out.add(meta.attr("content"));
      }
    }
    return out;
  }

  /** Referrer policy tokens (Referrer Policy §3). */
  private static final java.util.Set<String> REFERRER_POLICIES = java.util.Set.of("no-referrer",
      "no-referrer-when-downgrade", "same-origin", "origin", "strict-origin",
      "origin-when-cross-origin", "strict-origin-when-cross-origin", "unsafe-url");

  /**
   * HTML's meta name=referrer processing: each element, wherever it is, sets the document's
   * policy in turn; the legacy values never, default, always and origin-when-crossorigin are
   * mapped; empty and unknown values change nothing. The last one set is what applies.
   */
  private static String metaReferrer(org.jsoup.nodes.Document page) {
    if (page == null) {
      return null;
    }
    String policy = null;
    for (Element meta : page.select("meta[name]")) {
      if (!meta.attr("name").trim().equalsIgnoreCase("referrer") || !meta.hasAttr("content")) {
        continue;
      }
      String v = meta.attr("content").trim().toLowerCase(Locale.ROOT);
      v = switch (v) {
        case "never" -> "no-referrer";
        case "default" -> "strict-origin-when-cross-origin";
        case "always" -> "unsafe-url";
        case "origin-when-crossorigin" -> "origin-when-cross-origin";
        default -> v;
      };
      if (REFERRER_POLICIES.contains(v)) {
        policy = v;
      }
    }
    return policy;
  }

  private static TlsInfo tlsOf(Response r, SSLSession session) {
    if (r.handshake() == null) {
      return null;
    }
    return tlsOf(r.handshake().tlsVersion().javaName(), r.handshake().cipherSuite().javaName(),
        r.handshake().peerCertificates(), session);
  }

  /** The TLS of a connection that got no answer; null when its handshake had not completed. */
  private static TlsInfo tlsOf(SSLSession session) {
    return session == null ? null
        : tlsOf(session.getProtocol(), session.getCipherSuite(), List.of(), session);
  }

  private static TlsInfo tlsOf(String protocol, String suite, List<Certificate> handshakeChain,
      SSLSession session) {
    Object verdict = null;
    Object hostname = null;
    List<String> subjects = new ArrayList<>();
    // OkHttp's handshake keeps only a chain it could clean against the trust store, so an
    // untrusted chain (the one a report most needs) would come back empty; the session has it.
    List<Certificate> chain = handshakeChain;
    if (session != null) {
      try {
        chain = List.of(session.getPeerCertificates());
      } catch (SSLPeerUnverifiedException e) {
        chain = List.of();
      }
    }
    for (Certificate cert : chain) {
      if (cert instanceof X509Certificate x) {
        subjects.add(x.getSubjectX500Principal().getName());
      }
    }
    if (session != null) {
      verdict = session.getValue(RecordingTrustManager.VERDICT);
      hostname = session.getValue(HOSTNAME_VERDICT);
    }
    String v = verdict == null ? "not recorded" : verdict.toString();
    return new TlsInfo(protocol, suite, v.isEmpty(), v.isEmpty() ? null : v,
        Boolean.TRUE.equals(hostname), subjects);
  }

  private static String protocol(Protocol p) {
    return p == Protocol.HTTP_1_0 ? "HTTP/1.0" : p == Protocol.HTTP_1_1 ? "HTTP/1.1" : p.toString();
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
