package dev.secaudit.probe.tls;

import dev.secaudit.model.CipherSuites;
import dev.secaudit.model.TlsVersion;
import dev.secaudit.probe.tls.ClientHelloProber.Offer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The records {@link ClientHelloProber} sends, built byte by byte: an SSLv2 CLIENT-HELLO, or a TLS
 * record carrying a ClientHello that offers exactly one version with the suites and groups of an
 * {@link Offer}, SNI, and when asked a status_request and a real x25519 key share. A JSSE client
 * cannot send these: it refuses the old versions on its own side.
 */
final class ClientHello {
  static final int EXT_SERVER_NAME = 0;
  static final int EXT_STATUS_REQUEST = 5;
  static final int EXT_SUPPORTED_GROUPS = 10;
  static final int EXT_EC_POINT_FORMATS = 11;
  static final int EXT_SIGNATURE_ALGORITHMS = 13;
  static final int EXT_SUPPORTED_VERSIONS = 43;
  static final int EXT_PSK_MODES = 45;
  static final int EXT_KEY_SHARE = 51;
  static final int EXT_RENEGOTIATION_INFO = 0xff01;
  static final int EXT_PADDING = 21;

  /**
   * Some F5 load balancers hang on a ClientHello whose handshake message (with its 4-byte header)
   * is 256 to 511 bytes long, reading it as an SSLv2 hello; OpenSSL, NSS and the browsers pad
   * such a hello to 512 bytes with RFC 7685's padding extension, and so do we.
   */
  static final int PAD_FROM = 256;
  static final int PAD_TO = 512;

  /** x25519, secp256r1, secp384r1, secp521r1, x448, ffdhe2048, ffdhe3072. */
  private static final int[] GROUPS = {0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x0100, 0x0101};

  /** ECDSA, RSA-PSS, EdDSA and RSA PKCS#1 with SHA-2, then the SHA-1 ones old servers need. */
  private static final int[] SIGNATURE_SCHEMES = {0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806,
      0x0807, 0x0808, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201};
  private final RandomGenerator random;

  /** @param random fills the client random, the session id and unused key shares */
  ClientHello(RandomGenerator random) {
    this.random = random;
  }

  static String helloSummary(TlsVersion v, String sni, int bytes) {
    return helloSummary(v, sni, bytes, v == TlsVersion.TLS_1_3 ? CipherSuites.TLS13.size()
        : CipherSuites.CLASSIC_PARTS.get(0).size());
  }

  static String helloSummary(TlsVersion v, String sni, int bytes, int suites) {
    StringBuilder sb = new StringBuilder();
    if (v == TlsVersion.SSL_2_0) {
      sb.append("SSLv2 CLIENT-HELLO, version 0x0002, ").append(CipherSuites.SSL2.size())
          .append(" cipher kinds");
    } else if (v == TlsVersion.TLS_1_3) {
      sb.append("TLS 1.3 ClientHello: legacy_version 0x0303, supported_versions [0x0304], ")
          .append(suites).append(" suites, key_share x25519");
    } else {
      sb.append(v.label()).append(" ClientHello: client_version ")
          .append(String.format(Locale.ROOT, "0x%04X", v.wire())).append(", ")
          .append(suites).append(" suites");
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
    return hello(v, sni, fullOffers(v).get(0));
  }

  /**
   * Every suite of the version, in the parts one hello each carries, and every group: what a
   * version probe offers, the first part alone unless the server shares no suite with it.
   */
  static List<Offer> fullOffers(TlsVersion v) {
    List<Integer> groups = classicGroups();
    if (v == TlsVersion.TLS_1_3) {
      return List.of(new Offer(List.copyOf(CipherSuites.TLS13.keySet()), groups));
    }
    return CipherSuites.CLASSIC_PARTS.stream().map(part -> new Offer(part, groups)).toList();
  }

  /** Every group a version probe offers up to TLS 1.2. */
  static List<Integer> classicGroups() {
    return java.util.Arrays.stream(GROUPS).boxed().toList();
  }

  byte[] hello(TlsVersion v, String sni, Offer offer) {
    return hello(v, sni, offer, null, false);
  }

  /**
   * @param share the x25519 key whose public half fills the key share; null for random bytes
   *     (a share nobody will use: the server's answer is read, never decrypted)
   * @param statusRequest ask for a stapled OCSP response (RFC 6066 §8)
   */
  byte[] hello(TlsVersion v, String sni, Offer offer, Tls13Flight.KeyShare keyShare,
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
    // Last, as OpenSSL places it: the extensions before it decide the length. SSLv3 hellos
    // carry no extensions (an SSLv3-only server may not parse any), so none is added to them.
    int padding = v == TlsVersion.SSL_3_0 ? -1 : paddingLength(4 + ch.size() + 2 + ext.size());
    if (padding >= 0) {
      extension(ext, EXT_PADDING, new byte[padding]);
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

  /**
   * The bytes of padding that bring a handshake message of {@code handshakeLength} bytes (its
   * 4-byte header and the extensions so far included) to {@link #PAD_TO} with the 4-byte
   * extension header; at least 1, since some servers fail an empty last extension (as OpenSSL
   * reasons). -1 when the message is outside the range that needs it.
   */
  static int paddingLength(int handshakeLength) {
    if (handshakeLength < PAD_FROM || handshakeLength >= PAD_TO) {
      return -1;
    }
    return Math.max(1, PAD_TO - handshakeLength - 4);
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

  /** Big-endian writer for the hello. */
  static final class Bytes extends ByteArrayOutputStream {
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
}
