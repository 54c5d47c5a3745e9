package dev.secaudit.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A raw, recorded observation that findings point at: an HTTP exchange transcript, a TLS answer, a
 * config excerpt. {@code content} is already redacted; {@code sha256} covers exactly that text, so
 * an auditor can check that the evidence was not edited after the run.
 *
 * @param time when the observation was made (the request sent, the probing of the endpoint
 *     begun, the file read): the time every finding citing it is dated by, never when it was
 *     judged
 * @param durationMs how long the observation took, or null where the probe did not time it (a
 *     file read, a listing, a merge); since secaudit.scan/1.6
 * @param reusedFrom the id of the artifact that recorded this answer, when this one was not
 *     observed again but is that same observation cited under another id (a redirect hop that
 *     landed on a URL the scan had already fetched); its {@code time} is that observation's.
 *     Null for an observation of its own; since secaudit.scan/1.6
 */
public record Artifact(
    String id, String target, ArtifactKind kind, Instant time, String summary, String content,
    String sha256,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long durationMs,
    @JsonInclude(JsonInclude.Include.NON_NULL) String reusedFrom) {

  /** An artifact of a scan before secaudit.scan/1.6, or of an observation not timed. */
  public Artifact(String id, String target, ArtifactKind kind, Instant time, String summary,
      String content, String sha256) {
    this(id, target, kind, time, summary, content, sha256, null, null);
  }

  public static Artifact of(
      String id, String target, ArtifactKind kind, Instant time, String summary,
      String content) {
    return new Artifact(id, target, kind, time, summary, content, sha256(content));
  }

  /** An observation that began at {@code time} and took {@code millis}. */
  public static Artifact timed(
      String id, String target, ArtifactKind kind, Instant time, long millis, String summary,
      String content) {
    return new Artifact(id, target, kind, time, summary, content, sha256(content), millis, null);
  }

  /** This artifact as the same observation as the artifact {@code id}, not made again. */
  public Artifact reusing(String id) {
    return new Artifact(this.id, target, kind, time, summary, content, sha256, durationMs, id);
  }

  /** The same artifact holding {@code text}, its digest taken again. */
  public Artifact withContent(String text) {
    return new Artifact(id, target, kind, time, summary, text, text == null ? sha256
        : sha256(text), durationMs, reusedFrom);
  }

  /**
   * Which observation this is: the artifact it reuses, or its own id. Two artifacts of one
   * observation took its time once.
   */
  public String observation() {
    return reusedFrom != null ? reusedFrom : id;
  }

  public static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
