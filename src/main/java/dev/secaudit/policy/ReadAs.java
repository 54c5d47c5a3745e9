package dev.secaudit.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secaudit.model.TlsVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Values accepted in a spelling other than the one the docs give, noted with how they were read:
 * {@code min_version: TLSv1.2} is TLS 1.2 and {@code same_site: lax} is Lax (browsers read the
 * attribute without regard to case), but a person checking the policy should see the reading
 * rather than trust it (newuser25: accepted without a word). Spellings that may mean something
 * else are refused where they are validated instead (a lifetime in milliseconds).
 */
public final class ReadAs {
  private static final Set<String> VERSIONS = Set.of("min_version", "forbidden_versions");
  private static final Set<String> WRITTEN_VERSIONS = Set.of("SSLv2", "SSLv3", "1.0", "1.1",
      "1.2", "1.3");

  private ReadAs() {}

  /** One note per value read from another spelling, in file order: "file:line:col: field: ...". */
  public static List<String> notes(SourceTree source) {
    List<String> out = new ArrayList<>();
    source.eachField((pointer, key, v) -> {
      if (VERSIONS.contains(key) && pointer.startsWith("/tls/")) {
        if (v.isArray()) {
          for (int i = 0; i < v.size(); i++) {
            version(source, pointer + "/" + i, v.get(i), out);
          }
        } else {
          version(source, pointer, v, out);
        }
      } else if (key.equals("same_site") && v.isTextual()) {
        String text = v.asText();
        try {
          String read = CookieRule.SameSite.parse(text).label();
          if (!read.equals(text)) {
            out.add(note(source, pointer, text, read, read));
          }
        } catch (IllegalArgumentException refused) {
          // validate says what is wrong with it
        }
      }
    });
    return out;
  }

  private static void version(SourceTree source, String pointer, JsonNode v, List<String> out) {
    if (v == null || !v.isValueNode()) {
      return;
    }
    String text = v.asText();
    if (WRITTEN_VERSIONS.contains(text)) {
      return;
    }
    try {
      TlsVersion read = TlsVersion.parse(text);
      String written = read.label().startsWith("SSL") ? read.label()
          : read.label().substring("TLS ".length());
      out.add(note(source, pointer, text, read.label(), "\"" + written + "\""));
    } catch (IllegalArgumentException refused) {
      // validate says what is wrong with it
    }
  }

  private static String note(SourceTree source, String pointer, String text, String read,
      String written) {
    return source.positionOf(pointer) + ": " + SourceTree.display(pointer) + ": read '" + text
        + "' as " + read + " (write " + written + " to say so)";
  }
}
