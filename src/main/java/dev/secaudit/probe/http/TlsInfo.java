package dev.secaudit.probe.http;

import java.util.List;

/**
 * What the HTTPS connection that carried an exchange looked like. Recorded, not judged: the TLS
 * checks judge the server independently with their own handshakes.
 *
 * @param trustError why PKIX validation failed, or null when the chain is trusted
 * @param hostnameMatches whether the certificate names the host that was asked for
 * @param chainSubjects subject DNs of the peer chain, leaf first
 */
public record TlsInfo(
    String protocol,
    String cipherSuite,
    boolean trusted,
    String trustError,
    boolean hostnameMatches,
    List<String> chainSubjects) {}
