package dev.secaudit.probe.hygiene;

import dev.secaudit.model.Counted;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.Repository;
import dev.secaudit.probe.SourceObservation;
import dev.secaudit.probe.local.Deadline;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Searches each repository whose policy entry has {@code secrets:}: the working tree file by file,
 * then the history through git. Never throws for a repository it cannot read; that is recorded.
 */
public final class RepositorySecretsProbe {
  /**
   * @param maxFiles working-tree files read
   * @param maxFileBytes bytes read per file (source files beyond this are generated or data)
   * @param treeBudget time for the working tree
   * @param historyBudget time for git log; git is killed when it is spent
   * @param maxHistoryBytes bytes of git log output read
   */
  public record Limits(int maxFiles, long maxFileBytes, Duration treeBudget,
      Duration historyBudget, long maxHistoryBytes) {
    public static final Limits DEFAULTS = new Limits(20_000, 1L << 20, Duration.ofSeconds(120),
        Duration.ofSeconds(120), 512L << 20);
  }

  private final Limits limits;
  private final String gitExecutable;
  private final Clock clock;

  public RepositorySecretsProbe(Limits limits, String gitExecutable, Clock clock) {
    this.limits = limits;
    this.gitExecutable = gitExecutable;
    this.clock = clock;
  }

  /** Default caps, git from PATH. */
  public static RepositorySecretsProbe standard(Clock clock) {
    return new RepositorySecretsProbe(Limits.DEFAULTS, "git", clock);
  }

  public List<SourceObservation> observe(LoadedPolicy loaded) {
    List<SourceObservation> out = new ArrayList<>();
    for (Repository r : loaded.policy().repositories()) {
      if (r.secrets() != null && r.name() != null && r.path() != null) {
        out.add(scan(r, loaded.resolve(r.path())));
      }
    }
    return out;
  }

  RepositorySecretScan scan(Repository repo, Path root) {
    Repository.RepositorySecrets rules = repo.secrets();
    Detectors detectors = Detectors.secrets(rules.entropy());
    Deadline deadline = Deadline.in(limits.treeBudget());
    WorkingTree tree = WorkingTree.list(root, gitExecutable, limits.maxFiles(), deadline,
        repo.includeFolders());
    String location = "git:" + root;
    if (tree.failure() != null) {
      return new RepositorySecretScan(repo.name(), location, tree.failure(), false, 0, 0,
          List.of(), List.of(), List.of(), false, 0, false, null, List.of(), clock.instant());
    }
    List<Sighting> inTree = new ArrayList<>();
    List<FileProblem> unreadable = new ArrayList<>();
    List<String> notes = new ArrayList<>(tree.notes());
    int read = 0;
    int binary = 0;
    TextReader.Limits perFile = new TextReader.Limits(limits.maxFileBytes(), 64 * 1024, deadline);
    for (String file : tree.files()) {
      if (deadline.passed()) {
        notes.add("time budget spent: " + Counted.of(
            tree.files().size() - read - binary - unreadable.size(), "file") + " not read");
        break;
      }
      boolean entropyHere = !LockFiles.isLockFile(file);
      TextReader.Outcome o = TextReader.read(root.resolve(file), perFile,
          (n, text) -> detectors.scan(text, file, entropyHere)
              .forEach(h -> inTree.add(Sighting.of(h, file, n, null))));
      if (o.failure() != null) {
        unreadable.add(new FileProblem(file, o.failure()));
      } else if (o.binary()) {
        binary++;
      } else {
        read++;
        if (o.truncated()) {
          notes.add(file + ": only the first " + o.bytes() + " bytes read");
        }
      }
    }
    GitHistory.Result history = new GitHistory.Result(List.of(), 0, false, null);
    boolean historyRead = rules.history() && tree.git();
    if (historyRead) {
      history = GitHistory.scan(new Git(root, gitExecutable), rules.maxCommits(),
          limits.maxHistoryBytes(), limits.historyBudget(), detectors,
          f -> !LockFiles.isLockFile(f));
    } else if (rules.history()) {
      notes.add("history not read: not a git repository");
    }
    return new RepositorySecretScan(repo.name(), location, null, tree.git(), read, binary, inTree,
        unreadable, notes, historyRead && history.failure() == null, history.commits(),
        history.truncated(), history.failure(), history.sightings(), clock.instant());
  }
}
