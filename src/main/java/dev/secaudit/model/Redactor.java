package dev.secaudit.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  /**
   * This redactor and more secrets: the values an active flow captured (tokens, session ids) are
   * as secret as the ones from ${env:}.
   */
  public Redactor with(Collection<String> more) {
    List<String> all = new ArrayList<>(secrets);
    all.addAll(more);
    return new Redactor(all);
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

  /**
   * Keeps what checks judge (the cookie's name, its flags and attribute values that have the
   * expected shape) and drops everything else: the value, and any attribute value that could be
   * a smuggled secret (a quoted value containing ';', or a second cookie folded in after a comma).
   */
  public static String setCookie(String value) {
    String[] parts = value.split(";", -1);
    StringBuilder out = new StringBuilder();
    String pair = parts[0];
    int eq = pair.indexOf('=');
    if (eq < 0) {
      out.append(pair.isBlank() ? pair : MASK);
    } else {
      String v = pair.substring(eq + 1);
      out.append(pair, 0, eq + 1).append(v.isBlank() ? v : MASK);
    }
    for (int i = 1; i < parts.length; i++) {
      out.append(';').append(attribute(parts[i]));
    }
    return out.toString();
  }

  private static final java.util.Map<String, java.util.regex.Pattern> ATTRIBUTE_SHAPES = Map.of(
      "max-age", java.util.regex.Pattern.compile("\\s*-?[0-9]{1,19}\\s*"),
      "expires", java.util.regex.Pattern.compile("[A-Za-z0-9 ,:/+-]{1,64}"),
      "domain", java.util.regex.Pattern.compile("\\s*\\.?[A-Za-z0-9.-]{1,253}\\s*"),
      "path", java.util.regex.Pattern.compile("\\s*/[A-Za-z0-9._~!$&'()*+:@%/-]{0,256}\\s*"),
      "samesite", java.util.regex.Pattern.compile("\\s*[A-Za-z]{1,16}\\s*"),
      "priority", java.util.regex.Pattern.compile("\\s*[A-Za-z]{1,16}\\s*"));

  private static String attribute(String raw) {
    int eq = raw.indexOf('=');
    String name = (eq < 0 ? raw : raw.substring(0, eq)).trim();
    if (!name.matches("[A-Za-z0-9_-]{1,40}")) {
      return " " + MASK;
    }
    if (eq < 0) {
      return raw;
    }
    String v = raw.substring(eq + 1);
    java.util.regex.Pattern shape = ATTRIBUTE_SHAPES.get(name.toLowerCase(Locale.ROOT));
    boolean keep = shape != null && shape.matcher(v).matches()
        && !(name.equalsIgnoreCase("expires") && v.contains("="));
    return raw.substring(0, eq + 1) + (keep ? v : MASK);
  }
}
