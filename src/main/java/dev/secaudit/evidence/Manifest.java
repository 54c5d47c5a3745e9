package dev.secaudit.evidence;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.model.TargetState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * What an auditor checks first in an evidence bundle: who produced it, from which policy, over
 * which population, and the SHA-256 and size of every other file in the bundle. The bundle is
 * intact when every listed file hashes to its entry and no file is missing or extra.
 *
 * @param signature who is going to sign this manifest, or null for an unsigned bundle; recorded
 *     before signing so that deleting the signature file is detected like any other removal
 */
public record Manifest(
    String schema,
    String tool,
    String toolVersion,
    String runId,
    List<String> commandLine,
    Instant started,
    Instant finished,
    PolicyFile policy,
    Population population,
    SignatureRef signature,
    List<FileEntry> files,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TrustFile> trust) {

  public static final String SCHEMA = "secaudit.evidence/1";
  public static final String FILE_NAME = "manifest.json";
  public static final String SIGNATURE_FILE_NAME = "manifest.json.p7s";

  @JsonCreator
  public Manifest {
    commandLine = commandLine == null ? List.of() : List.copyOf(commandLine);
    files = files == null ? List.of() : List.copyOf(files);
    trust = trust == null ? List.of() : List.copyOf(trust);
  }

  /** A manifest of a run that trusted no CA of its own. */
  public Manifest(String schema, String tool, String toolVersion, String runId,
      List<String> commandLine, Instant started, Instant finished, PolicyFile policy,
      Population population, SignatureRef signature, List<FileEntry> files) {
    this(schema, tool, toolVersion, runId, commandLine, started, finished, policy, population,
        signature, files, List.of());
  }

  /**
   * The policy as given to the scan, and where its copy sits in the bundle.
   *
   * @param sha256 the file the scan read, as scan.json's run.policy_sha256 cites it
   * @param masked why the copy differs from that file (credentials written in it are masked; the
   *     copy's own hash is its entry in files), or null for a byte-for-byte copy; left out of
   *     the JSON when null, so bundles of policies without literal credentials read as before
   */
  public record PolicyFile(String name, String path, String sha256,
      @JsonInclude(JsonInclude.Include.NON_NULL) String masked,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ProfileFile> profiles,
      @JsonInclude(JsonInclude.Include.NON_NULL) EffectiveFile effective) {
    @JsonCreator
    public PolicyFile {
      profiles = profiles == null ? List.of() : List.copyOf(profiles);
    }

    /** A policy that extends no built-in profile. */
    public PolicyFile(String name, String path, String sha256, String masked) {
      this(name, path, sha256, masked, List.of(), null);
    }
  }

  /**
   * A built-in profile the policy's {@code extends:} names, as this version of secaudit ships
   * it: its text is in the bundle, so what it held when the scan ran can be read and merged
   * again without the tool.
   *
   * @param resource where the text is in secaudit's jar, to compare it with a release's
   * @param sha256 of the text, as its files entry
   */
  public record ProfileFile(String name, String path, String sha256, String resource) {}

  /**
   * The policy as the scan bound it: the profiles in {@code extends:} order, then the copy over
   * them (docs/evidence.md, "Replaying a bundle").
   *
   * @param how how it was made, in words
   * @param masked why it holds masked values (the copy's credentials), or null
   */
  public record EffectiveFile(String path, String sha256, String how,
      @JsonInclude(JsonInclude.Include.NON_NULL) String masked) {}

  /**
   * CA certificates the scan trusted beside the JDK's for the certificate chain (public
   * material), so the chain verdict can be checked again.
   *
   * @param option what brought them: {@code --ca-file} (the command line) or
   *     {@code tls.certificate.ca_file} (the policy, at its line)
   * @param given the file as the option named it
   * @param sourceSha256 of that file as read; the copy holds its certificates only, re-encoded
   *     as PEM, so its own hash ({@code sha256}) differs unless the file was just that
   * @param certificates each certificate: subject, SHA-256 of its DER encoding (the fingerprint
   *     {@code openssl x509 -fingerprint -sha256} prints) and end of validity
   */
  public record TrustFile(String option, String given, String path, String sha256,
      String sourceSha256, List<TrustedCertificate> certificates) {
    public TrustFile {
      certificates = certificates == null ? List.of() : List.copyOf(certificates);
    }
  }

  /** One CA certificate of a {@link TrustFile}. */
  public record TrustedCertificate(String subject, String sha256, Instant notAfter) {}

  /**
   * Targets in scope, how many were evaluated, and why the rest were not: an auditor's first
   * question is whether the evidence covers the whole population.
   */
  public record Population(int inScope, int evaluated, int unreachable, int excluded,
      List<TargetState> targets) {
    public Population {
      targets = targets == null ? List.of() : List.copyOf(targets);
    }

    static Population of(List<TargetState> targets) {
      int evaluated = 0;
      int unreachable = 0;
      int excluded = 0;
      for (TargetState t : targets) {
        switch (t.state()) {
          case EVALUATED -> evaluated++;
          case UNREACHABLE -> unreachable++;
          case EXCLUDED -> excluded++;
        }
      }
      return new Population(targets.size(), evaluated, unreachable, excluded, targets);
    }
  }

  /**
   * The signer named before signing; the signature itself is manifest.json.p7s.
   *
   * @param certificateSha256 SHA-256 of the signer's certificate (DER), so that a key under the
   *     same name is told apart; null in bundles written before it was recorded
   */
  public record SignatureRef(String file, String format, String signer,
      String certificateSha256) {}

  /**
   * One file of the bundle, by its path relative to the bundle (forward slashes).
   *
   * @param artifact the scan.json artifact id this file holds, or null for other files
   * @param observed when that artifact's observation was made, as scan.json's artifact
   *     {@code time} says; null for other files and in bundles written before it was recorded
   * @param durationMs how long it took ({@code duration_ms}), null where not timed
   * @param reusedFrom the artifact whose answer this one is, not observed again, or null
   */
  public record FileEntry(String path, long size, String sha256, String artifact,
      @JsonInclude(JsonInclude.Include.NON_NULL) Instant observed,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long durationMs,
      @JsonInclude(JsonInclude.Include.NON_NULL) String reusedFrom,
      @JsonInclude(JsonInclude.Include.NON_NULL) BodyFile body) {
    @JsonCreator
    public FileEntry {}

    /** A file that holds no artifact, or one of a bundle before observation times. */
    public FileEntry(String path, long size, String sha256, String artifact) {
      this(path, size, sha256, artifact, null, null, null, null);
    }

    /** The file of {@code a}, with its observation's time, duration and reuse. */
    static FileEntry of(String path, byte[] bytes, dev.secaudit.model.Artifact a) {
      return new FileEntry(path, bytes.length, dev.secaudit.model.Artifact.sha256(bytes),
          a.id(), a.time(), a.durationMs(), a.reusedFrom(), null);
    }

    /** This entry, for a file of {@code bodies/}: what it holds of which exchange. */
    FileEntry withBody(BodyFile b) {
      return new FileEntry(path, size, sha256, artifact, observed, durationMs, reusedFrom, b);
    }
  }

  /**
   * What a file of {@code bodies/} holds: the response body of one HTTP exchange, whose
   * transcript ({@code artifact}) cites the digest of the bytes secaudit read. When the stored
   * bytes are those bytes, {@code sha256} of the entry equals {@code receivedSha256}; when not,
   * {@code stored} says why.
   *
   * @param artifact the transcript's artifact id
   * @param receivedSize bytes read (at most the policy's cap), as the transcript says
   * @param receivedSha256 of those bytes, as the transcript says
   * @param stored how the stored bytes differ from those read, or null when they are the same
   * @param capped why the server's body may be longer than what was read, or null
   */
  public record BodyFile(String artifact, long receivedSize, String receivedSha256,
      @JsonInclude(JsonInclude.Include.NON_NULL) String stored,
      @JsonInclude(JsonInclude.Include.NON_NULL) String capped) {}

  /** The scan contract's own JSON form (snake_case, UTC ISO-8601, sorted keys), so both agree. */
  static ObjectMapper mapper() {
    return dev.secaudit.model.ContractJson.mapper();
  }

  /** The exact bytes written (and signed): the same manifest always gives the same bytes. */
  public byte[] toBytes() {
    try {
      return (mapper().writeValueAsString(this) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A name twice in one object is refused: which hash or path is meant is not ours to pick. */
  static Manifest parse(com.fasterxml.jackson.core.JsonParser parser) throws IOException {
    parser.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    return mapper().readerFor(Manifest.class).readValue(parser);
  }
}
