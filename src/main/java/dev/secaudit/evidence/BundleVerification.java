package dev.secaudit.evidence;

import dev.secaudit.model.Counted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code secaudit evidence verify} found. The bundle is intact when no file changed, none
 * was added or removed, the manifest's own rules hold, the signature (if any) verifies and, when
 * a CA was given, the signer chains to it.
 *
 * @param changed files whose SHA-256 or size differ from the manifest
 * @param added files in the folder that the manifest does not list
 * @param removed files the manifest lists that are missing
 * @param problems anything else wrong with the manifest itself
 * @param history what the run history says of the bundle, or null when none was given
 */
public record BundleVerification(
    int listed,
    List<String> changed,
    List<String> added,
    List<String> removed,
    List<String> problems,
    Signature signature,
    BundleInHistory.Link history) {

  public BundleVerification {
    changed = List.copyOf(changed);
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    problems = List.copyOf(problems);
  }

  public BundleVerification(int listed, List<String> changed, List<String> added,
      List<String> removed, List<String> problems, Signature signature) {
    this(listed, changed, added, removed, problems, signature, null);
  }

  /** The signature check; {@code state} NONE for an unsigned bundle. */
  /** How a verdict that proves no more than that nothing changed begins. */
  public static final String INTEGRITY_ONLY = "integrity only, not authenticity";

  public record Signature(State state, String signer, String issuer, Instant signingTime,
      String detail, Trust trust) {
    public enum State {
      NONE,
      VALID,
      INVALID
    }

    static Signature none() {
      return new Signature(State.NONE, null, null, null, "the bundle is not signed", Trust.NOT_ASKED);
    }
  }

  /** Whether the signer chains to the CA file given with --ca-file. */
  public enum Trust {
    NOT_ASKED,
    TRUSTED,
    UNTRUSTED
  }

  public boolean intact() {
    return changed.isEmpty() && added.isEmpty() && removed.isEmpty() && problems.isEmpty()
        && signature.state() != Signature.State.INVALID
        && signature.trust() != Trust.UNTRUSTED
        && (history == null || history.problems().isEmpty());
  }

  /**
   * Whether the bundle is also proven to come from its signer: intact, signed, and the signer
   * chains to the CA given. An intact bundle without that proves integrity only: whoever wrote
   * the files could have written a matching manifest (and signed it with a certificate of their
   * own) too.
   */
  public boolean authentic() {
    return intact() && signature.state() == Signature.State.VALID
        && signature.trust() == Trust.TRUSTED;
  }

  /** One line per problem, then the verdict: what the CLI prints. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    changed.forEach(p -> lines.add("changed: " + p));
    added.forEach(p -> lines.add("added: " + p));
    removed.forEach(p -> lines.add("removed: " + p));
    problems.forEach(p -> lines.add("manifest: " + p));
    switch (signature.state()) {
      case NONE -> lines.add("signature: none (" + signature.detail() + ")");
      case VALID -> lines.add("signature: valid, signed by " + signature.signer() + " (issuer "
          + signature.issuer() + ")" + (signature.signingTime() == null ? ""
              : " at " + signature.signingTime()));
      case INVALID -> lines.add("signature: INVALID: " + signature.detail());
    }
    switch (signature.trust()) {
      case TRUSTED -> lines.add("signer: chains to the given CA");
      case UNTRUSTED -> lines.add("signer: does NOT chain to the given CA: " + signature.detail());
      case NOT_ASKED -> { }
    }
    if (history != null) {
      if (history.found() != null) {
        lines.add("history: " + history.found());
      }
      history.problems().forEach(p -> lines.add("history: " + p));
    }
    if (!intact()) {
      lines.add("TAMPERED: the bundle does not match its manifest"
          + (history == null ? " or signature" : ", signature or history"));
    } else if (authentic()) {
      lines.add("verified: " + Counted.doing(listed, "file", "matches", "match")
          + " the manifest, signed by a signer that chains to the given CA (integrity and"
          + " authenticity)");
    } else {
      lines.add(INTEGRITY_ONLY + ": " + Counted.doing(listed, "file", "matches", "match")
          + " the manifest, but "
          + (signature.state() == Signature.State.NONE
              ? "the bundle is unsigned: whoever wrote the files could have written the"
                  + " manifest too (sign bundles with --sign-key/--sign-cert)"
              : "the signer was not checked against a CA: anyone can sign with a certificate"
                  + " of their own (give --ca-file)"));
    }
    return lines;
  }
}
