package dev.secaudit.check.config;

import dev.secaudit.probe.config.NginxDirective;
import java.util.Locale;

/**
 * A listen directive's address and port, read once for every question nginx answers with them:
 * which servers share an address:port (TLS and the default server are decided per address:port),
 * which port a server is on, and which servers a connection to an IP address is given to.
 *
 * @param address "*" for every IPv4 address ("8443", "*:8443", "0.0.0.0:8443"), an IPv6 address
 *     without brackets ("::" is every IPv6 one), an IPv4 address, a host name, or "unix:PATH"
 * @param port the port as written; "80" when only an address is given; "" for a unix socket
 */
record NginxListen(String address, String port) {

  static NginxListen of(NginxDirective listen) {
    String a = listen.arg(0).toLowerCase(Locale.ROOT);
    if (a.startsWith("unix:")) {
      return new NginxListen(a, "");
    }
    if (a.matches("[0-9]+")) {
      return new NginxListen("*", a);
    }
    if (a.startsWith("[")) {
      int close = a.indexOf(']');
      String address = a.substring(1, close < 0 ? a.length() : close);
      return new NginxListen(address, close >= 0 && a.startsWith("]:", close)
          ? a.substring(close + 2) : "80");
    }
    int colon = a.lastIndexOf(':');
    String address = colon < 0 ? a : a.substring(0, colon);
    return new NginxListen(address.equals("0.0.0.0") ? "*" : address,
        colon < 0 ? "80" : a.substring(colon + 1));
  }

  /**
   * The address:port as nginx groups servers on it: "8443", "*:8443" and "0.0.0.0:8443" are one
   * "*:8443" (nginx 1.22 serves a plain "listen 8443;" with TLS beside another server's "listen
   * 0.0.0.0:8443 ssl;"); IPv6 in brackets.
   */
  String key() {
    if (port.isEmpty()) {
      return address;
    }
    return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
  }

  boolean on(int port) {
    return this.port.equals(String.valueOf(port));
  }

  /** Whether this listen names the IP address {@code host} itself. */
  boolean exactly(String host) {
    return address.equals(host);
  }

  /**
   * Whether a connection to the IP address {@code host} may arrive here without the address
   * being named: "*" takes every IPv4 one, "::" every IPv6 one (nginx sets ipv6only on), a host
   * name in listen possibly any.
   */
  boolean wildcardFor(String host) {
    boolean v6 = host.contains(":");
    return address.equals("*") && !v6 || address.equals("::") && v6
        || !address.matches("[0-9.]+") && !address.contains(":") && !address.equals("*")
        && !port.isEmpty();
  }
}
