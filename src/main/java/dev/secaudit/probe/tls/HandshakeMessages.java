package dev.secaudit.probe.tls;

import java.util.ArrayList;
import java.util.List;

/** The fields of the server's handshake messages the prober reads, and the reader over them. */
final class HandshakeMessages {
  private HandshakeMessages() {}

  /** Suites whose ServerKeyExchange carries finite-field DH parameters (RFC 5246 §7.4.3). */
  static boolean finiteFieldDhe(String suite) {
    return suite != null && (suite.contains("_DHE_") || suite.contains("_DH_anon_"));
  }

  /** Bits of dh_p, the first field of ServerDHParams: a 2-byte length, then the prime. */
  static int dhPrimeBits(byte[] serverKeyExchange) {
    Cursor c = new Cursor(serverKeyExchange);
    return new java.math.BigInteger(1, c.bytes(c.u16())).bitLength();
  }

  /**
   * The named curve of an ECDHE ServerKeyExchange (RFC 8422 §5.4: ECParameters first); null for
   * explicit curve parameters, which name no group.
   */
  static Integer namedCurve(byte[] serverKeyExchange) {
    Cursor c = new Cursor(serverKeyExchange);
    return c.u8() == 3 ? c.u16() : null;
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

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Big-endian reader over one message; overruns throw IndexOutOfBoundsException. */
  static final class Cursor {
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
