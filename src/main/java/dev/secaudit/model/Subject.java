package dev.secaudit.model;

/**
 * What on a target a finding judged, as data: the kind of thing and its own name ("a cookie
 * named session", "the header Permissions-Policy"). The finding's {@link Finding#subject() subject
 * text} stays its identity and may say more ("Permissions-Policy on /login"); readers that need
 * the header or cookie take it from here rather than splitting that text. A file and line are in
 * {@link Finding#location()}.
 */
public record Subject(Kind kind, String name) {
  public Subject {
    name = name == null ? "" : name;
  }

  /** This subject with its name bounded as {@code bound} does (see {@link BoundedText}). */
  public Subject bounded(java.util.function.UnaryOperator<String> bound) {
    String n = bound.apply(name);
    return n.equals(name) ? this : new Subject(kind, n);
  }

  /** The kinds of things checks judge. */
  public enum Kind {
    HEADER,
    COOKIE,
    /** A CSP directive or a directive of a config file. */
    DIRECTIVE,
    /** A protocol version: the name is its label, "TLS 1.0". */
    PROTOCOL,
    CIPHER_SUITE,
    CERTIFICATE,
    /**
     * A service as host:port, judged as a whole (its grade, its profile, the versions it
     * accepts together): what a TLS check says of no single version, suite or certificate.
     */
    ENDPOINT,
    /** A URL or a path on the target. */
    URL,
    FILE,
    CLAIM,
    VENDOR
  }

  public static Subject header(String name) {
    return new Subject(Kind.HEADER, name);
  }

  public static Subject cookie(String name) {
    return new Subject(Kind.COOKIE, name);
  }

  public static Subject directive(String name) {
    return new Subject(Kind.DIRECTIVE, name);
  }

  public static Subject endpoint(String hostAndPort) {
    return new Subject(Kind.ENDPOINT, hostAndPort);
  }

  public static Subject protocol(TlsVersion version) {
    return new Subject(Kind.PROTOCOL, version.label());
  }

  /** The protocol version this subject names, or null when it names none. */
  public TlsVersion protocol() {
    return kind == Kind.PROTOCOL ? TlsVersion.ofLabel(name) : null;
  }
}
