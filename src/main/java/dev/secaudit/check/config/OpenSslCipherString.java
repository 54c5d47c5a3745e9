package dev.secaudit.check.config;

import dev.secaudit.probe.tls.SuiteTraits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An OpenSSL cipher string (nginx's ssl_ciphers) read as far as it can be without OpenSSL: the
 * suites it names explicitly, mapped to IANA names, minus those a later "!NAME" or "-NAME"
 * removes, and minus those an exclusion keyword for a weak class removes ("!aNULL", "!RC4",
 * "!3DES"...). Keywords that add suites (HIGH, ECDHE+AESGCM, DEFAULT) cannot be expanded without
 * the OpenSSL build the server runs, so they are listed as unresolved rather than guessed.
 */
record OpenSslCipherString(List<String> enabled, List<String> unresolved) {

  /** OpenSSL name → IANA name, for every suite OpenSSL 3.0 knows and the older weak ones. */
  static final Map<String, String> NAMES = load();

  /** Exclusion keywords that remove a whole weak class (as SuiteTraits names the classes). */
  private static final Map<String, String> EXCLUDED_CLASSES = Map.ofEntries(
      Map.entry("eNULL", "NULL"), Map.entry("NULL", "NULL"), Map.entry("aNULL", "anonymous"),
      Map.entry("ADH", "anonymous"), Map.entry("AECDH", "anonymous"),
      Map.entry("EXP", "EXPORT"), Map.entry("EXPORT", "EXPORT"), Map.entry("RC4", "RC4"),
      Map.entry("DES", "DES"), Map.entry("3DES", "3DES"), Map.entry("MD5", "MD5"),
      Map.entry("kRSA", "static RSA"), Map.entry("RSA", "static RSA"));

  OpenSslCipherString {
    enabled = List.copyOf(enabled);
    unresolved = List.copyOf(unresolved);
  }

  static OpenSslCipherString parse(String text) {
    Set<String> enabled = new LinkedHashSet<>();
    List<String> unresolved = new ArrayList<>();
    for (String raw : text.split("[:, ;]+")) {
      if (raw.isEmpty() || raw.startsWith("@")) {
        continue;
      }
      char op = raw.charAt(0);
      boolean remove = op == '!' || op == '-';
      String name = op == '!' || op == '-' || op == '+' ? raw.substring(1) : raw;
      String iana = iana(name);
      if (remove) {
        if (iana != null) {
          enabled.remove(iana);
        } else if (EXCLUDED_CLASSES.containsKey(name)) {
          String weak = EXCLUDED_CLASSES.get(name);
          enabled.removeIf(s -> SuiteTraits.weakClasses(s).contains(weak));
        }
        // Other exclusions (!SHA1, !PSK...) only narrow what keywords added; explicit names
        // they would drop stay judged, which can only make the verdict stricter.
      } else if (iana != null) {
        if (op != '+') {
          enabled.add(iana);
        }
      } else {
        unresolved.add(raw);
      }
    }
    return new OpenSslCipherString(List.copyOf(enabled), unresolved);
  }

  /** The IANA name of an OpenSSL name (or of an IANA name written as such), or null. */
  static String iana(String name) {
    String n = NAMES.get(name);
    if (n != null) {
      return n;
    }
    return NAMES.containsValue(name) ? name : null;
  }

  private static Map<String, String> load() {
    Map<String, String> m = new HashMap<>();
    try (InputStream in = OpenSslCipherString.class.getResourceAsStream("openssl-ciphers.txt");
        BufferedReader r = new BufferedReader(new InputStreamReader(in,
            StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] p = line.trim().split("\\s+");
        m.put(p[0], p[1]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("openssl-ciphers.txt is part of the jar", e);
    }
    return Map.copyOf(m);
  }
}
