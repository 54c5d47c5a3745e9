package dev.secaudit.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Validation of the retention section (names are checked with every other source's): a window
 * and exactly one source each, and each source's fields well formed before anything is read.
 */
final class RetentionRules {
  /** A command or listing that runs longer than this is a mistake in the policy, not a probe. */
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

  static final int MAX_PAGES = 1000;
  static final int MAX_FILES = 1_000_000;

  private final PolicyProblems problems;

  RetentionRules(PolicyProblems problems) {
    this.problems = problems;
  }

  void validate(List<Retention> entries) {
    for (int i = 0; i < entries.size(); i++) {
      Retention r = entries.get(i);
      String at = "/retention/" + i;
      if (r.maxAge() == null) {
        problems.add(at, "missing 'max_age' (the longest the data may be kept, such as 30d)");
      } else if (r.maxAge().value().isZero()) {
        problems.add(at + "/max_age", "must be longer than 0");
      }
      problems.mapsTo(at + "/maps_to", r.mapsTo());
      if (r.source() == null) {
        problems.add(at, "missing 'source' (one of directory, http, command, lifecycle,"
            + " logrotate, journald)");
        continue;
      }
      List<String> kinds = r.source().kinds();
      if (kinds.size() != 1) {
        problems.add(at + "/source", kinds.isEmpty()
            ? "give one of directory, http, command, lifecycle, logrotate, journald"
            : "give exactly one source, got " + String.join(" and ", kinds)
                + "; split them into separate retention entries");
        continue;
      }
      source(at + "/source/" + kinds.get(0), r.source());
    }
  }

  private void source(String at, Retention.RetentionSource s) {
    if (s.directory() != null) {
      required(at, "path", s.directory().path(), "the directory, such as /srv/reports");
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + s.directory().glob());
      } catch (IllegalArgumentException e) {
        problems.add(at + "/glob", "not a valid glob: " + e.getMessage());
      }
      if (s.directory().maxFiles() < 1 || s.directory().maxFiles() > MAX_FILES) {
        problems.add(at + "/max_files", "must be between 1 and " + MAX_FILES + ", got "
            + s.directory().maxFiles());
      }
    } else if (s.http() != null) {
      http(at, s.http());
    } else if (s.command() != null) {
      command(at, s.command());
    } else if (s.lifecycle() != null) {
      required(at, "path", s.lifecycle().path(), "the lifecycle JSON file");
    } else if (s.logrotate() != null) {
      required(at, "path", s.logrotate().path(), "the configuration, such as /etc/logrotate.conf");
      required(at, "log", s.logrotate().log(), "the log file, such as /var/log/app/access.log");
    } else if (s.journald().path().isBlank()) {
      problems.add(at + "/path", "an empty path; remove it or name journald.conf");
    }
  }

  private void http(String at, Retention.RetentionHttp h) {
    if (h.url() == null) {
      problems.add(at, "missing 'url' (the listing's first page)");
    } else {
      try {
        URI u = new URI(h.url());
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null) {
          problems.add(at + "/url", "expected an absolute http:// or https:// URL, got '"
              + h.url() + "'");
        } else if (u.getUserInfo() != null) {
          problems.add(at + "/url", "put credentials in request_headers with ${env:NAME},"
              + " not in the URL");
        }
      } catch (URISyntaxException e) {
        problems.add(at + "/url", "not a valid URL: " + e.getReason());
      }
    }
    pointer(at + "/items", h.items());
    if (h.field() == null) {
      problems.add(at, "missing 'field' (JSON Pointer to each item's timestamp, such as"
          + " /created_at)");
    } else {
      pointer(at + "/field", h.field());
    }
    if (h.next() != null) {
      pointer(at + "/next", h.next());
    }
    if (h.maxPages() < 1 || h.maxPages() > MAX_PAGES) {
      problems.add(at + "/max_pages", "must be between 1 and " + MAX_PAGES + ", got "
          + h.maxPages());
    }
  }

  private void command(String at, Retention.RetentionCommand c) {
    if (c.argv().isEmpty() || c.argv().get(0) == null || c.argv().get(0).isBlank()) {
      problems.add(at, "missing 'argv' (the program and its arguments, such as [psql, -At,"
          + " -c, \"select ...\"]); no shell is used");
    }
    if (c.timeout().value().isZero() || c.timeout().value().compareTo(MAX_TIMEOUT) > 0) {
      problems.add(at + "/timeout", "must be longer than 0 and at most 10m, got "
          + c.timeout());
    }
    if (c.pattern() != null) {
      try {
        Pattern.compile(c.pattern());
      } catch (PatternSyntaxException e) {
        problems.add(at + "/pattern", "not a valid regular expression: "
            + e.getDescription());
      }
    }
  }

  private void pointer(String at, String value) {
    if (!value.isEmpty() && !value.startsWith("/")) {
      problems.add(at, "a JSON Pointer starts with '/' (such as /data), got '" + value + "'");
    }
  }

  private void required(String at, String field, String value, String what) {
    if (value == null || value.isBlank()) {
      problems.add(at, "missing '" + field + "' (" + what + ")");
    }
  }
}
