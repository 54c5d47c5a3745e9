package dev.secaudit.probe.hygiene;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A git repository built by a test with the real git, committing as a fixed test author. */
public final class TestRepo {
  private final Path root;

  public TestRepo(Path root) throws IOException {
    this.root = root;
    Files.createDirectories(root);
    git("init", "-q", "-b", "main");
  }

  public Path root() {
    return root;
  }

  public TestRepo write(String path, String content) throws IOException {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return this;
  }

  /** Stages everything and commits; returns the new commit's id. */
  public String commit(String message) {
    git("add", "-A");
    git("-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m",
        message);
    return git("rev-parse", "HEAD").strip();
  }

  public String git(String... args) {
    List<String> argv = new ArrayList<>(List.of("git", "-C", root.toString()));
    argv.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
