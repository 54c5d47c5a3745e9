package dev.secaudit.probe.config;

import dev.secaudit.probe.local.CappedFile;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the files of one config (the main file and what it includes) under caps, so that a huge,
 * binary or looping input ends as a {@link ConfigProblem}, never as an exception or a hang: each
 * file is streamed and cut at {@code maxFileBytes}; only regular files are opened (a FIFO would
 * block); the number of files, the include depth and the total time are bounded.
 */
public final class ConfigFiles {
  /**
   * The caps of one config's reading: bytes per file and in all, files, include nesting, block
   * nesting (the parsers recurse per block, so a file of a million '{' must stop early), time.
   */
  public record Limits(long maxFileBytes, long maxTotalBytes, int maxFiles, int maxIncludeDepth,
      int maxBlockDepth, java.time.Duration maxTime) {
    public static final Limits DEFAULTS =
        new Limits(4L << 20, 32L << 20, 256, 16, 64, java.time.Duration.ofSeconds(10));
  }

  private final Path base;
  private final Limits limits;
  private final Clock clock;
  private final Instant deadline;
  private final List<Path> read = new ArrayList<>();
  private long totalBytes;
  /** The files being included, outermost first: a file met again is a loop. */
  private final java.util.Deque<Path> including = new java.util.ArrayDeque<>();

  /** @param base the main file's folder: relative includes and the names shown start there */
  public ConfigFiles(Path base, Limits limits, Clock clock) {
    this.base = base.toAbsolutePath().normalize();
    this.limits = limits;
    this.clock = clock;
    this.deadline = clock.instant().plus(limits.maxTime());
  }

  /** Every file read so far, in reading order. */
  public List<Path> files() {
    return List.copyOf(read);
  }

  public Limits limits() {
    return limits;
  }

  /** How reports name a file: relative to the main file's folder when inside it. */
  public String shown(Path file) {
    Path f = file.toAbsolutePath().normalize();
    return f.startsWith(base) && !f.equals(base) ? base.relativize(f).toString() : f.toString();
  }

  /** A path as a directive names it: relative ones start at the main file's folder. */
  public Path resolve(String path) {
    Path p = Path.of(path);
    return (p.isAbsolute() ? p : base.resolve(p)).normalize();
  }

  /**
   * The text of one file. {@code at} is where it was named (an include's file:line) for the
   * messages, or null for the main file.
   */
  public String read(Path file, String at) throws ConfigProblem {
    String name = shown(file);
    String where = at == null ? name : at;
    if (clock.instant().isAfter(deadline)) {
      throw new ConfigProblem(where, "reading took longer than " + limits.maxTime().toSeconds()
          + " s; stopped before " + name);
    }
    if (read.size() >= limits.maxFiles()) {
      throw new ConfigProblem(where, "more than " + limits.maxFiles() + " files included; stopped"
          + " before " + name);
    }
    try {
      // toRealPath fails on a symlink loop ("too many levels of symbolic links") instead of
      // spinning; a FIFO or device is refused before it is opened, so reading never blocks.
      Path real = file.toRealPath();
      if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
        throw new ConfigProblem(where, name + " is not a regular file");
      }
      byte[] bytes = CappedFile.head(real, limits.maxFileBytes());
      if (bytes.length > limits.maxFileBytes()) {
        throw new ConfigProblem(name, "larger than the " + (limits.maxFileBytes() >> 10)
            + " KiB cap for one config file; not parsed");
      }
      totalBytes += bytes.length;
      if (totalBytes > limits.maxTotalBytes()) {
        throw new ConfigProblem(where, "the files included so far exceed the "
            + (limits.maxTotalBytes() >> 10) + " KiB cap for one config; stopped at " + name);
      }
      int nul = CappedFile.firstNul(bytes, bytes.length);
      if (nul >= 0) {
        throw new ConfigProblem(name + ":" + lineAt(bytes, nul), "binary file (NUL byte at"
            + " offset " + nul + "), not a config");
      }
      read.add(file.toAbsolutePath().normalize());
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (IOException e) {
      throw new ConfigProblem(where, "cannot read " + name + ": " + describe(e));
    }
  }

  /**
   * Reads a file that the file being read includes (or the main file, {@code at} null) and
   * marks it as being included until {@link #leave}: a file that includes itself, directly or
   * through others, is an include loop, and nesting is capped.
   */
  public String enter(Path file, String at) throws ConfigProblem {
    Path id = identity(file);
    if (including.contains(id)) {
      List<String> chain = new ArrayList<>();
      including.descendingIterator().forEachRemaining(p -> chain.add(shown(p)));
      chain.add(shown(file));
      throw new ConfigProblem(at, "include loop: " + String.join(" -> ", chain));
    }
    if (including.size() >= limits.maxIncludeDepth()) {
      throw new ConfigProblem(at, "includes nested deeper than " + limits.maxIncludeDepth()
          + " levels");
    }
    String text = read(file, at);
    including.push(id);
    return text;
  }

  /** Ends the file {@link #enter} began. */
  public void leave() {
    including.pop();
  }

  /** The real path of a file (for include loops), or the normalized path when it has none. */
  private static Path identity(Path file) {
    try {
      return file.toRealPath();
    } catch (IOException e) {
      return file.toAbsolutePath().normalize();
    }
  }

  /**
   * The files a glob names, sorted by name as glob(3) returns them; dot files only when the
   * pattern asks for them. A pattern without wildcards names one file, which must exist.
   */
  public List<Path> glob(String pattern, String at) throws ConfigProblem {
    Path full = resolve(pattern);
    if (!hasWildcard(full.toString())) {
      return List.of(full);
    }
    Path root = full.getRoot();
    int first = 0;
    for (; first < full.getNameCount(); first++) {
      if (hasWildcard(full.getName(first).toString())) {
        break;
      }
    }
    Path dir = first == 0 ? root : root.resolve(full.subpath(0, first));
    Path rest = full.subpath(first, full.getNameCount());
    PathMatcher m;
    try {
      m = FileSystems.getDefault().getPathMatcher("glob:" + rest);
    } catch (IllegalArgumentException e) {
      // "Include {*" (found by fuzzing): a broken glob is the config's mistake, not a crash.
      throw new ConfigProblem(at, "'" + pattern + "' is not a valid glob ("
          + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    boolean dots = rest.toString().startsWith(".") || rest.toString().contains("/.");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir, rest.getNameCount())) {
      return s.filter(p -> !p.equals(dir))
          .filter(p -> p.getNameCount() - dir.getNameCount() == rest.getNameCount())
          .filter(p -> m.matches(dir.relativize(p)))
          .filter(p -> dots || !p.getFileName().toString().startsWith("."))
          .filter(p -> !Files.isDirectory(p))
          .sorted()
          .limit(limits.maxFiles() + 1L)
          .toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new ConfigProblem(at, "cannot list " + dir + ": " + e.getMessage());
    }
  }

  private static boolean hasWildcard(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
  }

  private static int lineAt(byte[] bytes, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return line;
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
