package dev.secaudit.probe.config;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.model.Redactor;
import dev.secaudit.policy.ConfigFile;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.probe.SourceArtifact;
import dev.secaudit.probe.SourceObservation;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the policy's configs: entries. Each becomes one observation; a config that cannot be
 * read or parsed is an observation with the failure and the file:line, never an exception.
 * The evidence is an excerpt of the directives the checks judge (not the whole file, which may
 * hold credentials), redacted, each line prefixed with its file:line.
 */
public final class ConfigSources {
  /** nginx directives the checks read; only these go into the evidence excerpt. */
  static final Set<String> NGINX_EXCERPT = Set.of("http", "server", "location", "listen",
      "server_name", "ssl", "ssl_protocols", "ssl_ciphers", "ssl_certificate", "add_header",
      "server_tokens", "limit_req", "limit_req_zone", "limit_req_status", "if", "return");

  /** sshd keywords the checks read. */
  static final Set<String> SSHD_EXCERPT = Set.of("passwordauthentication",
      "kbdinteractiveauthentication", "pubkeyauthentication", "permitrootlogin",
      "authenticationmethods", "usepam", "permitemptypasswords");

  /** How one kind of config file is read into its observation. */
  private interface Reader {
    SourceObservation read(ConfigFile c, Path main, ConfigFiles files, String location,
        Redactor redactor, Clock clock);
  }

  /**
   * The reader of each kind the policy's configs[].kind may name (the policy validates the kind;
   * nginx is its default), one line per kind.
   */
  private static final Map<String, Reader> READERS = Map.of(
      "nginx", ConfigSources::nginx,
      "sshd", ConfigSources::sshd);

  private ConfigSources() {}

  static String evidenceId(String source) {
    return SourceArtifact.CONFIG.id(source);
  }

  public static List<SourceObservation> observe(LoadedPolicy loaded, boolean needed,
      Redactor redactor, Clock clock) {
    return observe(loaded, needed, redactor, clock, ConfigFiles.Limits.DEFAULTS);
  }

  public static List<SourceObservation> observe(LoadedPolicy loaded, boolean needed,
      Redactor redactor, Clock clock, ConfigFiles.Limits limits) {
    List<SourceObservation> out = new ArrayList<>();
    if (!needed) {
      return out;
    }
    for (ConfigFile c : loaded.policy().configs()) {
      Path main = loaded.resolve(c.path()).toAbsolutePath().normalize();
      Path dir = main.getParent() == null ? main : main.getParent();
      ConfigFiles files = new ConfigFiles(dir, limits, clock);
      String location = c.kind() + ":" + main;
      out.add(READERS.getOrDefault(c.kind(), ConfigSources::nginx)
          .read(c, main, files, location, redactor, clock));
    }
    return out;
  }

  private static NginxConfigObservation nginx(ConfigFile c, Path main, ConfigFiles files,
      String location, Redactor redactor, Clock clock) {
    try {
      List<NginxDirective> all = new NginxParser(files).parse(main);
      StringBuilder b = new StringBuilder();
      excerpt(all, 0, b);
      return new NginxConfigObservation(c.name(), location, c.target(), null, null, all,
          shown(files), List.of(artifact(c.name(), clock, files, redactor.text(b.toString()))));
    } catch (ConfigProblem e) {
      return new NginxConfigObservation(c.name(), location, c.target(), failure(e), e.where(),
          List.of(), shown(files), List.of(failed(c.name(), clock, files, e)));
    }
  }

  private static SshdConfigObservation sshd(ConfigFile c, Path main, ConfigFiles files,
      String location, Redactor redactor, Clock clock) {
    try {
      SshdConfig config = SshdConfig.parse(files, main);
      StringBuilder b = new StringBuilder();
      SshdConfig.MatchBlock block = null;
      for (SshdConfig.Setting s : config.settings()) {
        if (!SSHD_EXCERPT.contains(s.keyword())) {
          continue;
        }
        if (s.block() != block && s.block() != null) {
          b.append(s.block().at()).append(": Match ").append(s.block().criteria()).append('\n');
        }
        block = s.block();
        b.append(s.at()).append(": ").append(block == null ? "" : "  ").append(s.written())
            .append(' ').append(String.join(" ", s.args())).append('\n');
      }
      return new SshdConfigObservation(c.name(), location, null, null, config,
          files.shown(main), shown(files),
          List.of(artifact(c.name(), clock, files, redactor.text(b.toString()))));
    } catch (ConfigProblem e) {
      return new SshdConfigObservation(c.name(), location, failure(e), e.where(), null,
          files.shown(main), shown(files), List.of(failed(c.name(), clock, files, e)));
    }
  }

  private static String failure(ConfigProblem e) {
    return e.where() + ": " + e.getMessage();
  }

  private static List<String> shown(ConfigFiles files) {
    return files.files().stream().map(files::shown).toList();
  }

  private static Artifact artifact(String source, Clock clock, ConfigFiles files,
      String excerpt) {
    return Artifact.of(evidenceId(source), source, ArtifactKind.Known.CONFIG_EXCERPT,
        clock.instant(),
        files.files().size() + " file(s) read: " + String.join(", ", shown(files)), excerpt);
  }

  private static Artifact failed(String source, Clock clock, ConfigFiles files, ConfigProblem e) {
    return Artifact.of(evidenceId(source), source, ArtifactKind.Known.CONFIG_EXCERPT,
        clock.instant(),
        "not parsed: " + failure(e), "files read before the failure: "
            + String.join(", ", shown(files)) + "\n" + failure(e) + "\n");
  }

  private static void excerpt(List<NginxDirective> ds, int depth, StringBuilder b) {
    for (NginxDirective d : ds) {
      boolean keep = NGINX_EXCERPT.contains(d.name()) || d.block() != null;
      if (keep) {
        b.append(d.at()).append(": ").append("  ".repeat(depth)).append(shown(d)).append('\n');
      }
      if (d.block() != null) {
        excerpt(d.block(), depth + 1, b);
        b.append("  ".repeat(depth)).append("}\n");
      }
    }
  }

  /**
   * A directive as written, but a header it sets shown as a response's would be: a cookie's
   * value or a credential masked ("add_header Set-Cookie "sid=[REDACTED]; Secure"").
   */
  private static String shown(NginxDirective d) {
    if (!NginxConfigObservation.SETS_HEADER.contains(d.name()) || d.args().size() < 2) {
      return d.text();
    }
    String value = d.args().get(1);
    String masked = Redactor.shown(d.args().get(0), value);
    return masked.equals(value) ? d.text() : d.withArg(1, masked).text();
  }
}
