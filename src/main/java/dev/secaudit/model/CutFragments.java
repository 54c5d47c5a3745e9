package dev.secaudit.model;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Part of a secret left where a text was cut. A body cut at the size cap, an excerpt, a value
 * quoted up to sixty characters: each keeps what came before the cut, and when the cut falls
 * inside a reflected secret, that beginning is no longer the whole secret a {@link Redactor}
 * form matches (a red-team review read 9 of 19 characters of an API key so). Cuts in secaudit's
 * outputs end a line or are marked with an ellipsis, so a secret's beginning (at least
 * {@link #MIN_FRAGMENT} characters) just before a line break or an ellipsis is masked, and its
 * end just after an ellipsis. Inside a text, a secret's beginning is masked wherever it stands
 * once it runs {@link #MIN_LOOSE_FRAGMENT} characters past the secret's public head (an
 * Authorization scheme, a URL's {@code scheme://}): a server that names a cookie after the first
 * twelve characters of a token it was sent shows them in every header listing. Shorter
 * beginnings inside a text are left alone: four characters ("eyJh", "sk_l") begin too many
 * ordinary words and tokens to be evidence of anything.
 */
final class CutFragments {
  static final int MIN_FRAGMENT = 4;
  /** The shortest beginning of a secret (past its public head) masked anywhere in a text. */
  static final int MIN_LOOSE_FRAGMENT = 8;

  /**
   * Authorization schemes that begin a secret (the header's value is a secret whole, and its
   * credentials alone are another): their word is not part of what must be hidden.
   */
  private static final Set<String> SCHEMES = Set.of("bearer", "basic", "digest", "token", "bot",
      "negotiate", "ntlm", "apikey", "key");

  private CutFragments() {}

  static String mask(String text, List<String> secrets) {
    String out = text;
    for (String secret : secrets) {
      out = beginnings(out, secret);
    }
    if (out.indexOf('\n') < 0 && out.indexOf('\r') < 0 && out.indexOf('…') < 0
        && !out.contains("...")) {
      return out;
    }
    for (String secret : secrets) {
      if (secret.length() > MIN_FRAGMENT) {
        out = maskOne(out, secret);
      }
    }
    return out;
  }

  /**
   * Every beginning of {@code secret} that runs at least {@link #MIN_LOOSE_FRAGMENT} characters
   * past its public head, masked after the head wherever it stands.
   */
  private static String beginnings(String text, String secret) {
    int head = publicHead(secret);
    int least = head + MIN_LOOSE_FRAGMENT;
    if (secret.length() <= least) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    char first = Character.toLowerCase(secret.charAt(0));
    for (int i = 0; i + least <= text.length(); i++) {
      if (Character.toLowerCase(text.charAt(i)) != first
          || !text.regionMatches(true, i, secret, 0, least)) {
        continue;
      }
      int k = least;
      while (k < secret.length() && i + k < text.length()
          && text.regionMatches(true, i + k, secret, k, 1)) {
        k++;
      }
      out = out == null ? new StringBuilder(text.length()) : out;
      out.append(text, copied, i + head).append(Redactor.MASK);
      copied = i + k;
      i = copied - 1;
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  /**
   * What a secret begins with that is no secret: an Authorization scheme and its space, or a
   * URL's scheme, host and port up to the first {@code /} of its path (a webhook's host, a reset
   * link's site). A flow answer's {@code reset_url} made a secret of the whole link, and its
   * beginning "https://localhost:28943/" masked the audited site's own address in every report
   * (the population table, every finding, "https://[REDACTED]ports/" for /reports/).
   */
  private static int publicHead(String secret) {
    int scheme = schemeEnd(secret);
    if (scheme > 0) {
      return scheme;
    }
    java.util.regex.Matcher url = URL_AUTHORITY.matcher(secret);
    if (!url.lookingAt()) {
      return 0;
    }
    // A user and password before the host are the secret itself: only the scheme is public.
    return url.group(2).indexOf('@') >= 0 ? url.end(1) : url.end();
  }

  /** A URL's scheme, its authority, and the path's first slash when there is one. */
  private static final java.util.regex.Pattern URL_AUTHORITY =
      java.util.regex.Pattern.compile("([A-Za-z][A-Za-z0-9+.-]{0,15}://)([^/?#\\s]*)/?");

  private static String maskOne(String text, String secret) {
    StringBuilder out = null;
    int copied = 0;
    int from = publicHead(secret);
    for (int i = 0; i < text.length(); i++) {
      if (isCutEnd(text, i)) {
        int k = prefixBefore(text, i, secret, from);
        if (k > 0 && i - k >= copied) {
          out = out == null ? new StringBuilder(text.length()) : out;
          out.append(text, copied, i - k).append(Redactor.MASK);
          copied = i;
        }
      }
      if (text.charAt(i) == '…') {
        int k = suffixAfter(text, i + 1, secret);
        if (k > 0) {
          out = out == null ? new StringBuilder(text.length()) : out;
          out.append(text, copied, i + 1).append(Redactor.MASK);
          copied = i + 1 + k;
          i = copied - 1;
        }
      }
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  /** Whether a cut can end the text before {@code i}: a line break or an ellipsis begins there. */
  private static boolean isCutEnd(String text, int i) {
    char c = text.charAt(i);
    return c == '\n' || c == '\r' || c == '…' || text.startsWith("...", i);
  }

  /**
   * The length of the longest proper beginning of {@code secret} (at least {@link #MIN_FRAGMENT}
   * characters past its public head) that ends at {@code end}; 0 when none does.
   */
  private static int prefixBefore(String text, int end, String secret, int from) {
    for (int k = Math.min(secret.length() - 1, end); k >= from + MIN_FRAGMENT; k--) {
      if (text.regionMatches(true, end - k, secret, 0, k)) {
        return k;
      }
    }
    return 0;
  }

  /** The length of the longest proper end of {@code secret} that begins at {@code start}. */
  private static int suffixAfter(String text, int start, String secret) {
    int most = Math.min(secret.length() - 1, text.length() - start);
    for (int k = most; k >= MIN_FRAGMENT; k--) {
      if (text.regionMatches(true, start, secret, secret.length() - k, k)) {
        return k;
      }
    }
    return 0;
  }

  /** Where a secret's own characters begin: after an Authorization scheme and its space. */
  private static int schemeEnd(String secret) {
    int space = secret.indexOf(' ');
    return space > 0 && SCHEMES.contains(secret.substring(0, space).toLowerCase(Locale.ROOT))
        ? space + 1 : 0;
  }
}
