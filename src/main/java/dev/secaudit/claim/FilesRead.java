package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Location;
import dev.secaudit.model.Status;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A claim checked only by configuration files speaks for the files read, not for the machines
 * they may sit on: one sshd_config in a folder says nothing of "all servers" or of production,
 * which nothing in the scan ties it to (a blind review: "SSH access to all servers uses keys
 * only" was verified, and "on every server" answered Yes, from one file). validate warns of the
 * same statements (ChecksReach), the scan does not verify them and answers say which files were
 * read.
 */
final class FilesRead {
  /** What a file on disk cannot speak for: the servers, machines and environments it is from. */
  private static final Set<String> MACHINES = Set.of("system", "production");

  private FilesRead() {}

  /** Whether every check listed reads configuration files (none probes a live target). */
  static boolean configOnly(List<String> checks) {
    return !checks.isEmpty() && checks.stream().allMatch(k -> k.startsWith("config."));
  }

  /** The machines a part speaks of that files read cannot show, or an empty scope. */
  static Scope beyond(ClaimPart p) {
    Scope over = StatedClaims.spokenOf(p);
    Set<String> machines = over.nouns().stream()
        .filter(n -> MACHINES.stream().anyMatch(m -> n.equals(m) || n.startsWith(m + ".")))
        .collect(Collectors.toSet());
    return machines.isEmpty() ? new Scope(false, Set.of()) : new Scope(over.universal(), machines);
  }

  /** The claim left to a person when it is verified from files but speaks of machines. */
  static Claim of(Claim c, ClaimEvidence evidence) {
    if (c.standing() != Standing.VERIFIED || !configOnly(c.checkIds())) {
      return c;
    }
    Scope over = beyond(c.part());
    if (over.isEmpty()) {
      return c;
    }
    List<String> files = evidence.findings(c.checkIds()).stream()
        .filter(f -> f.status() == Status.PASS).map(FilesRead::file).distinct().sorted()
        .toList();
    return c.unknown("its checks (" + String.join(", ", c.checkIds()) + ") read "
        + dev.secaudit.model.Counted.of(files.size(), "file") + " only ("
        + String.join(", ", files.subList(0, Math.min(5, files.size())))
        + (files.size() > 5 ? ", …" : "") + "), which the scan ties to no server: they do not"
        + " show " + over.describe() + ": a person decides");
  }

  private static String file(Finding f) {
    Location at = f.location();
    // Within the scan the policy-relative path is not set yet; the file name is.
    String path = at == null ? null : at.path() != null && !at.path().isEmpty() ? at.path()
        : at.file();
    return path == null || path.isEmpty() ? f.target() : path;
  }
}
