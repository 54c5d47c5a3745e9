package dev.secaudit.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Removes secrets before anything is stored or printed: values that came from {@code ${env:}},
 * credentials in request headers, and cookie values in Set-Cookie and Cookie headers.
 */
public final class Redactor {
  public static final String MASK = "[REDACTED]";

  private static final Set<String> SECRET_HEADERS = Set.of(
      "authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-auth-token",
      "x-csrf-token", "x-xsrf-token", "x-amz-security-token");

  private final List<String> secrets;

  public Redactor(Collection<String> secrets) {
    List<String> s = new ArrayList<>();
    for (String v : secrets) {
      // Very short values would blank out ordinary words everywhere; they are still masked in
      // the headers they were sent in.
      if (v != null && v.length() >= 4) {
        s.add(v);
      }
    }
    s.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(s);
  }

  public static Redactor none() {
    return new Redactor(List.of());
  }

  public String text(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, MASK);
    }
    return out;
  }

  /** A header value as it may be recorded: secrets and cookie values masked. */
  public String header(String name, String value) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals("set-cookie")) {
      return text(setCookie(value));
    }
    if (SECRET_HEADERS.contains(n)) {
      if (n.equals("authorization") || n.equals("proxy-authorization")) {
        int space = value.indexOf(' ');
        return space > 0 ? value.substring(0, space) + " " + MASK : MASK;
      }
      return MASK;
    }
    return text(value);
  }

  /** Keeps the cookie's name and attributes (what checks judge) and drops its value. */
  public static String setCookie(String value) {
    int semi = value.indexOf(';');
    String pair = semi < 0 ? value : value.substring(0, semi);
    String rest = semi < 0 ? "" : value.substring(semi);
    int eq = pair.indexOf('=');
    String name = eq < 0 ? "" : pair.substring(0, eq);
    String v = eq < 0 ? pair : pair.substring(eq + 1);
    String masked = v.isBlank() ? v : MASK;
    return (eq < 0 ? masked : name + "=" + masked) + rest;
  }
}
