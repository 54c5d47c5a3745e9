package dev.secaudit.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.secaudit.compliance.FrameworkCatalog;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.JsonFault;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.TargetState;
import dev.secaudit.policy.InputFile;
import dev.secaudit.policy.UsageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads a scan.json as a stream: the run first, then one finding at a time, then the rest
 * (targets, artifacts, claims…). Only the finding being read is held as JSON, never the file or
 * its whole tree, so a fleet's scan of hundreds of thousands of findings is read in the memory
 * of its records; texts repeated across findings (titles, remediations, target names, mappings)
 * are kept once.
 *
 * <pre>{@code
 * try (ScanReader scan = ScanReader.open(path)) {
 *   RunInfo run = scan.run();
 *   while (scan.hasNext()) { Finding f = scan.next(); ... }
 *   ScanResult rest = scan.withoutFindings();  // targets, artifacts, claims, processing…
 * }
 * }</pre>
 *
 * <p>Every value is checked as {@link ScanJson#read} always did (a cut, hand-made or forged file
 * is refused naming the field, e.g. {@code findings[3].status}), each finding when it is reached.
 * The values are exact, as written: renderers make them printable ({@link PrintableText}).
 * secaudit writes the run before the findings; a file with its findings first is still read, by
 * holding its findings until the run has been seen.
 */
public final class ScanReader implements Iterator<Finding>, AutoCloseable {
  private final String file;
  private final ScanRefusals refusals;
  private final JsonPlace.Source source;
  private final JsonParser parser;
  private final ObjectMapper mapper;
  private final TextPool texts;
  private final FindingReader findingReader;
  private final ObjectReader artifactsReader;
  private final ObjectReader artifactReader;
  // Each finding once and of a listed target; null while a finding's key is looked for again.
  private final FindingCensus census;
  // Every top-level field but a streamed findings list, as read so far.
  private final ObjectNode rest = JsonNodeFactory.instance.objectNode();
  private boolean streaming;
  private boolean sawFindings;
  private int index;
  private Finding next;
  private RunInfo run;
  private ScanResult withoutFindings;
  // The artifacts when they came after the findings (bound as read), or null.
  private List<Artifact> artifacts;
  // The targets read before the findings, as JSON text, or null.
  private HeldTargets targets;
  // Where artifacts after the findings go instead of a list ({@link #artifactsTo}), or null;
  // whether they went there, and the place of a null among them (-1: none).
  private ArtifactSink sink;
  private boolean streamedArtifacts;
  private int nullArtifact = -1;
  // Findings held because they came before the run; null when they are streamed.
  private Iterator<Finding> pending;

  private ScanReader(String file, JsonPlace.Source source, InputStream in,
      boolean artifactContent) {
    this(file, source, in, artifactContent, true);
  }

  private ScanReader(String file, JsonPlace.Source source, InputStream in,
      boolean artifactContent, boolean census) {
    this.file = file;
    this.refusals = new ScanRefusals(file, source);
    this.census = census ? new FindingCensus(refusals, this::readAgain) : null;
    this.source = source;
    this.texts = new TextPool();
    Map<String, Mapping> mappings = new HashMap<>();
    this.mapper = PooledMapper.of(texts, mappings);
    if (!artifactContent) {
      mapper.addMixIn(Artifact.class, WithoutContent.class);
    }
    this.artifactsReader = mapper.readerFor(ARTIFACTS);
    this.artifactReader = mapper.readerFor(Artifact.class);
    this.findingReader = new FindingReader(refusals, mapper, texts, mappings);
    try {
      this.parser = mapper.createParser(in);
      // A field twice in one object ({"status": "FAIL", "status": "PASS"}) is read by one tool
      // as its first value and by another as its last: refused, never guessed.
      parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    } catch (IOException e) {
      closeQuietly(in);
      throw unreadable(e);
    }
    try {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw refusals.notAScan(first);
      }
      readFieldsUntilFindings();
    } catch (JsonProcessingException e) {
      closeQuietly(in);
      throw invalid(e);
    } catch (IOException e) {
      closeQuietly(in);
      throw unreadable(e);
    } catch (RuntimeException e) {
      closeQuietly(in);
      throw e;
    }
  }

  /** A file refused while opening is closed here: its caller never gets a reader to close. */
  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // The refusal is what the user needs to read; a failing close adds nothing to it.
    }
  }

  /** Opens a scan.json: a regular file, checked as {@link InputFile} checks every input. */
  public static ScanReader open(Path file) {
    return open(file, true);
  }

  /**
   * As {@link #open(Path)}; without {@code artifactContent} each artifact's recorded content is
   * passed over unread and left null, for a report that shows only the artifacts' ids and
   * digests (the CSV): the exchanges are the largest texts of a fleet's scan.
   */
  static ScanReader open(Path file, boolean artifactContent) {
    return new ScanReader(file.toString(), () -> Files.newInputStream(file),
        InputFile.open(file, "scan.json", ScanJson.MAX_BYTES,
        "Write one with 'secaudit scan -o DIR'"), artifactContent);
  }

  /**
   * As {@link #open(Path, boolean)}, the findings in target order ({@link FindingRuns}); their
   * places, in messages and to the caller, are those of the new order.
   */
  static ScanReader open(Path file, FindingRuns runs, boolean artifactContent) {
    InputStream in;
    try {
      in = runs.open();
    } catch (IOException e) {
      throw new UsageException(file + ": cannot read the scan.json: " + e.getMessage());
    }
    // A fault here falls back to the whole read in file order, which names its place; the
    // reordered stream is only re-read to place a fault it alone would meet.
    return new ScanReader(file.toString(), runs::open, in, artifactContent);
  }

  /** A scan from its bytes; {@code file} names it in messages. */
  static ScanReader of(String file, byte[] bytes) {
    return new ScanReader(file, () -> new ByteArrayInputStream(bytes),
        new ByteArrayInputStream(bytes), true);
  }

  @JsonIgnoreProperties("content")
  private abstract static class WithoutContent {}

  /**
   * Artifacts that follow the findings (as secaudit writes them) are checked one by one and
   * handed to {@code sink}; the scan's list of artifacts is then empty and {@link
   * #streamedArtifacts()} true. For a report that keeps of each only what it shows: a fleet
   * records tens of thousands.
   */
  ScanReader artifactsTo(ArtifactSink sink) {
    this.sink = sink;
    return this;
  }

  /** Whether the scan's artifacts went to {@link #artifactsTo}'s sink, not to its list. */
  boolean streamedArtifacts() {
    return streamedArtifacts;
  }

  /** The run, read and checked before the first finding. */
  public RunInfo run() {
    return run;
  }

  /** Every finding, then the rest: the whole scan, as {@link ScanJson#read} returns it. */
  public ScanResult readAll() {
    List<Finding> findings = new ArrayList<>();
    while (hasNext()) {
      findings.add(next());
    }
    return withoutFindings().withFindings(findings);
  }

  /**
   * The whole scan, as {@link #readAll()}, read on a thread of its own: each finding is handed
   * to {@code each} on this thread as it arrives (in batches, a few batches ahead at most), so
   * the caller's work on the findings and the reading share the two cores. A refusal of the
   * file is thrown here, as {@link #readAll()} throws it.
   */
  public ScanResult readAll(Consumer<Finding> each) {
    List<Finding> findings = new ArrayList<>();
    return forEach(f -> {
      findings.add(f);
      each.accept(f);
    }).withFindings(findings);
  }

  /**
   * As {@link #readAll(Consumer)}, keeping no finding: the scan without its findings, for a
   * report that keeps what it needs of each as it arrives. What {@code each} throws stops the
   * reading and is thrown here.
   */
  public ScanResult forEach(Consumer<Finding> each) {
    return FindingBatches.forEach(this, file, each);
  }

  /**
   * The scan's other parts (targets, artifacts, claims, records of processing…) with no
   * findings; they follow the findings in the file, so this is there once the last finding has
   * been read.
   */
  public ScanResult withoutFindings() {
    if (withoutFindings == null) {
      throw new IllegalStateException("read every finding first");
    }
    return withoutFindings;
  }

  @Override
  public boolean hasNext() {
    if (next == null && streaming) {
      next = readFinding();
    } else if (next == null && pending != null && pending.hasNext()) {
      next = pending.next();
    }
    return next != null;
  }

  @Override
  public Finding next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Finding f = next;
    next = null;
    return f;
  }

  @Override
  public void close() {
    if (census != null) {
      census.close();
    }
    texts.release();
    HeldTargets.close(targets);
    try {
      parser.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readFieldsUntilFindings() throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (name.equals("findings") && !sawFindings) {
        sawFindings = true;
        if (value == JsonToken.START_ARRAY && rest.has("schema") && rest.has("run")) {
          requireHeader();
          streaming = true;
          return;
        }
      }
      if (name.equals("targets") && value == JsonToken.START_ARRAY) {
        // A fleet's targets, held until the file ends: as their JSON text (~100 bytes each)
        // rather than as a tree (~430), in their place among the fields.
        rest.set(name, JsonNodeFactory.instance.arrayNode());
        targets = HeldTargets.copy(parser, mapper);
        continue;
      }
      targets = HeldTargets.unless(targets, name);
      rest.set(name, parser.readValueAsTree());
    }
    requireEnd();
    // No findings list here, or one that came before the run: all of it is held, and checked
    // in the order a whole file always was.
    requireHeader();
    JsonNode findings = require(rest.get("findings"), "findings", JsonNode::isArray,
        "a list (empty when nothing was checked)");
    List<Finding> held = new ArrayList<>();
    for (JsonNode f : findings) {
      try (JsonParser fields = f.traverse(mapper)) {
        fields.nextToken();
        held.add(finding(fields));
      }
    }
    rest.remove("findings");
    if (census != null) {
      census.requireOnce();
    }
    finish();
    pending = held.iterator();
  }

  private Finding readFinding() {
    try {
      if (parser.nextToken() == JsonToken.END_ARRAY) {
        streaming = false;
        // Each finding once: checked when the list ends, before what follows it is read.
        if (census != null) {
          census.requireOnce();
        }
        readFieldsAfterFindings();
        return null;
      }
      return finding(parser);
    } catch (JsonProcessingException e) {
      throw invalid(e);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private void readFieldsAfterFindings() throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      if (parser.nextToken() == JsonToken.START_ARRAY && name.equals("artifacts")) {
        // A fleet's recorded exchanges, the largest part of the file after the findings: bound
        // as they are read, never held as a tree.
        rest.remove(name);
        try {
          if (sink == null) {
            artifacts = artifactsReader.readValue(parser);
          } else {
            // A null among them: refused when the scan is made, as the list's would be.
            nullArtifact = ArtifactSink.read(parser, artifactReader, sink);
            artifacts = List.of();
            streamedArtifacts = true;
          }
        } catch (JsonMappingException e) {
          e.prependPath(ScanResult.class, name);
          throw e;
        }
        continue;
      }
      JsonNode value = parser.readValueAsTree();
      if (!name.equals("findings")) {
        if (name.equals("artifacts")) {
          artifacts = null;
          streamedArtifacts = false;
          nullArtifact = -1;
        }
        targets = HeldTargets.unless(targets, name);
        rest.set(name, value);
      }
    }
    requireEnd();
    finish();
  }

  private static final JavaType ARTIFACTS =
      TypeFactory.defaultInstance().constructCollectionType(List.class, Artifact.class);

  /** Checks and binds everything but the findings; the file has been read to its end. */
  private void finish() throws IOException {
    List<TargetState> bound = null;
    if (targets == null) {
      requireTargets();
    } else {
      bound = targets.bind(mapper, this::requireTarget);
      targets = null;
    }
    requireEntries();
    ScanResult r = mapper.treeToValue(rest, ScanResult.class);
    if (census != null) {
      census.requireListed(bound == null ? r.targets() : bound);
      census.forget();
    }
    // The run as the header read it: with the gate's only_new from the summary, which binding
    // the run object alone would drop.
    RunInfo read = run == null ? r.run() : run;
    withoutFindings = new ScanResult(r.schema(), read, bound == null ? r.targets() : bound, r.findings(), artifacts == null ? r.artifacts()
        : artifacts, r.claims(), r.waivers(), r.baseline(), r.processing());
  }


  /**
   * A null entry in a list of the scan ("artifacts": [null]) is a missing entry, refused by its
   * place as a missing target or finding is: binding it made the scan's lists throw, exit 70.
   */
  private void requireEntries() {
    if (nullArtifact >= 0) {
      throw refusals.missing("artifacts[" + nullArtifact + "]");
    }
    for (int i = 0; artifacts != null && i < artifacts.size(); i++) {
      if (artifacts.get(i) == null) {
        throw refusals.missing("artifacts[" + i + "]");
      }
    }
    for (String list : List.of("artifacts", "claims", "waivers", "processing")) {
      JsonNode entries = rest.get(list);
      for (int i = 0; entries != null && entries.isArray() && i < entries.size(); i++) {
        if (entries.get(i).isNull()) {
          throw refusals.missing(list + "[" + i + "]");
        }
      }
    }
  }

  private void requireEnd() throws IOException {
    if (parser.currentToken() != JsonToken.END_OBJECT) {
      throw refusals.notAScan(parser.currentToken());
    }
    if (parser.nextToken() != null) {
      throw new UsageException(file + ":" + parser.currentLocation().getLineNr() + ":"
          + parser.currentLocation().getColumnNr() + ": not a valid scan JSON: more after the"
          + " scan's closing brace");
    }
  }

  private void requireHeader() {
    String schema = rest.path("schema").asText("");
    if (schema.isEmpty()) {
      // No scan.json of any version lacks it: "use the matching version" would send a CI user
      // who gave the SARIF or another tool's JSON after a release that does not exist.
      boolean sarif = rest.has("runs") && rest.path("$schema").asText("").contains("sarif");
      throw new UsageException(file + ": not a secaudit scan.json (no \"schema\" field)"
          + (sarif ? ": it is a SARIF log; give the scan.json written beside it" : "")
          + "; write one with 'secaudit scan -o DIR'");
    }
    String major = ScanResult.SCHEMA.substring(0, ScanResult.SCHEMA.indexOf('/') + 1)
        + ScanResult.SCHEMA.substring(ScanResult.SCHEMA.indexOf('/') + 1).split("\\.")[0];
    if (!schema.equals(major) && !schema.startsWith(major + ".")) {
      throw new UsageException(file + ": schema '" + schema + "' is not one this secaudit reads ("
          + ScanResult.SCHEMA + "); re-run the scan or use the matching secaudit version");
    }
    JsonNode runNode = require(rest.get("run"), "run", JsonNode::isObject, "an object");
    for (String field : List.of("id", "tool", "tool_version", "policy_name")) {
      require(runNode.get(field), "run." + field, JsonNode::isTextual, "text");
    }
    for (String field : List.of("started", "finished")) {
      require(runNode.get(field), "run." + field, JsonNode::isTextual, "an ISO-8601 time");
    }
    try {
      run = mapper.treeToValue(runNode, RunInfo.class);
    } catch (JsonProcessingException e) {
      throw invalid(e, "run");
    }
    // The summary comes before the findings, so a streamed read has it here too.
    if (rest.path("summary").path("gate").path("only_new").asBoolean(false)) {
      run = run.withFailOnNew(true);
    }
    if (run.finished().isBefore(run.started())) {
      throw refusals.refused("run.finished", "finished at " + run.finished() + ", before the run"
          + " started at " + run.started());
    }
    // A report in the terms of a framework secaudit does not hold cannot be verified (nor drawn).
    for (int i = 0; i < run.frameworks().size(); i++) {
      if (!FrameworkCatalog.known(run.frameworks().get(i))) {
        throw refusals.refused("run.frameworks[" + i + "]", JsonFault.quoted(run.frameworks()
            .get(i)) + " is not a framework secaudit knows (" + String.join(", ",
            FrameworkCatalog.ids()) + ")");
      }
    }
  }

  /**
   * What a finding may not say of its run, checked as it is read: a verdict dated outside the
   * run's own times (observed, or judged, before it started or after it finished) was not made
   * by that run, and a WAIVED status without the waiver that
   * accepted it hides a failure behind nothing (a hand-edited file would pass its gate).
   */
  private Finding withinRun(Finding f, int at) {
    if (f.time().isBefore(run.started()) || f.time().isAfter(run.finished())) {
      throw refusals.refused(FindingReader.at(at) + ".time", "dated " + f.time()
          + ", outside its run (" + run.started() + " to " + run.finished() + ")");
    }
    if (f.status() == dev.secaudit.model.Status.WAIVED && f.waiver() == null) {
      throw refusals.refused(FindingReader.at(at) + ".status", "WAIVED without the waiver that"
          + " accepted it");
    }
    if (census != null) {
      census.add(f, at);
    }
    return f;
  }

  /** The findings read again, for the census to compare keys whose digests repeat. */
  private void readAgain(Predicate<Finding> each) {
    if (source == null) {
      return;
    }
    try (ScanReader again = new ScanReader(file, source, source.open(), false, false)) {
      while (again.hasNext() && each.test(again.next())) {
        // Until the census has what it looks for.
      }
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /** The finding whose first token {@code p} is at; a value Jackson refuses is named by path. */
  private Finding finding(JsonParser p) throws IOException {
    int at = index++;
    JsonToken token = p.currentToken();
    if (token != JsonToken.START_OBJECT) {
      require(p.readValueAsTree(), FindingReader.at(at), JsonNode::isObject, "an object");
    }
    try {
      return withinRun(findingReader.read(p, at), at);
    } catch (JsonMappingException e) {
      throw invalid(e, FindingReader.at(at));
    } catch (FindingReader.Twice e) {
      throw invalid(asTheParserSays(e));
    }
  }

  /**
   * The parser's own refusal of the name {@link FindingReader} found twice: the file read again
   * from its start, every name checked by the parser, which stops at the first one met twice
   * (this one: what came before was read and checked) and names the place it always named.
   */
  private JsonProcessingException asTheParserSays(FindingReader.Twice e) {
    if (source == null) {
      return e;
    }
    try (InputStream in = source.open(); JsonParser again = mapper.createParser(in)) {
      again.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      while (again.nextToken() != null) {
        // Every token to the end or to the refusal.
      }
    } catch (JsonProcessingException refused) {
      return refused.getOriginalMessage().equals(e.getOriginalMessage()) ? refused : e;
    } catch (IOException | RuntimeException unread) {
      // The file changed or went: the refusal stands at the place the reader was.
    }
    return e;
  }

  private void requireTargets() {
    JsonNode targets = rest.get("targets");
    if (targets != null && !targets.isNull()) {
      require(targets, "targets", JsonNode::isArray, "a list");
      for (int i = 0; i < targets.size(); i++) {
        requireTarget(i, targets.get(i));
      }
    }
  }

  private void requireTarget(int i, JsonNode target) {
    String at = "targets[" + i + "]";
    JsonNode t = require(target, at, JsonNode::isObject, "an object");
    require(t.get("name"), at + ".name", JsonNode::isTextual, "text");
    refusals.requireName(t.get("state"), at + ".state", TargetState.State.class);
  }

  private JsonNode require(JsonNode value, String path, Predicate<JsonNode> ok, String expected) {
    return refusals.require(value, path, ok, expected);
  }

  private UsageException invalid(JsonProcessingException e) {
    return refusals.invalid(e, parser == null ? null : parser.currentLocation());
  }

  private UsageException invalid(JsonProcessingException e, String within) {
    return refusals.invalid(e, within);
  }

  private UsageException unreadable(IOException e) {
    return refusals.unreadable(e);
  }
}
