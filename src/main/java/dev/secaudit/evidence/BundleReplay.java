package dev.secaudit.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secaudit.model.Artifact;
import dev.secaudit.policy.EffectivePolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an auditor replays from a bundle whose files all match the manifest, done the same way:
 * the effective policy is the merge of the copy and the profiles the bundle holds, a body
 * stored as read hashes to the digest its transcript cites, and the trusted CA certificates are
 * the ones the manifest lists. Each is a place where the manifest's words and the stored bytes
 * could disagree although every hash matches (an unsigned bundle edited with care).
 */
final class BundleReplay {
  private BundleReplay() {}

  /** Every disagreement, in words; empty when the bundle replays. */
  static List<String> problems(Path root, Manifest manifest, JsonNode scan) throws IOException {
    List<String> out = new ArrayList<>();
    Map<String, Manifest.FileEntry> byPath = new HashMap<>();
    manifest.files().forEach(e -> byPath.put(e.path(), e));
    effective(root, manifest, byPath, out);
    bodies(manifest, scan, out);
    trust(root, manifest, byPath, out);
    return out;
  }

  private static void effective(Path root, Manifest manifest,
      Map<String, Manifest.FileEntry> byPath, List<String> out) throws IOException {
    Manifest.PolicyFile policy = manifest.policy();
    if (policy == null || policy.effective() == null || !byPath.containsKey(policy.path())
        || !byPath.containsKey(policy.effective().path())) {
      return;
    }
    Map<String, JsonNode> profiles = new HashMap<>();
    for (Manifest.ProfileFile p : policy.profiles()) {
      if (!listed(byPath, "profile " + p.name(), p.path(), p.sha256(), out)) {
        continue;
      }
      profiles.put(p.name(), EffectivePolicy.parse(p.path(), read(root, p.path())));
    }
    JsonNode copy = EffectivePolicy.parse(policy.path(), read(root, policy.path()));
    List<String> missing = EffectivePolicy.extendsOf(copy).stream()
        .filter(n -> !profiles.containsKey(n)).distinct().toList();
    if (!missing.isEmpty()) {
      out.add(policy.path() + " extends " + String.join(", ", missing) + ", which the bundle"
          + " does not hold");
      return;
    }
    // Read back from its JSON form: the source tree's nodes carry their places in the file,
    // which the kept file's nodes do not, and only the values are compared.
    JsonNode merged = Manifest.mapper().readTree(EffectivePolicy.json(
        EffectivePolicy.resolve(copy, profiles::get)));
    JsonNode kept = Manifest.mapper().readTree(Files.readAllBytes(
        root.resolve(policy.effective().path())));
    if (!merged.equals(kept)) {
      out.add(policy.effective().path() + " is not the merge of " + policy.path() + " over the"
          + " profiles the bundle holds");
    }
    listed(byPath, "policy.effective", policy.effective().path(), policy.effective().sha256(),
        out);
  }

  private static void bodies(Manifest manifest, JsonNode scan, List<String> out) {
    Map<String, String> transcripts = new HashMap<>();
    scan.path("artifacts").forEach(a -> transcripts.put(a.path("id").asText(),
        a.path("content").asText()));
    for (Manifest.FileEntry e : manifest.files()) {
      Manifest.BodyFile b = e.body();
      if (b == null) {
        continue;
      }
      if (b.stored() == null && !e.sha256().equals(b.receivedSha256())) {
        out.add(e.path() + " is said to be the bytes read, but its sha256 is not the"
            + " received_sha256 " + b.receivedSha256());
      }
      String transcript = transcripts.get(b.artifact());
      if (transcript == null) {
        out.add(e.path() + " is the body of " + b.artifact() + ", which scan.json does not hold");
      } else if (!transcript.contains("sha256 " + b.receivedSha256())) {
        out.add(e.path() + ": the transcript " + b.artifact() + " cites another digest than its"
            + " received_sha256 " + b.receivedSha256());
      }
    }
  }

  private static void trust(Path root, Manifest manifest, Map<String, Manifest.FileEntry> byPath,
      List<String> out) throws IOException {
    for (Manifest.TrustFile t : manifest.trust()) {
      if (!listed(byPath, "trust " + t.option(), t.path(), t.sha256(), out)) {
        continue;
      }
      List<String> held = new ArrayList<>();
      try {
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(
            new ByteArrayInputStream(Files.readAllBytes(root.resolve(t.path()))))) {
          held.add(Artifact.sha256(c.getEncoded()));
        }
      } catch (GeneralSecurityException ex) {
        out.add(t.path() + ": not PEM certificates");
        continue;
      }
      List<String> listed = t.certificates().stream().map(Manifest.TrustedCertificate::sha256)
          .toList();
      if (!held.equals(listed)) {
        out.add(t.path() + " holds other certificates than the manifest lists for "
            + t.option());
      }
    }
  }

  /**
   * Whether {@code path}, which the manifest names twice (in its own field, as {@code what}, and
   * among the files), is among the files; a different hash in the two is one more problem.
   */
  private static boolean listed(Map<String, Manifest.FileEntry> byPath, String what, String path,
      String sha256, List<String> out) {
    Manifest.FileEntry e = byPath.get(path);
    if (e == null) {
      out.add(what + ": " + path + " is not among the files");
      return false;
    }
    if (!e.sha256().equals(sha256)) {
      out.add(what + ": sha256 " + sha256 + " is not the sha256 of " + path + " it lists ("
          + e.sha256() + ")");
    }
    return true;
  }

  private static String read(Path root, String path) throws IOException {
    return new String(Files.readAllBytes(root.resolve(path)), StandardCharsets.UTF_8);
  }
}
