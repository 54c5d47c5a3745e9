package dev.secaudit.probe.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared walk on real folders: skips, links, loops and every cap said, not silent. */
class FolderWalkTest {
  @TempDir Path dir;

  private static final FolderWalk.Limits ROOMY =
      new FolderWalk.Limits(1000, 10_000, 16, Deadline.in(Duration.ofMinutes(1)));

  private Path write(String rel) throws IOException {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, rel);
  }

  private List<String> names(FolderWalk.Result r, Path root) {
    return r.files().stream().map(p -> root.relativize(p).toString().replace('\\', '/')).toList();
  }

  @Test
  void skipsVersionControlDependencyAndBuildFoldersUnlessAskedFor() throws IOException {
    Path root = dir.resolve("repo");
    for (String f : List.of("repo/src/a.txt", "repo/.git/config", "repo/node_modules/x/p.json",
        "repo/web/vendor/lib.txt", "repo/target/out.txt", "repo/.venv/lib/site.txt",
        "repo/vendors/kept.txt")) {
      write(f);
    }
    FolderWalk.Rules rules = new FolderWalk.Rules(FolderWalk.NOT_SOURCE, false);
    FolderWalk.Result r = FolderWalk.walk(root, rules, ROOMY, (p, a) -> true);
    assertThat(names(r, root)).containsExactly("src/a.txt", "vendors/kept.txt");
    assertThat(r.cuts()).isEmpty();

    FolderWalk.Result asked = FolderWalk.walk(root, rules.asking(Set.of("node_modules")), ROOMY,
        (p, a) -> true);
    assertThat(names(asked, root)).containsExactly("node_modules/x/p.json", "src/a.txt",
        "vendors/kept.txt");
    assertThat(FolderWalk.skipped("web/vendor/lib.txt", FolderWalk.NOT_SOURCE)).isTrue();
    assertThat(FolderWalk.skipped("vendor", FolderWalk.NOT_SOURCE)).isFalse();
  }

  @Test
  void linksAreFollowedOnlyInsideTheRootAndLoopsAreNoted() throws IOException {
    Path root = dir.resolve("logs");
    write("logs/app/today.log");
    Path outside = write("elsewhere/secret.log");
    Files.createSymbolicLink(root.resolve("current.log"), root.resolve("app/today.log"));
    Files.createSymbolicLink(root.resolve("out.log"), outside);
    Files.createSymbolicLink(root.resolve("out-dir"), outside.getParent());
    Files.createSymbolicLink(root.resolve("app/loop"), root);
    Files.createSymbolicLink(root.resolve("gone.log"), dir.resolve("deleted.log"));

    FolderWalk.Result followed = FolderWalk.walk(root, new FolderWalk.Rules(Set.of(), true),
        ROOMY, (p, a) -> true);
    // The dangling link is handed over (the reader reports it); nothing outside is.
    assertThat(names(followed, root)).containsExactly("app/today.log", "current.log",
        "gone.log");
    assertThat(followed.notes()).containsExactlyInAnyOrder(
        "symbolic link loop at " + root.resolve("app/loop") + ": not followed",
        "symbolic link " + root.resolve("out.log") + " leads out of " + root + ": not followed",
        "symbolic link " + root.resolve("out-dir") + " leads out of " + root + ": not followed");
    // The same links as data, for a caller that judges them (retention cannot pass past one).
    assertThat(followed.unfollowed()).containsExactlyInAnyOrder(
        new FolderWalk.Unfollowed(root.resolve("app/loop"), true, true),
        new FolderWalk.Unfollowed(root.resolve("out.log"), false, false),
        new FolderWalk.Unfollowed(root.resolve("out-dir"), false, true));

    for (int i = 0; i < FolderWalk.NOTED_LINKS + 2; i++) {
      Files.createSymbolicLink(root.resolve("app/out" + i + ".log"), outside);
    }
    FolderWalk.Result many = FolderWalk.walk(root, new FolderWalk.Rules(Set.of(), true), ROOMY,
        (p, a) -> true);
    assertThat(many.notes()).hasSize(1 + FolderWalk.NOTED_LINKS + 1)
        .last().isEqualTo("4 more symbolic links lead out of " + root + ": not followed");

    FolderWalk.Result plain = FolderWalk.walk(root, new FolderWalk.Rules(Set.of(), false), ROOMY,
        (p, a) -> a.isRegularFile());
    assertThat(names(plain, root)).containsExactly("app/today.log");
    assertThat(plain.notes()).isEmpty();
  }

  @Test
  void everyCapThatLeavesSomethingOutIsSaid() throws IOException {
    Path root = dir.resolve("deep");
    write("deep/1.txt");
    write("deep/a/2.txt");
    write("deep/a/b/3.txt");
    write("deep/a/b/c/4.txt");
    Deadline later = Deadline.in(Duration.ofMinutes(1));
    FolderWalk.Rules rules = new FolderWalk.Rules(Set.of(), false);

    FolderWalk.Result shallow = FolderWalk.walk(root, rules,
        new FolderWalk.Limits(100, 100, 1, later), (p, a) -> true);
    assertThat(names(shallow, root)).containsExactly("1.txt", "a/2.txt");
    assertThat(shallow.cuts()).containsExactly("folders more than 1 levels below " + root
        + " not entered (the depth cap), the first " + root.resolve("a/b"));

    FolderWalk.Result exact = FolderWalk.walk(root, rules,
        new FolderWalk.Limits(4, 100, 16, later), (p, a) -> true);
    assertThat(exact.files()).hasSize(4);
    assertThat(exact.cuts()).isEmpty(); // exactly at the cap is not a cut

    FolderWalk.Result few = FolderWalk.walk(root, rules,
        new FolderWalk.Limits(2, 100, 16, later), (p, a) -> true);
    assertThat(few.files()).hasSize(2);
    assertThat(few.cuts()).containsExactly("stopped at 2 files (the file cap): the rest of "
        + root + " not listed");

    FolderWalk.Result entries = FolderWalk.walk(root, rules,
        new FolderWalk.Limits(100, 3, 16, later), (p, a) -> true);
    assertThat(entries.cuts()).containsExactly("stopped after 3 files and folders (the entry"
        + " cap): the rest of " + root + " not listed");
    assertThat(entries.caps()).extracting(FolderWalk.Cut::cap)
        .containsExactly(FolderWalk.Cap.ENTRIES);

    // Seven files and folders below the root: a cap of seven leaves nothing out.
    FolderWalk.Result all = FolderWalk.walk(root, rules,
        new FolderWalk.Limits(100, 7, 16, later), (p, a) -> true);
    assertThat(all.entries()).isEqualTo(7);
    assertThat(all.files()).hasSize(4);
    assertThat(all.cuts()).isEmpty();

    FolderWalk.Result late = FolderWalk.walk(root, rules,
        new FolderWalk.Limits(100, 100, 16, new Deadline(System.nanoTime() - 1)),
        (p, a) -> true);
    assertThat(late.cuts()).containsExactly("stopped: the time budget ran out while listing "
        + root);
  }
}
