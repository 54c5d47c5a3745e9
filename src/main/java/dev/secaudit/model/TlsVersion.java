package dev.secaudit.model;

import java.util.Locale;

/**
 * The SSL/TLS protocol versions a server may speak, oldest first. Shared by the policy (which
 * versions are allowed), the prober (which hello to send) and the checks.
 */
public enum TlsVersion {
  SSL_2_0("SSLv2", 0x0002),
  SSL_3_0("SSLv3", 0x0300),
  TLS_1_0("TLS 1.0", 0x0301),
  TLS_1_1("TLS 1.1", 0x0302),
  TLS_1_2("TLS 1.2", 0x0303),
  TLS_1_3("TLS 1.3", 0x0304);

  private final String label;
  private final int wire;

  TlsVersion(String label, int wire) {
    this.label = label;
    this.wire = wire;
  }

  /** As reports show it: "TLS 1.2", "SSLv3". */
  public String label() {
    return label;
  }

  /** The protocol_version value on the wire. */
  public int wire() {
    return wire;
  }

  public boolean isBefore(TlsVersion other) {
    return ordinal() < other.ordinal();
  }

  /** The version whose label ({@link #label()}) is exactly {@code label}, or null. */
  public static TlsVersion ofLabel(String label) {
    for (TlsVersion v : values()) {
      if (v.label.equals(label)) {
        return v;
      }
    }
    return null;
  }

  /** The version with this wire value, or null. */
  public static TlsVersion ofWire(int wire) {
    for (TlsVersion v : values()) {
      if (v.wire == wire) {
        return v;
      }
    }
    return null;
  }

  /**
   * Reads the spellings people write in policies: "1.2", "TLSv1.2", "TLS 1.2", "tls1.2", "SSLv3",
   * "ssl3".
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static TlsVersion parse(String s) {
    String n = s == null ? "" : s.trim().toLowerCase(Locale.ROOT).replace(" ", "").replace("_", ".");
    n = n.replaceFirst("^tlsv?", "");
    return switch (n) {
      case "sslv2", "ssl2", "ssl2.0", "sslv2.0" -> SSL_2_0;
      case "sslv3", "ssl3", "ssl3.0", "sslv3.0" -> SSL_3_0;
      case "1.0", "1" -> TLS_1_0;
      case "1.1" -> TLS_1_1;
      case "1.2" -> TLS_1_2;
      case "1.3" -> TLS_1_3;
      default -> throw new IllegalArgumentException(
          "'" + s + "' is not a protocol version; use SSLv2, SSLv3, 1.0, 1.1, 1.2 or 1.3");
    };
  }
}
