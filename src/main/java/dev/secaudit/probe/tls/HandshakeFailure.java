package dev.secaudit.probe.tls;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSSE's words for a handshake that failed on a limit or a refusal, said as what the server did:
 * the JDK's own message names its setting or alert, not the server's act a user can check.
 */
public final class HandshakeFailure {
  private HandshakeFailure() {}

  private static final Pattern CHAIN_LENGTH = Pattern.compile(
      "The certificate chain length \\((\\d+)\\) exceeds the maximum allowed length \\((\\d+)\\)");

  /** {@code message} (JSSE's) in a reader's words where it is one this knows; else as is. */
  public static String words(String message) {
    if (message == null) {
      return null;
    }
    Matcher chain = CHAIN_LENGTH.matcher(message);
    if (chain.find()) {
      return "the server sent a certificate chain of more than " + chain.group(2)
          + " certificates, the most the JDK's TLS client accepts"
          + " (jdk.tls.maxCertificateChainLength); the handshake stopped there, so no"
          + " certificate of it was judged";
    }
    if (message.contains("no_application_protocol")) {
      return "the server refused HTTP/1.1 (TLS alert no_application_protocol): it offers only"
          + " other protocols in ALPN, such as HTTP/2 alone, and secaudit speaks HTTP/1.1";
    }
    return message;
  }
}
