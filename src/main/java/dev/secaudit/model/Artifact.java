package dev.secaudit.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A raw, recorded observation that findings point at: an HTTP exchange transcript, a TLS answer, a
 * config excerpt. {@code content} is already redacted; {@code sha256} covers exactly that text, so
 * an auditor can check that the evidence was not edited after the run.
 */
public record Artifact(
    String id, String target, ArtifactKind kind, Instant time, String summary, String content,
    String sha256) {

  public static Artifact of(
      String id, String target, ArtifactKind kind, Instant time, String summary,
      String content) {
    return new Artifact(id, target, kind, time, summary, content, sha256(content));
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
