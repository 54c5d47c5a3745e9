package dev.secaudit.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.policy.InputFile;
import dev.secaudit.policy.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The history of runs: an append-only JSON Lines file, one line per run, each line naming the
 * SHA-256 of the line before it ({@code prev}) and ending with the SHA-256 of its own bytes up to
 * that field ({@code sha256}). Editing, inserting, deleting or reordering any line breaks the
 * chain; only the last line could be dropped unnoticed, which is why {@code history verify}
 * prints the head hash for anyone to pin (a git commit, the evidence bundle, a ticket).
 *
 * <p>Each line is one run's summary, enough to reconstruct the state of every control on any
 * sampled date of an observation period: counts by status, every (check, target, subject) with
 * its status, the gate, the policy hash and, when an evidence bundle was written, its manifest's
 * hash.
 */
public final class RunLedger {
  public static final String SCHEMA = "secaudit.history/1";
  public static final String GENESIS = "0".repeat(64);
  private static final byte[] SELF_HASH_FIELD = ",\"sha256\":\"".getBytes(StandardCharsets.UTF_8);

  private RunLedger() {}

  /** The chain as found: the runs it holds, its head, and the first place it breaks. */
  public record Verification(int runs, String head, List<String> problems,
      List<String> lineHashes) {
    public Verification {
      problems = List.copyOf(problems);
      lineHashes = List.copyOf(lineHashes);
    }

    public boolean intact() {
      return problems.isEmpty();
    }

    /**
     * How many runs follow the newest pinned line: the runs only the chain vouches for. A chain
     * proves integrity only (anyone can append, or rewrite it whole, and recompute the hashes);
     * a pin kept elsewhere proves the runs up to it. -1 when no pin is in the chain.
     */
    public int unpinnedRuns(List<String> pins) {
      int newest = -1;
      for (String pin : pins) {
        newest = Math.max(newest, lineHashes.indexOf(pin.toLowerCase(java.util.Locale.ROOT)));
      }
      return newest < 0 ? -1 : lineHashes.size() - 1 - newest;
    }

    /**
     * Adds a problem for every pinned line hash (a head printed earlier) that is no longer in
     * the chain: the one tampering a chain cannot show alone is cutting its newest lines.
     */
    public Verification pinned(List<String> pins) {
      List<String> all = new ArrayList<>(problems);
      for (String pin : pins) {
        if (!lineHashes.contains(pin.toLowerCase(java.util.Locale.ROOT))) {
          all.add("pinned line " + pin + " is not in the history (lines were removed or"
              + " rewritten after it was pinned)");
        }
      }
      return new Verification(runs, head, all, lineHashes);
    }
  }

  /** Reads and checks the whole ledger; a missing file is not a ledger. */
  public static Verification verify(Path file) throws IOException {
    return verify(readHistory(file));
  }

  static Verification verify(byte[] bytes) {
    List<String> problems = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    // One reader for the whole file: building one per line costs more than hashing the line.
    ObjectMapper json = new ObjectMapper();
    String prev = GENESIS;
    int runs = 0;
    int start = 0;
    int lineNo = 0;
    while (start < bytes.length) {
      lineNo++;
      int end = indexOf(bytes, (byte) '\n', start);
      if (end < 0) {
        problems.add("line " + lineNo + ": not terminated by a newline (a cut or hand-edited"
            + " file)");
        end = bytes.length;
      }
      byte[] line = Arrays.copyOfRange(bytes, start, end);
      start = end + 1;
      String problem = checkLine(json, line, lineNo, prev);
      if (problem != null) {
        problems.add("line " + lineNo + ": " + problem);
      }
      prev = Artifact.sha256(line);
      hashes.add(prev);
      runs++;
    }
    return new Verification(runs, prev, problems, hashes);
  }

  private static String checkLine(ObjectMapper json, byte[] line, int lineNo, String prev) {
    JsonNode node;
    try {
      node = json.readTree(line);
    } catch (IOException e) {
      return "not a JSON object";
    }
    if (node == null || !node.isObject()) {
      return "not a JSON object";
    }
    String own = node.path("sha256").asText("");
    int at = lastIndexOf(line, SELF_HASH_FIELD);
    boolean last = at >= 0 && at + SELF_HASH_FIELD.length + 64 + 2 == line.length;
    if (!last || !Artifact.sha256(Arrays.copyOfRange(line, 0, at)).equals(own)) {
      return "edited: its bytes do not hash to its sha256 field";
    }
    if (node.path("seq").asLong(-1) != lineNo) {
      return "seq " + node.path("seq").asText() + " where " + lineNo + " was expected (a line"
          + " was inserted, deleted or moved)";
    }
    if (!node.path("prev").asText("").equals(prev)) {
      return "prev does not match the SHA-256 of the line before (a line before it was"
          + " edited, inserted, deleted or moved)";
    }
    return null;
  }

  /**
   * Every run of a history whose chain verifies, oldest first. A history that does not verify is
   * refused as a whole: a report over edited evidence would look trustworthy and not be.
   */
  public static List<LedgerEntry> read(Path file) throws IOException {
    byte[] bytes = readHistory(file);
    Verification v = verify(bytes);
    if (!v.intact()) {
      throw new UsageException(file + " does not verify, so no report is made from it: "
          + v.problems().get(0) + (v.problems().size() > 1 ? " (and " + (v.problems().size() - 1)
          + " more; 'secaudit history verify " + file + "' lists them)" : "")
          + "; restore the history from version control");
    }
    ObjectMapper json = new ObjectMapper();
    List<LedgerEntry> entries = new ArrayList<>(v.runs());
    int start = 0;
    for (int i = 0; i < v.runs(); i++) {
      int end = indexOf(bytes, (byte) '\n', start);
      String where = file + ":" + (i + 1);
      try {
        entries.add(LedgerEntry.of(json.readTree(Arrays.copyOfRange(bytes, start, end)),
            v.lineHashes().get(i), where));
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      start = end + 1;
    }
    return entries;
  }

  /**
   * As {@link #read}, and refused as a whole when a line contradicts itself ({@link
   * LedgerConsistency}), as {@code history verify} refuses it: such a line was edited and
   * rechained, and a report that counted it would show runs as operating evidence that no
   * secaudit run wrote.
   */
  public static List<LedgerEntry> readConsistent(Path file) throws IOException {
    List<LedgerEntry> runs = read(file);
    List<String> problems = LedgerConsistency.problems(runs);
    if (!problems.isEmpty()) {
      throw new UsageException(file + " is not consistent, so no report is made from it: "
          + problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)"
              : "") + "; no secaudit run writes such a line, it was edited and rechained ('secaudit"
          + " history verify " + file + "' lists every one); restore the history from version"
          + " control");
    }
    return runs;
  }

  /**
   * How many of {@code runs} follow the newest pinned line (0: the head is pinned), or -1 when
   * no pin is given; refused when a pin is not in the history, as {@code history verify}
   * refuses it: its newest lines were cut or rewritten after it was pinned.
   */
  public static int unpinnedRuns(Path file, List<LedgerEntry> runs, List<String> pins) {
    int newest = -1;
    for (String pin : pins) {
      String p = pin.toLowerCase(java.util.Locale.ROOT);
      int at = -1;
      for (int i = 0; i < runs.size(); i++) {
        if (runs.get(i).lineSha256().equals(p)) {
          at = i;
        }
      }
      if (at < 0) {
        throw new UsageException("--pin: line " + pin + " is not in " + file + " (lines were"
            + " removed or rewritten after it was pinned), so no report is made from it;"
            + " restore the history from version control");
      }
      newest = Math.max(newest, at);
    }
    return newest < 0 ? -1 : runs.size() - 1 - newest;
  }

  /** The largest history read: years of hourly runs stay below it. */
  public static final long MAX_BYTES = 128L * 1024 * 1024;

  private static byte[] readHistory(Path file) {
    return InputFile.read(file, "history", MAX_BYTES,
        "A history is written by 'secaudit scan --history FILE'");
  }

  /**
   * Refuses a ledger that does not verify, before anything is probed; a missing file is fine
   * (the first run creates it).
   */
  public static void requireAppendable(Path file) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    if (!Files.isRegularFile(file)) {
      throw new UsageException("--history: " + file + " is not a file");
    }
    Verification v = verify(file);
    if (!v.intact()) {
      throw new UsageException("--history: " + file + " does not verify, so nothing is appended"
          + " to it: " + v.problems().get(0) + "; restore it from version control or start a new"
          + " history ('secaudit history verify " + file + "' lists every problem)");
    }
    // Lines that contradict themselves are not looked for here: that reads every line into
    // memory (2.9 GB for an 8,760-line history), and history verify, period and evidence verify
    // refuse such a history whatever is appended after it.
  }

  /**
   * Appends the run's line under an exclusive lock, verifying the chain again first (another
   * process may have appended since the scan started). Returns the line written.
   *
   * @param manifestSha256 SHA-256 of the run's evidence manifest, or null without --evidence
   */
  public static String append(Path file, ScanResult scan, String gate, String manifestSha256)
      throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      if (ch.size() > MAX_BYTES) {
        throw new UsageException("--history: " + file + " is over " + MAX_BYTES + " bytes;"
            + " start a new history and keep this one as the record of its period");
      }
      ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
      while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
        // read the whole file
      }
      Verification v = verify(buf.array());
      if (!v.intact()) {
        throw new UsageException("--history: " + file + " does not verify, so nothing is"
            + " appended to it: " + v.problems().get(0));
      }
      String line = line(v.runs() + 1, v.head(), scan, gate, manifestSha256);
      ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)), ch.size());
      ch.force(true);
      return line;
    }
  }

  /** One run as a ledger line (without the newline): fixed field order, no spaces. */
  static String line(long seq, String prev, ScanResult scan, String gate, String manifestSha256) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schema", SCHEMA);
    m.put("seq", seq);
    m.put("prev", prev);
    m.put("run_id", scan.run().id());
    m.put("started", String.valueOf(scan.run().started()));
    m.put("finished", String.valueOf(scan.run().finished()));
    m.put("tool_version", scan.run().toolVersion());
    m.put("policy_name", scan.run().policyName());
    m.put("policy_sha256", scan.run().policySha256());
    m.put("fail_on", scan.run().failOn());
    m.put("gate", gate);
    Map<String, Integer> counts = new LinkedHashMap<>();
    scan.countByStatus().forEach((s, n) -> counts.put(s.name(), n));
    m.put("counts", counts);
    Map<String, Integer> targets = new LinkedHashMap<>();
    for (dev.secaudit.model.TargetState.State st : dev.secaudit.model.TargetState.State.values()) {
      targets.put(st.name(), (int) scan.targets().stream().filter(t -> t.state() == st).count());
    }
    m.put("targets", targets);
    m.put("evidence_manifest_sha256", manifestSha256);
    // [check, target, subject, status]: compact, and sorted so two runs diff line by line.
    List<List<String>> results = new ArrayList<>();
    scan.findings().stream()
        .sorted(Comparator.comparing(Finding::checkId).thenComparing(Finding::target)
            .thenComparing(Finding::subject).thenComparing(f -> f.status().name()))
        .forEach(f -> results.add(List.of(f.checkId(), f.target(), f.subject(),
            statusOf(f.status()))));
    m.put("results", results);
    // Added in 1.x: the period report groups checks by requirement with the mappings the run
    // itself used, not with whatever the catalog says years later. Older lines lack it.
    Map<String, java.util.SortedSet<String>> mappings = new java.util.TreeMap<>();
    for (Finding f : scan.findings()) {
      java.util.SortedSet<String> ids =
          mappings.computeIfAbsent(f.checkId(), k -> new java.util.TreeSet<>());
      f.mappings().forEach(x -> ids.add(x.toString()));
    }
    m.put("mappings", mappings);
    String body = json(m);
    String prefix = body.substring(0, body.length() - 1);
    return prefix + ",\"sha256\":\"" + Artifact.sha256(prefix.getBytes(StandardCharsets.UTF_8))
        + "\"}";
  }

  private static String statusOf(Status s) {
    return s.name();
  }

  private static String json(Object o) {
    try {
      return JsonMapper.builder().disable(SerializationFeature.INDENT_OUTPUT).build()
          .writeValueAsString(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int indexOf(byte[] a, byte b, int from) {
    for (int i = from; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(byte[] a, byte[] needle) {
    outer:
    for (int i = a.length - needle.length; i >= 0; i--) {
      for (int j = 0; j < needle.length; j++) {
        if (a[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
