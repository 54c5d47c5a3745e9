package dev.secaudit.probe.tls;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * The server's encrypted first flight of a TLS 1.3 handshake that a version probe started:
 * with the x25519 key behind the probe's key share, the server handshake traffic key of RFC 8446
 * §7.1 opens EncryptedExtensions and Certificate, so the chain and any stapled OCSP response are
 * read from the connection the version was already probed on. This spares every TLS 1.3 server
 * a second, full handshake (the JSSE one, with its signature) and the scan the JSSE machinery.
 *
 * <p>The handshake is never finished: the flight is read up to CertificateVerify, whose
 * signature over the transcript must verify with the leaf's key (RFC 8446 §4.4.3), as a client's
 * would, so the chain is known to belong to whoever holds the key; then the connection is dropped.
 */
final class Tls13Flight {
  /** The x25519 key behind a ClientHello's key share; used for one connection only. */
  record KeyShare(byte[] privateKey, byte[] publicKey) {
    /** Any 32 bytes are a key: x25519 clamps the scalar itself (RFC 7748 §5). */
    static KeyShare generate(java.util.random.RandomGenerator random) {
      byte[] k = new byte[X25519.SCALAR_SIZE];
      random.nextBytes(k);
      byte[] pub = new byte[X25519.POINT_SIZE];
      X25519.generatePublicKey(k, 0, pub, 0);
      return new KeyShare(k, pub);
    }
  }

  /** What the flight held: the DER chain, leaf first, and a stapled OCSP response or null. */
  record Contents(List<byte[]> chain, byte[] ocsp) {}

  private final Suite suite;
  private final byte[] key;
  private final byte[] iv;
  /** ClientHello, ServerHello and every handshake message absorbed since. */
  private final MessageDigest transcript;
  private long sequence;

  private enum Suite {
    AES_128_GCM("AES/GCM/NoPadding", "AES", 16, false),
    AES_256_GCM("AES/GCM/NoPadding", "AES", 32, true),
    CHACHA20_POLY1305("ChaCha20-Poly1305", "ChaCha20", 32, false),
    // The JDK has no AES-CCM: Bouncy Castle's lightweight CCM opens these, so a server with only
    // CCM suites still shows its certificate (JSSE cannot even finish a handshake with it).
    AES_128_CCM("CCM-128", "AES", 16, false),
    AES_128_CCM_8("CCM-64", "AES", 16, false);

    final String transformation;
    final String keyAlgorithm;
    final int keyLength;
    final boolean sha384;

    Suite(String transformation, String keyAlgorithm, int keyLength, boolean sha384) {
      this.transformation = transformation;
      this.keyAlgorithm = keyAlgorithm;
      this.keyLength = keyLength;
      this.sha384 = sha384;
    }

    static Suite of(int code) {
      return switch (code) {
        case 0x1301 -> AES_128_GCM;
        case 0x1302 -> AES_256_GCM;
        case 0x1303 -> CHACHA20_POLY1305;
        case 0x1304 -> AES_128_CCM;
        case 0x1305 -> AES_128_CCM_8;
        default -> null;
      };
    }
  }

  private Tls13Flight(Suite suite, byte[] key, byte[] iv, MessageDigest transcript) {
    this.suite = suite;
    this.key = key;
    this.iv = iv;
    this.transcript = transcript;
  }

  /**
   * The server handshake traffic key for this connection.
   *
   * @param clientHello the ClientHello handshake message as sent (type, length, body)
   * @param serverHello the ServerHello handshake message as received
   * @param serverShare the server's x25519 key_exchange (32 bytes)
   * @return null for a suite this reader does not know (the caller falls back to a full handshake)
   * @throws GeneralSecurityException when the server's share gives no shared secret
   */
  static Tls13Flight open(int suiteCode, KeyShare ours, byte[] serverShare, byte[] clientHello,
      byte[] serverHello) throws GeneralSecurityException {
    Suite suite = Suite.of(suiteCode);
    if (suite == null) {
      return null;
    }
    byte[] shared = new byte[X25519.POINT_SIZE];
    if (serverShare.length != X25519.POINT_SIZE
        || !X25519.calculateAgreement(ours.privateKey(), 0, serverShare, 0, shared, 0)) {
      throw new GeneralSecurityException("the server's x25519 share gives no shared secret");
    }
    int hashLength = suite.sha384 ? 48 : 32;
    MessageDigest transcript = MessageDigest.getInstance(suite.sha384 ? "SHA-384" : "SHA-256");
    byte[] emptyHash = transcript.digest();
    transcript.update(clientHello);
    transcript.update(serverHello);
    byte[] helloHash = digestSoFar(transcript);

    byte[] early = extract(suite, new byte[hashLength], new byte[hashLength]);
    byte[] derived = expandLabel(suite, early, "derived", emptyHash, hashLength);
    byte[] handshake = extract(suite, derived, shared);
    byte[] serverTraffic = expandLabel(suite, handshake, "s hs traffic", helloHash, hashLength);
    return new Tls13Flight(suite,
        expandLabel(suite, serverTraffic, "key", new byte[0], suite.keyLength),
        expandLabel(suite, serverTraffic, "iv", new byte[0], 12), transcript);
  }

  private static byte[] digestSoFar(MessageDigest md) throws GeneralSecurityException {
    try {
      return ((MessageDigest) md.clone()).digest();
    } catch (CloneNotSupportedException e) {
      throw new GeneralSecurityException("the JDK's digest cannot be cloned", e);
    }
  }

  /** Adds a handshake message, header included, to the transcript. */
  void absorb(Message m) {
    int n = m.body().length;
    transcript.update(new byte[] {(byte) m.type(), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    transcript.update(m.body());
  }

  /** The transcript hash of everything absorbed so far. */
  byte[] transcriptHash() throws GeneralSecurityException {
    return digestSoFar(transcript);
  }

  /**
   * Checks a CertificateVerify (RFC 8446 §4.4.3): the signature, with the scheme it names, over
   * 64 spaces, the server's context string, a zero byte and the transcript hash up to and
   * including the Certificate, must verify with the leaf's public key.
   *
   * @return the scheme's name, for the evidence
   * @throws GeneralSecurityException when it does not verify, or names a scheme TLS 1.3 forbids
   */
  static String verify(byte[] certificateVerify, byte[] leafDer, byte[] transcriptHash)
      throws GeneralSecurityException {
    int scheme = u16(certificateVerify, 0);
    int length = u16(certificateVerify, 2);
    byte[] signature = java.util.Arrays.copyOfRange(certificateVerify, 4,
        checked(4 + length, certificateVerify.length));
    java.security.Signature verifier = SignatureSchemes.verifier(scheme, true);
    verifier.initVerify(SignatureSchemes.leafKey(leafDer));
    byte[] context = "TLS 1.3, server CertificateVerify"
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] spaces = new byte[64];
    java.util.Arrays.fill(spaces, (byte) 0x20);
    verifier.update(spaces);
    verifier.update(context);
    verifier.update((byte) 0);
    verifier.update(transcriptHash);
    if (!verifier.verify(signature)) {
      throw new GeneralSecurityException("the CertificateVerify signature ("
          + SignatureSchemes.name(scheme) + ") does not verify with the leaf's key");
    }
    return SignatureSchemes.name(scheme);
  }

  /**
   * Opens one application_data record of the flight (RFC 8446 §5.2): the nonce is the IV with
   * the record's sequence number folded in, the additional data its 5-byte header.
   *
   * @return the inner plaintext's content type and content, padding removed
   */
  /** AES-CCM with a {@code tagBits} tag (RFC 8446 §5.3 nonce, RFC 6655 / 8446 suites). */
  private byte[] ccm(byte[] nonce, byte[] header, byte[] body, int tagBits)
      throws GeneralSecurityException {
    CCMBlockCipher c = (CCMBlockCipher) CCMBlockCipher.newInstance(AESEngine.newInstance());
    c.init(false, new AEADParameters(new KeyParameter(key), tagBits, nonce, header));
    try {
      return c.processPacket(body, 0, body.length);
    } catch (InvalidCipherTextException e) {
      throw new javax.crypto.AEADBadTagException("CCM tag mismatch: " + e.getMessage());
    }
  }

  Inner decrypt(byte[] header, byte[] body) throws GeneralSecurityException {
    byte[] nonce = iv.clone();
    for (int i = 0; i < 8; i++) {
      nonce[nonce.length - 1 - i] ^= (byte) (sequence >>> (8 * i));
    }
    sequence++;
    byte[] plain;
    if (suite == Suite.AES_128_CCM || suite == Suite.AES_128_CCM_8) {
      plain = ccm(nonce, header, body, suite == Suite.AES_128_CCM ? 128 : 64);
    } else {
      Cipher c = Cipher.getInstance(suite.transformation);
      SecretKeySpec k = new SecretKeySpec(key, suite.keyAlgorithm);
      if (suite == Suite.CHACHA20_POLY1305) {
        c.init(Cipher.DECRYPT_MODE, k, new IvParameterSpec(nonce));
      } else {
        c.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(128, nonce));
      }
      c.updateAAD(header);
      plain = c.doFinal(body);
    }
    int end = plain.length - 1;
    while (end >= 0 && plain[end] == 0) {
      end--;
    }
    if (end < 0) {
      throw new GeneralSecurityException("a record of padding only");
    }
    return new Inner(plain[end] & 0xff, java.util.Arrays.copyOf(plain, end));
  }

  record Inner(int contentType, byte[] content) {}

  /**
   * The chain and staple of a TLS 1.3 Certificate message (RFC 8446 §4.4.2): a request context,
   * then entries of certificate data and extensions; status_request (5) on the leaf's entry holds
   * a CertificateStatus (§4.4.2.1).
   */
  static Contents certificate(byte[] body) {
    int at = 0;
    int context = body[at++] & 0xff;
    at += context;
    int listLength = u24(body, at);
    at += 3;
    int end = at + listLength;
    if (end > body.length) {
      throw new IndexOutOfBoundsException("certificate_list overruns the message");
    }
    List<byte[]> chain = new ArrayList<>();
    byte[] ocsp = null;
    while (at < end) {
      int len = u24(body, at);
      at += 3;
      chain.add(java.util.Arrays.copyOfRange(body, at, checked(at + len, end)));
      at += len;
      int extLength = u16(body, at);
      at += 2;
      int extEnd = checked(at + extLength, end);
      while (at + 4 <= extEnd) {
        int type = u16(body, at);
        int len2 = u16(body, at + 2);
        at += 4;
        // status_type ocsp (1), then the OCSPResponse with a 3-byte length.
        if (type == 5 && chain.size() == 1 && len2 >= 4 && (body[at] & 0xff) == 1) {
          int ocspLength = u24(body, at + 1);
          ocsp = java.util.Arrays.copyOfRange(body, at + 4, checked(at + 4 + ocspLength, extEnd));
        }
        at += len2;
      }
      at = extEnd;
    }
    return new Contents(chain, ocsp);
  }

  record Message(int type, byte[] body) {}

  /** Handshake messages out of decrypted record contents, which may split or join them. */
  static final class Messages {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private int offset;

    void add(byte[] content) {
      buffer.write(content, 0, content.length);
    }

    /** The next whole message, or null until more content arrives. */
    Message next() {
      byte[] all = buffer.toByteArray();
      if (all.length < offset + 4) {
        return null;
      }
      int len = u24(all, offset + 1);
      if (all.length < offset + 4 + len) {
        return null;
      }
      Message out = new Message(all[offset] & 0xff, java.util.Arrays.copyOfRange(all,
          offset + 4, offset + 4 + len));
      offset += 4 + len;
      return out;
    }
  }

  private static byte[] extract(Suite suite, byte[] salt, byte[] ikm) {
    return new HKDFBytesGenerator(digest(suite)).extractPRK(salt, ikm);
  }

  /** HKDF-Expand-Label of RFC 8446 §7.1: the label is prefixed "tls13 ". */
  private static byte[] expandLabel(Suite suite, byte[] secret, String label, byte[] context,
      int length) {
    byte[] full = ("tls13 " + label).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] info = new byte[2 + 1 + full.length + 1 + context.length];
    info[0] = (byte) (length >>> 8);
    info[1] = (byte) length;
    info[2] = (byte) full.length;
    System.arraycopy(full, 0, info, 3, full.length);
    info[3 + full.length] = (byte) context.length;
    System.arraycopy(context, 0, info, 4 + full.length, context.length);
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(digest(suite));
    hkdf.init(HKDFParameters.skipExtractParameters(secret, info));
    byte[] out = new byte[length];
    hkdf.generateBytes(out, 0, length);
    return out;
  }

  private static org.bouncycastle.crypto.Digest digest(Suite suite) {
    return suite.sha384 ? new SHA384Digest() : new SHA256Digest();
  }

  private static int checked(int index, int limit) {
    if (index > limit) {
      throw new IndexOutOfBoundsException("a length overruns its container");
    }
    return index;
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  private static int u24(byte[] b, int at) {
    return ((b[at] & 0xff) << 16) | ((b[at + 1] & 0xff) << 8) | (b[at + 2] & 0xff);
  }
}
