package dev.secaudit.policy;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Vendor names compared the way a reader compares them: "Stripe, Inc.", "stripe" and "STRIPE
 * Inc" are one vendor, so case, accents, punctuation and company-form suffixes are ignored.
 */
public final class VendorNames {
  private VendorNames() {}

  /** Company forms dropped from the end of a name; a list rarely writes them consistently. */
  private static final List<String> FORMS = List.of("inc", "incorporated", "llc", "ltd",
      "limited", "gmbh", "ag", "corp", "corporation", "co", "bv", "sa", "sas", "sarl", "plc", "oy",
      "ab", "as", "aps", "srl", "spa", "pty", "pbc", "kk", "company");

  private static final Pattern NOT_ALNUM = Pattern.compile("[^a-z0-9]+");

  /** Lower-case words of letters and digits, company forms at the end removed, joined by one space. */
  public static String normalise(String name) {
    if (name == null) {
      return "";
    }
    String s = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
    // "B.V." and "S.A." are forms too: drop the dots between single letters first.
    s = s.toLowerCase(Locale.ROOT).replaceAll("\\b([a-z])\\.(?=[a-z]\\b)", "$1");
    String[] words = NOT_ALNUM.matcher(s).replaceAll(" ").trim().split(" ");
    int end = words.length;
    while (end > 1 && FORMS.contains(words[end - 1])) {
      end--;
    }
    return String.join(" ", java.util.Arrays.copyOfRange(words, 0, end)).trim();
  }
}
