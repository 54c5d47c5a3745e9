package dev.secaudit.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A fleet of targets from {@code scan --targets FILE}: one http(s) URL a line, {@code #} starts a
 * comment line, blank lines are ignored. Each URL becomes a target under the policy's rules, named
 * after its host, port and path so that the name is readable in reports and the same URL gets the
 * same name in every run (baselines, waivers and shards key on it).
 */
public final class TargetList {
  public static final long MAX_BYTES = 16L * 1024 * 1024;

  private TargetList() {}

  /**
   * How many bad lines are named one by one; a file of thousands of bad lines (a wrong file
   * given) would otherwise print thousands of lines, which no one reads past the first.
   */
  static final int MAX_NAMED = 50;

  /**
   * Reads the file; bad lines stop everything, each named with file:line:column, all of them at
   * once (as a policy's mistakes are) so a fleet list is mended in one go.
   */
  public static List<Target> read(Path file, Set<String> takenNames) {
    byte[] bytes = InputFile.read(file, "targets file", MAX_BYTES,
        "Write one URL a line, such as https://app.example.com");
    return parse(file.toString(), InputFile.utf8(file.toString(), bytes, "targets file"),
        takenNames);
  }

  /**
   * @param takenNames names already used (the policy's own targets), which derived names avoid
   */
  static List<Target> parse(String display, String text, Set<String> takenNames) {
    List<Target> targets = new ArrayList<>();
    Map<String, Integer> seenUrls = new HashMap<>();
    Set<String> names = new HashSet<>(takenNames);
    List<String> bad = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String raw = lines[i];
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int column = raw.indexOf(line.charAt(0)) + 1;
      String where = display + ":" + (i + 1) + ":" + column + ": ";
      URI uri;
      try {
        uri = parseUrl(line, where);
      } catch (UsageException e) {
        bad.add(e.getMessage());
        continue;
      }
      String key = uri.toString();
      Integer earlier = seenUrls.putIfAbsent(key, i + 1);
      if (earlier != null) {
        bad.add(where + "'" + line + "' is already on line " + earlier + "; list each URL once");
        continue;
      }
      String base = nameOf(uri);
      String name = base;
      for (int n = 2; !names.add(name); n++) {
        name = base + "-" + n;
      }
      targets.add(target(name, key));
    }
    if (!bad.isEmpty()) {
      List<String> named = bad.size() > MAX_NAMED ? new ArrayList<>(bad.subList(0, MAX_NAMED))
          : bad;
      if (bad.size() > MAX_NAMED) {
        named.add(display + ": and " + (bad.size() - MAX_NAMED) + " more bad lines");
      }
      throw new UsageException(String.join("\n", named));
    }
    if (targets.isEmpty()) {
      throw new UsageException(display + ": no URL in the file (one http(s) URL a line; lines"
          + " starting with # are comments)");
    }
    return targets;
  }

  /**
   * The target one line of the file makes: the URL under the policy's rules and nothing of its
   * own. A merge rebuilds a fleet's targets from the shards' population with it.
   */
  public static Target target(String name, String url) {
    return new Target(name, url, null, List.of(), List.of(), null, List.of(), null);
  }

  private static URI parseUrl(String line, String where) {
    URI uri;
    try {
      uri = new URI(line);
    } catch (URISyntaxException e) {
      throw new UsageException(where + "'" + line + "' is not a URL (" + e.getReason()
          + "); write one absolute URL a line, such as https://app.example.com");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new UsageException(where + "'" + line + "' is not an http:// or https:// URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new UsageException(where + "'" + line + "' has no host");
    }
    if (uri.getRawUserInfo() != null) {
      // Credentials in a URL would end up in every report and log; headers carry secrets.
      throw new UsageException(where + "'" + uri.getHost() + "': a URL with user:password@ is"
          + " not accepted; put credentials in the policy's request_headers with ${env:NAME}");
    }
    if (uri.getRawFragment() != null) {
      throw new UsageException(where + "'" + line + "': a #fragment is never sent to the server;"
          + " remove it");
    }
    return uri;
  }

  /** host, then -port when not the scheme's default, then the path: letters, digits, . _ - only. */
  static String nameOf(URI uri) {
    StringBuilder b = new StringBuilder(uri.getHost().toLowerCase(Locale.ROOT));
    int port = uri.getPort();
    boolean defaultPort = port == -1
        || (port == 443 && "https".equalsIgnoreCase(uri.getScheme()))
        || (port == 80 && "http".equalsIgnoreCase(uri.getScheme()));
    if (!defaultPort) {
      b.append('-').append(port);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (!path.isEmpty() && !path.equals("/")) {
      b.append('-').append(path);
    }
    String name = b.toString().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("-{2,}", "-")
        .replaceAll("^-|-$", "");
    return name.isEmpty() ? "target" : name;
  }
}
