package dev.secaudit.check;

/**
 * The compliance requirements a family of checks gives evidence for, shared by the checks of the
 * family so that their mappings cannot drift apart. Each is a space-separated list of
 * {@code framework:requirement} mappings, as {@link CheckInfo#of} reads them.
 */
public final class ControlAreas {
  /** Protection in transit: the HTTPS redirect and HSTS. */
  public static final String TRANSPORT = "soc2:CC6.7 gdpr:32(1)(a) iso27001:8.24 iso27001:8.20";
  /** What the browser is told to refuse: CSP, framing, response headers. */
  public static final String BROWSER =
      "soc2:CC6.6 soc2:CC7.1 gdpr:32(1)(b) iso27001:8.9 iso27001:8.26";
  /** Session cookies: logical access. */
  public static final String SESSION = "soc2:CC6.1 gdpr:32(1)(b) iso27001:8.5";
  /**
   * A cookie kept off plain HTTP (Secure, never set on an http answer): logical access, and data
   * protected in transmission, since a session cookie sent in clear is a credential in transit.
   */
  public static final String SESSION_IN_TRANSIT =
      "soc2:CC6.1 soc2:CC6.7 gdpr:32(1)(b) iso27001:8.5";
  /**
   * Vulnerability disclosure (security.txt): communication with outside parties and the
   * disclosure contact ISO/IEC 27002:2022 8.8 names. Not CC7.3: a published contact is where
   * reports arrive, not how events are evaluated; not 6.8, which is the channel for the
   * organisation's own personnel to report events, not outside researchers (blind reviews).
   */
  public static final String DISCLOSURE = "soc2:CC2.3 iso27001:8.8";
  /**
   * Forged, replayed or excessive requests from outside: boundary protection. Not CC7.2: a rate
   * limit or a replay check refuses requests, it does not monitor for anomalies (a blind review).
   */
  public static final String ABUSE = "soc2:CC6.6 gdpr:32(1)(b) iso27001:8.20";
  /** Protection in transit and cryptography: what every TLS finding gives evidence for. */
  public static final String CRYPTO = "soc2:CC6.7 gdpr:32(1)(a) iso27001:8.24";
  /** Sign-in, sessions and credentials: logical access and secure authentication. */
  public static final String ACCESS = "soc2:CC6.1 gdpr:32(1)(b) iso27001:8.5";
  /** Sub-processors authorised and recorded; supplier risk managed. */
  public static final String VENDORS =
      "gdpr:28(2) gdpr:30 soc2:CC9.2 iso27001:5.19 iso27001:5.21";
  /** Kept no longer than needed, then disposed of: confidentiality, privacy, deletion. */
  public static final String RETENTION =
      "soc2:C1.2 soc2:P4.2 soc2:P4.3 gdpr:5(1)(e) iso27001:8.10";
  /** Cryptography configured, and configuration kept as stated. */
  public static final String CRYPTO_CONFIG =
      "soc2:CC6.7 soc2:CC7.1 gdpr:32(1)(a) iso27001:8.24 iso27001:8.9";
  /** Boundary protection configured, and configuration kept as stated. */
  public static final String BOUNDARY_CONFIG =
      "soc2:CC6.6 soc2:CC7.1 gdpr:32(1)(b) iso27001:8.9 iso27001:8.20";

  private ControlAreas() {}
}
