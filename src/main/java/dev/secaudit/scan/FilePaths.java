package dev.secaudit.scan;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Location;
import dev.secaudit.model.TargetState;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives each finding's location the path CI formats need (SARIF, GitHub annotations point at a
 * repository file): the file as the finding names it, read from the folder its probe named it
 * from, then written from the folder secaudit runs in. Path arithmetic only: nothing is read.
 *
 * <p>Probes name a file relative to the source they read: a config (nginx:, sshd:, logrotate:,
 * journald:, lifecycle:) from the main file's folder, a repository (git:) or a folder (dir:)
 * from its root, data files (files:) from the policy's folder.
 */
final class FilePaths {
  private FilePaths() {}

  static List<Finding> resolve(List<Finding> findings, List<TargetState> sources,
      String policyFile) {
    Map<String, String> urls = new HashMap<>();
    sources.forEach(s -> urls.putIfAbsent(s.name(), s.url()));
    Path policyDir = policyFile == null ? null : parent(Path.of(policyFile).toAbsolutePath());
    Path workDir = Path.of("").toAbsolutePath();
    return findings.stream().map(f -> {
      Location at = f.location();
      if (at == null || !at.path().isEmpty() || at.file().contains(":")) {
        return f;
      }
      try {
        Path base = base(urls.get(f.target()), policyDir);
        Path file = Path.of(at.file());
        Path abs = file.isAbsolute() || base == null ? file : base.resolve(file).normalize();
        String shown = abs.startsWith(workDir) ? workDir.relativize(abs).toString()
            : abs.toString();
        return f.withLocation(new Location(at.file(), at.line(), shown.replace('\\', '/')));
      } catch (InvalidPathException e) {
        return f;
      }
    }).toList();
  }

  private static Path base(String url, Path policyDir) {
    int colon = url == null ? -1 : url.indexOf(':');
    if (colon < 0 || url.startsWith("files:")) {
      return policyDir;
    }
    Path p = Path.of(url.substring(colon + 1));
    if (!p.isAbsolute()) {
      return policyDir;
    }
    return url.startsWith("git:") || url.startsWith("dir:") ? p : parent(p);
  }

  private static Path parent(Path p) {
    return p.getParent();
  }
}
