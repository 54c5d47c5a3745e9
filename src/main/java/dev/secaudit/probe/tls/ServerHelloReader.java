package dev.secaudit.probe.tls;

import static dev.secaudit.probe.tls.ClientHello.EXT_KEY_SHARE;
import static dev.secaudit.probe.tls.ClientHello.EXT_STATUS_REQUEST;
import static dev.secaudit.probe.tls.ClientHello.EXT_SUPPORTED_VERSIONS;
import static dev.secaudit.probe.tls.ClientHelloProber.CLOSED;
import static dev.secaudit.probe.tls.ClientHelloProber.NOT_ITS_CHAIN;
import static dev.secaudit.probe.tls.ClientHelloProber.message;
import static dev.secaudit.probe.tls.HandshakeMessages.certificateList;
import static dev.secaudit.probe.tls.HandshakeMessages.certificateStatus;
import static dev.secaudit.probe.tls.HandshakeMessages.concat;
import static dev.secaudit.probe.tls.HandshakeMessages.dhPrimeBits;
import static dev.secaudit.probe.tls.HandshakeMessages.finiteFieldDhe;
import static dev.secaudit.probe.tls.HandshakeMessages.namedCurve;

import dev.secaudit.model.CipherSuites;
import dev.secaudit.model.TlsVersion;
import dev.secaudit.probe.tls.HandshakeMessages.Cursor;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the server's answer to one hello, record by record, under the deadline and the size cap,
 * until the first message decides the version: an alert, a ServerHello (or HelloRetryRequest),
 * and for a version probe what follows it (the chain, a stapled OCSP response, the server's
 * signature over its key exchange; for TLS 1.3 by opening the encrypted flight).
 */
final class ServerHelloReader {
  /** The random value that marks a ServerHello as a HelloRetryRequest (RFC 8446 §4.1.3). */
  private static final byte[] HRR_RANDOM = HexFormat.of().parseHex(
      "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");

  /** The most bytes read per probe: a ServerHello is far smaller, so more means a hostile peer. */
  static final int MAX_ANSWER_BYTES = 64 * 1024;

  private static final Map<Integer, String> EXTENSION_NAMES = Map.ofEntries(
      Map.entry(0, "server_name"), Map.entry(5, "status_request"),
      Map.entry(10, "supported_groups"), Map.entry(11, "ec_point_formats"),
      Map.entry(13, "signature_algorithms"), Map.entry(16, "alpn"),
      Map.entry(23, "extended_master_secret"), Map.entry(35, "session_ticket"),
      Map.entry(41, "pre_shared_key"), Map.entry(43, "supported_versions"),
      Map.entry(44, "cookie"), Map.entry(45, "psk_key_exchange_modes"),
      Map.entry(51, "key_share"), Map.entry(0xff01, "renegotiation_info"));

  record Answer(VersionProbe.Outcome outcome, String cipherSuite, String reason,
      String summary, List<byte[]> certificates, Integer dhBits, byte[] ocsp, boolean disowned,
      Integer namedGroup) {
    Answer(VersionProbe.Outcome outcome, String cipherSuite, String reason, String summary) {
      this(outcome, cipherSuite, reason, summary, List.of(), null, null, false, null);
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
              : "; ServerKeyExchange, DH prime of " + after.dhBits() + " bits")
              + (after.namedGroup() == null ? "" : "; ServerKeyExchange, named curve "
              + groupName(after.namedGroup())),
          chain, after.dhBits(), after.ocsp(), after.disowned(), after.namedGroup());
    }
  }

  /** The group's name where the table knows it, else its code point. */
  static String groupName(int group) {
    String name = CipherSuites.GROUPS.get(group);
    return name != null ? name : String.format(Locale.ROOT, "0x%04X", group);
  }

  /**
   * What follows the ServerHello: the chain, a stapled OCSP response, a DHE prime's size; how
   * the chain was read (or why not), for the evidence; and whether the server's signature
   * disowned the chain it sent.
   */
  record AfterHello(List<byte[]> chain, Integer dhBits, byte[] ocsp, String note,
      boolean disowned, Integer namedGroup) {
    AfterHello(List<byte[]> chain, Integer dhBits, byte[] ocsp) {
      this(chain, dhBits, ocsp, null, false, null);
    }

    AfterHello(List<byte[]> chain, Integer dhBits, byte[] ocsp, String note) {
      this(chain, dhBits, ocsp, note, false, null);
    }

    static AfterHello nothing(String note) {
      return new AfterHello(List.of(), null, null, note);
    }

    /** The server's signature did not verify with the leaf it sent: no chain, and why. */
    static AfterHello disowned(Integer dhBits, String note) {
      return new AfterHello(List.of(), dhBits, null, note + "; " + NOT_ITS_CHAIN, true, null);
    }

    AfterHello withGroup(Integer group) {
      return new AfterHello(chain, dhBits, ocsp, note, disowned, group);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final long deadline;
  /** The longest one read may wait (the prober's read limit). */
  private final long readMillis;
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
  ServerHelloReader(Socket socket, long deadline, long readMillis, byte[] hello,
      Tls13Flight.KeyShare share, boolean checkChain) throws IOException {
    this.socket = socket;
    this.readMillis = readMillis;
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
        return Answer.untestable(NotTls.header(header),
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
    // An ECDHE ServerKeyExchange names the curve the key exchange used: what a group probe that
    // offers more than one group needs to know which one it showed. It comes in the same flight.
    boolean ecdhe = suite.contains("_ECDHE_");
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
              if (!dhe && !ecdhe && !statusAcknowledged && !signed) {
                return new AfterHello(chain, null, null);
              }
            } else if (type == 22) {
              ocsp = certificateStatus(body);
              if (!dhe && !ecdhe && !signed) {
                return new AfterHello(chain, null, ocsp);
              }
            } else if (type == 12) {
              Integer bits = dhe ? dhPrimeBits(body) : null;
              Integer group = ecdhe ? namedCurve(body) : null;
              if (!signed || chain.isEmpty()) {
                return new AfterHello(chain, bits, ocsp).withGroup(group);
              }
              try {
                return new AfterHello(chain, bits, ocsp,
                    keyExchangeSignature(body, dhe, chain.get(0))).withGroup(group);
              } catch (java.security.GeneralSecurityException e) {
                return AfterHello.disowned(bits, "ServerKeyExchange: " + message(e))
                    .withGroup(group);
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
      socket.setSoTimeout((int) Math.max(1, Math.min(left, readMillis)));
      int r = in.read(out, got, n - got);
      if (r < 0) {
        throw new EOFException("got " + got + " of " + n + " bytes");
      }
      got += r;
    }
    total += n;
    return out;
  }

  /** The peer reset the connection before its first byte: retried once by the caller. */
  static final class ResetBeforeAnswer extends IOException {
    private static final long serialVersionUID = 1L;

    ResetBeforeAnswer(IOException cause) {
      super(cause);
    }
  }

  /** A peer that stopped mid-record or sent too much: no verdict on the version. */
  static final class Truncated extends IOException {
    private static final long serialVersionUID = 1L;

    Truncated(String message) {
      super(message);
    }
  }
}
