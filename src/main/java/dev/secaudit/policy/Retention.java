package dev.secaudit.policy;

import dev.secaudit.model.Mapping;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A retention window the security page states ("PDF reports are deleted after 30 days"), and the
 * one place where it can be seen kept: a directory, an HTTP listing, a command's output, a bucket
 * lifecycle document, a logrotate or a journald configuration.
 */
@Doc("A retention window: data of one kind is kept no longer than max_age and, where the page"
    + " promises it is kept that long, at least min_age, as seen in one source.")
public record Retention(
    @Doc(value = SourceEntry.NAME, example = "pdf-reports", required = true)
        String name,
    @Doc(value = "The longest the data may be kept (a ceiling: \"deleted after 30 days\")."
            + " Give max_age, min_age or both.", example = "30d")
        PolicyDuration maxAge,
    @Doc(value = "The shortest the data is kept (a floor: \"logged for 30 days\" promises the"
            + " logs exist that long, \"kept at least 1 year\").", example = "30d")
        PolicyDuration minAge,
    @Doc(value = "What is kept, as the security page says it.",
            example = "Generated PDF reports are deleted after 30 days")
        String description,
    @Doc(value = "Compliance requirements this window supports, besides the check's own.",
            example = "[soc2:C1.2]")
        List<Mapping> mapsTo,
    @Doc(value = "Where the retention is observed: exactly one of its fields.", required = true)
        RetentionSource source) {

  public Retention {
    mapsTo = Unset.orEmpty(mapsTo);
  }

  /** The window as the policy states it: "at most 30d", "at least 30d", "30d" (both). */
  public String window() {
    if (minAge == null) {
      return "at most " + maxAge;
    }
    if (maxAge == null) {
      return "at least " + minAge;
    }
    return minAge.value().equals(maxAge.value()) ? String.valueOf(maxAge)
        : "at least " + minAge + " and at most " + maxAge;
  }

  /** A command or listing that runs longer than this is a mistake in the policy, not a probe. */
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

  static final int MAX_PAGES = 1000;
  static final int MAX_FILES = 1_000_000;

  void validate(String at, PolicyProblems problems) {
    if (maxAge == null && minAge == null) {
      problems.add(at, "missing 'max_age' or 'min_age' (the longest the data may be kept, the"
          + " shortest it is kept, or both, such as 30d)");
    }
    if (maxAge != null) {
      problems.positive(at + "/max_age", maxAge);
    }
    if (minAge != null && problems.positive(at + "/min_age", minAge) && maxAge != null
        && minAge.value().compareTo(maxAge.value()) > 0) {
      problems.add(at + "/min_age", "is longer than max_age (" + minAge + " > " + maxAge
          + "): no data can be kept both at least and at most that");
    }
    problems.mapsTo(at + "/maps_to", mapsTo);
    if (source == null) {
      problems.add(at, "missing 'source' (one of directory, http, command, lifecycle,"
          + " logrotate, journald)");
      return;
    }
    List<String> kinds = source.kinds();
    if (kinds.size() != 1) {
      problems.add(at + "/source", kinds.isEmpty()
          ? "give one of directory, http, command, lifecycle, logrotate, journald"
          : "give exactly one source, got " + String.join(" and ", kinds)
              + "; split them into separate retention entries");
      return;
    }
    source.validate(at + "/source/" + kinds.get(0), problems);
  }

  private static void pointer(PolicyProblems problems, String at, String value) {
    if (!value.isEmpty() && !value.startsWith("/")) {
      problems.add(at, "a JSON Pointer starts with '/' (such as /data), got '" + value + "'");
    }
  }

  private static void required(PolicyProblems problems, String at, String field, String value,
      String what) {
    if (value == null || value.isBlank()) {
      problems.add(at, "missing '" + field + "' (" + what + ")");
    }
  }

  @Doc("Where a retention window is observed; give exactly one field.")
  public record RetentionSource(
      @Doc("Files on disk: the oldest matching file's modification time is judged.")
          RetentionDirectory directory,
      @Doc("A JSON listing over HTTP (an admin API): the oldest timestamp across its pages.")
          RetentionHttp http,
      @Doc("A command (no shell) whose output lists ISO-8601 timestamps, such as a psql query.")
          RetentionCommand command,
      @Doc("An S3/R2 bucket lifecycle configuration (the AWS Rules[] JSON document).")
          RetentionLifecycle lifecycle,
      @Doc("A logrotate configuration: how long rotated logs of one file are kept.")
          RetentionLogrotate logrotate,
      @Doc("A journald configuration (journald.conf and its journald.conf.d drop-ins):"
              + " MaxRetentionSec.")
          RetentionJournald journald) {

    /** The JSON names of the fields that are set, in declaration order. */
    public List<String> kinds() {
      List<String> out = new ArrayList<>();
      if (directory != null) {
        out.add("directory");
      }
      if (http != null) {
        out.add("http");
      }
      if (command != null) {
        out.add("command");
      }
      if (lifecycle != null) {
        out.add("lifecycle");
      }
      if (logrotate != null) {
        out.add("logrotate");
      }
      if (journald != null) {
        out.add("journald");
      }
      return out;
    }

    void validate(String at, PolicyProblems problems) {
      if (directory != null) {
        required(problems, at, "path", directory.path(), "the directory, such as /srv/reports");
        try {
          FileSystems.getDefault().getPathMatcher("glob:" + directory.glob());
        } catch (IllegalArgumentException e) {
          // The matcher's message draws a caret under the glob on more lines: one line per mistake.
          problems.add(at + "/glob", "not a valid glob: "
              + e.getMessage().lines().findFirst().orElse(""));
        }
        if (directory.maxFiles() < 1 || directory.maxFiles() > MAX_FILES) {
          problems.add(at + "/max_files", "must be between 1 and " + MAX_FILES + ", got "
              + directory.maxFiles());
        }
      } else if (http != null) {
        http.validate(at, problems);
      } else if (command != null) {
        command.validate(at, problems);
      } else if (lifecycle != null) {
        required(problems, at, "path", lifecycle.path(), "the lifecycle JSON file");
      } else if (logrotate != null) {
        required(problems, at, "path", logrotate.path(), "the configuration, such as /etc/logrotate.conf");
        required(problems, at, "log", logrotate.log(), "the log file, such as /var/log/app/access.log");
      } else if (journald.path().isBlank()) {
        problems.add(at + "/path", "an empty path; remove it or name journald.conf");
      }
    }
  }

  @Doc("Files in a directory tree, judged by modification time.")
  public record RetentionDirectory(
      @Doc(value = "The directory; relative paths are resolved against the policy file's folder.",
              example = "/srv/reports", required = true)
          String path,
      @Doc(value = "Files counted: a glob without '/' matches file names at any depth; with '/'"
              + " it matches the path below the directory, where ** spans folders.",
              defaultValue = "* (every file)", example = "**/*.pdf")
          String glob,
      @Doc("Most files and folders visited; beyond it the listing is incomplete.")
          Integer maxFiles) {
    public RetentionDirectory {
      glob = Unset.or(glob, "*");
      maxFiles = Unset.or(maxFiles, 100_000);
    }
  }

  @Doc("A JSON listing fetched with GET, page after page.")
  public record RetentionHttp(
      @Doc(value = "URL of the first page.", example = "https://api.example.com/admin/exports",
              required = true)
          String url,
      @Doc("Request headers; use ${env:NAME} for credentials (sent only to the first page's"
              + " origin).")
          Map<String, String> requestHeaders,
      @Doc(value = "JSON Pointer to the array of items in each page; empty: the page is the"
              + " array.", example = "/data")
          String items,
      @Doc(value = "JSON Pointer inside each item to its timestamp: ISO-8601, or epoch seconds"
              + " or milliseconds.", example = "/created_at", required = true)
          String field,
      @Doc(value = "JSON Pointer to the next page's URL in each page (null or absent on the last"
              + " page); a Link: <...>; rel=\"next\" header is followed as well.",
              example = "/next")
          String next,
      @Doc("Most pages read; a listing longer than this is incomplete.")
          Integer maxPages) {
    public RetentionHttp {
      requestHeaders = Unset.orEmpty(requestHeaders);
      items = Unset.or(items, "");
      maxPages = Unset.or(maxPages, 20);
    }

    void validate(String at, PolicyProblems problems) {
      if (url == null) {
        problems.add(at, "missing 'url' (the listing's first page)");
      } else {
        try {
          URI u = new URI(url);
          String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
          if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null) {
            problems.add(at + "/url", "expected an absolute http:// or https:// URL, got '"
                + url + "'");
          } else if (u.getUserInfo() != null) {
            problems.add(at + "/url", "put credentials in request_headers with ${env:NAME},"
                + " not in the URL");
          }
        } catch (URISyntaxException e) {
          problems.add(at + "/url", "not a valid URL: " + e.getReason());
        }
      }
      pointer(problems, at + "/items", items);
      if (field == null) {
        problems.add(at, "missing 'field' (JSON Pointer to each item's timestamp, such as"
            + " /created_at)");
      } else {
        pointer(problems, at + "/field", field);
      }
      if (next != null) {
        pointer(problems, at + "/next", next);
      }
      if (maxPages < 1 || maxPages > MAX_PAGES) {
        problems.add(at + "/max_pages", "must be between 1 and " + MAX_PAGES + ", got "
            + maxPages);
      }
    }
  }

  @Doc("A command run without a shell; its standard output lists timestamps.")
  public record RetentionCommand(
      @Doc(value = "Program and arguments.",
              example = "[psql, -At, -c, \"select min(created_at) from exports\"]",
              required = true)
          List<String> argv,
      @Doc("Longest the command may run; then it and its children are killed.")
          PolicyDuration timeout,
      @Doc(value = "Regular expression picking the timestamp from a line (group 1, else the"
              + " whole match); lines it does not match are skipped. Unset: every non-blank line"
              + " is one timestamp.", example = "created=(\\S+)")
          String pattern) {
    public RetentionCommand {
      argv = Unset.orEmpty(argv);
      timeout = Unset.or(timeout, PolicyDuration.parse("30s"));
    }

    void validate(String at, PolicyProblems problems) {
      if (argv.isEmpty() || argv.get(0) == null || argv.get(0).isBlank()) {
        problems.add(at, "missing 'argv' (the program and its arguments, such as [psql, -At,"
            + " -c, \"select ...\"]); no shell is used");
      }
      if (timeout.value().isZero() || timeout.value().compareTo(MAX_TIMEOUT) > 0) {
        problems.add(at + "/timeout", "must be longer than 0 and at most 10m, got "
            + timeout);
      }
      if (pattern != null) {
        try {
          Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
          problems.add(at + "/pattern", "not a valid regular expression: "
              + e.getDescription());
        }
      }
    }
  }

  @Doc("A bucket lifecycle configuration saved as JSON (aws s3api"
      + " get-bucket-lifecycle-configuration).")
  public record RetentionLifecycle(
      @Doc(value = "The JSON file; relative to the policy file's folder.",
              example = "config/reports-lifecycle.json", required = true)
          String path,
      @Doc(value = "Key prefix of the objects the window covers; empty: the whole bucket.",
              example = "reports/")
          String prefix,
      @Doc("The bucket keeps versions: older versions must expire too, and the time"
              + " counted is Expiration.Days + NoncurrentVersionExpiration.NoncurrentDays.")
          Boolean versioned) {
    public RetentionLifecycle {
      prefix = Unset.or(prefix, "");
      versioned = Unset.or(versioned, Boolean.FALSE);
    }
  }

  @Doc("A logrotate configuration and the log file whose retention is judged.")
  public record RetentionLogrotate(
      @Doc(value = "The main configuration file; its include lines are followed.",
              example = "/etc/logrotate.conf", required = true)
          String path,
      @Doc(value = "The log file as the configuration names it (globs in the config match it).",
              example = "/var/log/app/access.log", required = true)
          String log) {}

  @Doc("A journald configuration.")
  public record RetentionJournald(
      @Doc("journald.conf; drop-ins are read from journald.conf.d beside it.")
          String path) {
    public RetentionJournald {
      path = Unset.or(path, "/etc/systemd/journald.conf");
    }
  }
}
