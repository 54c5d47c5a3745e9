package dev.secaudit.evidence;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ResponseBodyCopy;
import dev.secaudit.policy.EffectivePolicy;
import dev.secaudit.model.ScanResult;
import dev.secaudit.policy.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the evidence bundle of one run into a folder an auditor can take away: every artifact
 * as its own file (the redacted content exactly as in scan.json), scan.json, a copy of the policy
 * with the built-in profiles it extends and the policy they make together, the CA certificates
 * the run trusted, the response bodies its transcripts cite, and a manifest with the SHA-256 and
 * size of each, optionally signed (manifest.json.p7s). Every digest the manifest gives is of
 * bytes the bundle holds, so it can be recomputed without secaudit.
 *
 * <p>A bundle is never written over: the folder must be missing or empty, so evidence once
 * handed out cannot be silently replaced by a later run.
 */
public final class EvidenceBundle {
  public static final String SCAN_FILE = "scan.json";
  public static final String ARTIFACTS_DIR = "artifacts";
  public static final String POLICY_DIR = "policy";
  /** The built-in profiles the policy extends, as this version ships them. */
  public static final String PROFILES_DIR = "extends";
  /** The profiles and the policy merged: what the scan bound. */
  public static final String EFFECTIVE_FILE = "effective-policy.json";
  public static final String TRUST_DIR = "trust";
  public static final String BODIES_DIR = "bodies";

  private EvidenceBundle() {}

  /** Checked before probing, so a folder that already holds evidence costs no scan. */
  public static void requireWritable(Path dir) {
    if (Files.isRegularFile(dir)) {
      throw new UsageException("--evidence: " + dir + " is a file; give a folder that is missing"
          + " or empty");
    }
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        if (s.findAny().isPresent()) {
          throw new UsageException("--evidence: " + dir + " is not empty; evidence bundles are"
              + " never overwritten, give a new folder (e.g. one per run id or date)");
        }
      } catch (IOException e) {
        throw new UsageException("--evidence: cannot read " + dir + ": " + e.getMessage());
      }
    }
  }

  /** The policy file's bytes, read before probing and checked against the hash the run records. */
  public static byte[] readPolicy(Path file, String expectedSha256) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (!Artifact.sha256(bytes).equals(expectedSha256)) {
        throw new UsageException("--evidence: " + file + " changed while secaudit was reading it;"
            + " run the scan again");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new UsageException("--evidence: " + file + ": no such file");
    } catch (IOException e) {
      throw new UsageException("--evidence: cannot read " + file + ": " + e.getMessage());
    }
  }

  /**
   * Writes the bundle and returns its manifest.
   *
   * @param scanJson the exact bytes of scan.json as the reports wrote it
   * @param policyName the policy's file name as given to the scan
   * @param signer signs manifest.json, or null for an unsigned bundle
   */
  public static Manifest write(Path dir, ScanResult scan, byte[] scanJson, String policyName,
      byte[] policy, ManifestSigner signer) throws IOException {
    return write(dir, scan, scanJson, policyName, PolicyCopy.exact(policy), signer);
  }

  /**
   * The policy as the bundle holds it.
   *
   * @param bytes the copy written to the bundle
   * @param sha256 the SHA-256 of the file the scan read (the one its reports cite)
   * @param masked why the copy is not that file byte for byte, or null when it is
   * @param resolved the profiles the copy extends and the policy they make with it, or null
   *     when it extends none
   */
  public record PolicyCopy(byte[] bytes, String sha256, String masked,
      EffectivePolicy.Resolved resolved) {
    public PolicyCopy(byte[] bytes, String sha256, String masked) {
      this(bytes, sha256, masked, null);
    }

    public static PolicyCopy exact(byte[] policy) {
      return new PolicyCopy(policy, Artifact.sha256(policy), null);
    }

    /** The same copy with the profiles it extends resolved as this version ships them. */
    public PolicyCopy resolvedAs(String display) {
      return new PolicyCopy(bytes, sha256, masked, EffectivePolicy.ofBuiltIns(display,
          new String(bytes, StandardCharsets.UTF_8)));
    }
  }

  /**
   * What the run used or read beside the policy that an auditor needs to check its verdicts
   * again: the CA certificates it trusted, and the response bodies its transcripts cite.
   */
  public record RunMaterial(List<TrustedCaCopy> trust, List<ResponseBodyCopy> bodies) {
    public static final RunMaterial NONE = new RunMaterial(List.of(), List.of());

    public RunMaterial {
      trust = List.copyOf(trust);
      bodies = List.copyOf(bodies);
    }
  }

  /** Writes the bundle with {@code policy} as its copy of the policy; returns its manifest. */
  public static Manifest write(Path dir, ScanResult scan, byte[] scanJson, String policyName,
      PolicyCopy policy, ManifestSigner signer) throws IOException {
    return write(dir, scan, scanJson, policyName, policy, RunMaterial.NONE, signer);
  }

  /** As above, with what the run used beside the policy; returns the manifest. */
  public static Manifest write(Path dir, ScanResult scan, byte[] scanJson, String policyName,
      PolicyCopy policy, RunMaterial material, ManifestSigner signer) throws IOException {
    requireWritable(dir);
    Files.createDirectories(dir);
    // Path → (bytes, artifact id); sorted by path so the manifest lists files the same way each time.
    Map<String, byte[]> contents = new LinkedHashMap<>();
    Map<String, Artifact> artifactOf = new LinkedHashMap<>();
    for (Artifact a : scan.artifacts()) {
      String path = ARTIFACTS_DIR + "/" + fileName(a.id()) + ".txt";
      if (contents.containsKey(path)) {
        throw new IllegalStateException("two artifacts share the id " + a.id());
      }
      contents.put(path, a.content().getBytes(StandardCharsets.UTF_8));
      artifactOf.put(path, a);
    }
    contents.put(SCAN_FILE, scanJson);
    String policyPath = POLICY_DIR + "/" + fileName(policyName);
    contents.put(policyPath, policy.bytes());
    List<Manifest.ProfileFile> profiles = new ArrayList<>();
    Manifest.EffectiveFile effective = null;
    if (policy.resolved() != null) {
      for (EffectivePolicy.Profile p : policy.resolved().profiles()) {
        String path = PROFILES_DIR + "/" + fileName(p.name()) + ".yaml";
        contents.put(path, p.bytes());
        profiles.add(new Manifest.ProfileFile(p.name(), path, p.sha256(), p.resource()));
      }
      contents.put(EFFECTIVE_FILE, policy.resolved().effective());
      effective = new Manifest.EffectiveFile(EFFECTIVE_FILE,
          Artifact.sha256(policy.resolved().effective()), "the profiles of policy.profiles"
              + " merged in that order, then " + policyPath + " over them, as secaudit merges"
              + " them (mappings key by key, anything else, lists included, replaced by the"
              + " later); ${env:NAME} references stay as written",
          policy.masked() == null ? null : "credentials written in the policy file are "
              + dev.secaudit.model.Redactor.MASK + " here, as in " + policyPath);
    }
    List<Manifest.TrustFile> trust = new ArrayList<>();
    for (TrustedCaCopy ca : material.trust()) {
      String path = TRUST_DIR + "/" + ca.fileName();
      byte[] pem = ca.pem();
      contents.put(path, pem);
      trust.add(new Manifest.TrustFile(ca.option(), ca.given(), path, Artifact.sha256(pem),
          ca.sourceSha256(), ca.described()));
    }
    Map<String, Manifest.BodyFile> bodyOf = new LinkedHashMap<>();
    for (ResponseBodyCopy b : material.bodies()) {
      String path = BODIES_DIR + "/" + fileName(b.artifact()) + ".body";
      if (contents.containsKey(path)) {
        throw new IllegalStateException("two response bodies of the exchange " + b.artifact());
      }
      contents.put(path, b.bytes());
      bodyOf.put(path, new Manifest.BodyFile(b.artifact(), b.receivedSize(), b.receivedSha256(),
          b.stored(), b.capped()));
    }

    List<Manifest.FileEntry> entries = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : contents.entrySet()) {
      Path file = dir.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, e.getValue());
      Artifact a = artifactOf.get(e.getKey());
      Manifest.FileEntry entry = a != null ? Manifest.FileEntry.of(e.getKey(), e.getValue(), a)
          : new Manifest.FileEntry(e.getKey(), e.getValue().length,
              Artifact.sha256(e.getValue()), null);
      Manifest.BodyFile body = bodyOf.get(e.getKey());
      entries.add(body == null ? entry : entry.withBody(body));
    }
    entries.sort(Comparator.comparing(Manifest.FileEntry::path));
    Manifest manifest = new Manifest(Manifest.SCHEMA, scan.run().tool(),
        scan.run().toolVersion(), scan.run().id(), scan.run().commandLine(),
        scan.run().started(), scan.run().finished(),
        new Manifest.PolicyFile(policyName, policyPath, policy.sha256(), policy.masked(),
            profiles, effective),
        Manifest.Population.of(scan.targets()),
        signer == null ? null : new Manifest.SignatureRef(Manifest.SIGNATURE_FILE_NAME,
            "CMS detached, SHA-256 (RFC 5652)", signer.signer(),
            signer.certificateSha256()),
        entries, trust);
    byte[] bytes = manifest.toBytes();
    Files.write(dir.resolve(Manifest.FILE_NAME), bytes);
    if (signer != null) {
      Files.write(dir.resolve(Manifest.SIGNATURE_FILE_NAME),
          signer.sign(bytes, scan.run().finished()));
    }
    return manifest;
  }

  /**
   * A file name for any artifact id or policy name that is the same on every file system and
   * maps back to one id only: letters, digits, '_', '-' and '.' stay (a leading '.' does not, so
   * no file is hidden), every other byte is percent-encoded as in URLs ("app/page-1" becomes
   * "app%2Fpage-1").
   */
  static String fileName(String id) {
    StringBuilder sb = new StringBuilder();
    byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      boolean plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
          || b == '-' || b == '_' || (b == '.' && i > 0);
      if (plain) {
        sb.append((char) b);
      } else {
        sb.append('%').append(String.format("%02X", b));
      }
    }
    return sb.length() == 0 ? "%" : sb.toString();
  }
}
