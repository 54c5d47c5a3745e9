package dev.secaudit.probe.tls;

import javax.net.ssl.SSLContext;

/** Lets tests in other packages start the package-private JSSE test server. */
public final class JsseServerAccess {
  private JsseServerAccess() {}

  public static AutoCloseable start(SSLContext ctx, String... protocols) throws java.io.IOException {
    return new JsseServer(ctx, protocols);
  }

  /** A server bound to {@code bind} (such as ::1). */
  public static AutoCloseable startOn(java.net.InetAddress bind, SSLContext ctx,
      String... protocols) throws java.io.IOException {
    return new JsseServer(ctx, bind, protocols);
  }

  public static int port(AutoCloseable server) {
    return ((JsseServer) server).port();
  }
}
