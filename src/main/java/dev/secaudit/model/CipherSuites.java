package dev.secaudit.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * IANA names of the cipher suites the prober offers (and of the SSLv2 cipher kinds), so a report
 * names what the server chose instead of a hex code. Codes outside the table print as 0xNNNN.
 */
public final class CipherSuites {
  /** Offered in every SSLv3 to TLS 1.2 hello: modern first, then the weak classes a server may still pick. */
  public static final Map<Integer, String> CLASSIC;

  /**
   * Most suites one SSLv3 to TLS 1.2 hello offers, the renegotiation SCSV making 127: some
   * servers (old Cisco ASAs among them) fail a hello of 128 suites or more, so testssl.sh sends
   * its suites in bundles of fewer, and so do we.
   */
  public static final int MAX_SUITES_PER_HELLO = 126;

  /**
   * {@link #CLASSIC} in parts of at most {@link #MAX_SUITES_PER_HELLO}, of even size, in its
   * order: the first holds the common suites, so most servers answer it alone.
   */
  public static final List<List<Integer>> CLASSIC_PARTS;

  /** Offered in the TLS 1.3 hello. */
  public static final Map<Integer, String> TLS13;

  /** SSLv2 cipher kinds (three bytes each). */
  public static final Map<Integer, String> SSL2;

  static {
    Map<Integer, String> c = new LinkedHashMap<>();
    c.put(0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    c.put(0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    c.put(0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
    c.put(0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    c.put(0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
    c.put(0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    c.put(0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");
    c.put(0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384");
    c.put(0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    c.put(0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256");
    c.put(0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
    c.put(0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384");
    c.put(0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384");
    c.put(0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256");
    c.put(0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256");
    c.put(0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256");
    c.put(0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384");
    c.put(0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256");
    c.put(0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256");
    c.put(0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");
    c.put(0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
    c.put(0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA");
    c.put(0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA");
    c.put(0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA");
    c.put(0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA");
    c.put(0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA");
    c.put(0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA");
    c.put(0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA");
    c.put(0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA");
    c.put(0xc012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA");
    c.put(0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA");
    c.put(0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA");
    c.put(0xc011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA");
    c.put(0xc007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA");
    c.put(0x0005, "TLS_RSA_WITH_RC4_128_SHA");
    c.put(0x0004, "TLS_RSA_WITH_RC4_128_MD5");
    c.put(0x0009, "TLS_RSA_WITH_DES_CBC_SHA");
    c.put(0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5");
    c.put(0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA");
    c.put(0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA");
    c.put(0xc018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA");
    c.put(0x0018, "TLS_DH_anon_WITH_RC4_128_MD5");
    c.put(0xc010, "TLS_ECDHE_RSA_WITH_NULL_SHA");
    c.put(0x003b, "TLS_RSA_WITH_NULL_SHA256");
    c.put(0x0002, "TLS_RSA_WITH_NULL_SHA");
    c.put(0x0001, "TLS_RSA_WITH_NULL_MD5");
    // Added for the enumeration: more of the weak classes and the rarer ciphers servers still pick.
    c.put(0xc0ac, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM");
    c.put(0xc0ad, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM");
    c.put(0xc09e, "TLS_DHE_RSA_WITH_AES_128_CCM");
    c.put(0xc09f, "TLS_DHE_RSA_WITH_AES_256_CCM");
    c.put(0xc09c, "TLS_RSA_WITH_AES_128_CCM");
    c.put(0xc09d, "TLS_RSA_WITH_AES_256_CCM");
    c.put(0xc060, "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256");
    c.put(0xc061, "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384");
    c.put(0xc052, "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256");
    c.put(0xc050, "TLS_RSA_WITH_ARIA_128_GCM_SHA256");
    c.put(0xc051, "TLS_RSA_WITH_ARIA_256_GCM_SHA384");
    c.put(0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA");
    c.put(0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA");
    c.put(0x00ba, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256");
    // What OpenSSL still offers in HIGH besides the above (a blind review found an ECDSA server's
    // ARIA, CAMELLIA and CCM_8 suites never offered, so a policy forbidding them caught none).
    c.put(0xc05c, "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256");
    c.put(0xc05d, "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384");
    c.put(0xc053, "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384");
    c.put(0xc072, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256");
    c.put(0xc073, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384");
    c.put(0xc076, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256");
    c.put(0xc077, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384");
    c.put(0x00be, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256");
    c.put(0x00c4, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256");
    c.put(0x00c0, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256");
    c.put(0xc0ae, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8");
    c.put(0xc0af, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8");
    c.put(0xc0a2, "TLS_DHE_RSA_WITH_AES_128_CCM_8");
    c.put(0xc0a3, "TLS_DHE_RSA_WITH_AES_256_CCM_8");
    c.put(0xc0a0, "TLS_RSA_WITH_AES_128_CCM_8");
    c.put(0xc0a1, "TLS_RSA_WITH_AES_256_CCM_8");
    c.put(0x0096, "TLS_RSA_WITH_SEED_CBC_SHA");
    c.put(0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA");
    c.put(0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA");
    c.put(0xc008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA");
    c.put(0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA");
    c.put(0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA");
    c.put(0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5");
    c.put(0x003a, "TLS_DH_anon_WITH_AES_256_CBC_SHA");
    c.put(0x00a6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256");
    c.put(0xc019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA");
    c.put(0xc015, "TLS_ECDH_anon_WITH_NULL_SHA");
    c.put(0xc006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA");
    CipherSuitesRare.addTo(c);
    CLASSIC = java.util.Collections.unmodifiableMap(c);
    CLASSIC_PARTS = parts(List.copyOf(c.keySet()), MAX_SUITES_PER_HELLO);

    Map<Integer, String> t = new LinkedHashMap<>();
    t.put(0x1301, "TLS_AES_128_GCM_SHA256");
    t.put(0x1302, "TLS_AES_256_GCM_SHA384");
    t.put(0x1303, "TLS_CHACHA20_POLY1305_SHA256");
    t.put(0x1304, "TLS_AES_128_CCM_SHA256");
    t.put(0x1305, "TLS_AES_128_CCM_8_SHA256");
    TLS13 = java.util.Collections.unmodifiableMap(t);

    Map<Integer, String> s = new LinkedHashMap<>();
    s.put(0x0700c0, "SSL_CK_DES_192_EDE3_CBC_WITH_MD5");
    s.put(0x010080, "SSL_CK_RC4_128_WITH_MD5");
    s.put(0x030080, "SSL_CK_RC2_128_CBC_WITH_MD5");
    s.put(0x050080, "SSL_CK_IDEA_128_CBC_WITH_MD5");
    s.put(0x060040, "SSL_CK_DES_64_CBC_WITH_MD5");
    s.put(0x020080, "SSL_CK_RC4_128_EXPORT40_WITH_MD5");
    s.put(0x040080, "SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5");
    SSL2 = java.util.Collections.unmodifiableMap(s);
  }

  /** Named groups (supported_groups / key_share code points) the enumeration tries one by one. */
  public static final Map<Integer, String> GROUPS;

  static {
    Map<Integer, String> g = new LinkedHashMap<>();
    g.put(0x11ec, "X25519MLKEM768");
    g.put(0x001d, "x25519");
    g.put(0x0017, "secp256r1");
    g.put(0x0018, "secp384r1");
    g.put(0x0019, "secp521r1");
    g.put(0x001e, "x448");
    g.put(0x0100, "ffdhe2048");
    g.put(0x0101, "ffdhe3072");
    GROUPS = java.util.Collections.unmodifiableMap(g);
  }

  private CipherSuites() {}

  /** {@code all} in order, in as few parts of at most {@code max} as can be, of even size. */
  public static List<List<Integer>> parts(List<Integer> all, int max) {
    int count = Math.max(1, (all.size() + max - 1) / max);
    List<List<Integer>> out = new java.util.ArrayList<>();
    int from = 0;
    for (int i = 0; i < count; i++) {
      int size = all.size() / count + (i < all.size() % count ? 1 : 0);
      out.add(List.copyOf(all.subList(from, from + size)));
      from += size;
    }
    return List.copyOf(out);
  }

  /** The code point of a name this table knows or printed as 0xNNNN; -1 otherwise. */
  public static int code(String name) {
    for (Map<Integer, String> m : List.of(CLASSIC, TLS13)) {
      for (Map.Entry<Integer, String> e : m.entrySet()) {
        if (e.getValue().equals(name)) {
          return e.getKey();
        }
      }
    }
    if (name != null && name.matches("0x[0-9A-F]{4}")) {
      return Integer.parseInt(name.substring(2), 16);
    }
    return -1;
  }

  /** Every suite name this release can offer, for validating policy lists. */
  public static java.util.Set<String> knownNames() {
    java.util.Set<String> out = new java.util.TreeSet<>(CLASSIC.values());
    out.addAll(TLS13.values());
    return out;
  }

  /** Every group name the enumeration knows, for validating policy lists. */
  public static java.util.Set<String> knownGroups() {
    return new java.util.TreeSet<>(GROUPS.values());
  }

  public static String name(int code) {
    String n = CLASSIC.get(code);
    if (n == null) {
      n = TLS13.get(code);
    }
    return n != null ? n : String.format(Locale.ROOT, "0x%04X", code);
  }

  public static String ssl2Name(int code) {
    String n = SSL2.get(code);
    return n != null ? n : String.format(Locale.ROOT, "0x%06X", code);
  }
}
