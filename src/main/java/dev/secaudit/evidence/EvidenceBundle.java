package dev.secaudit.evidence;

import dev.secaudit.model.Artifact;
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
 * and a manifest with the SHA-256 and size of each, optionally signed (manifest.json.p7s).
 *
 * <p>A bundle is never written over: the folder must be missing or empty, so evidence once
 * handed out cannot be silently replaced by a later run.
 */
public final class EvidenceBundle {
  public static final String SCAN_FILE = "scan.json";
  public static final String ARTIFACTS_DIR = "artifacts";
  public static final String POLICY_DIR = "policy";

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
   */
  public record PolicyCopy(byte[] bytes, String sha256, String masked) {
    public static PolicyCopy exact(byte[] policy) {
      return new PolicyCopy(policy, Artifact.sha256(policy), null);
    }
  }

  /** Writes the bundle with {@code policy} as its copy of the policy; returns its manifest. */
  public static Manifest write(Path dir, ScanResult scan, byte[] scanJson, String policyName,
      PolicyCopy policy, ManifestSigner signer) throws IOException {
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

    List<Manifest.FileEntry> entries = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : contents.entrySet()) {
      Path file = dir.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, e.getValue());
      Artifact a = artifactOf.get(e.getKey());
      entries.add(a != null ? Manifest.FileEntry.of(e.getKey(), e.getValue(), a)
          : new Manifest.FileEntry(e.getKey(), e.getValue().length,
              Artifact.sha256(e.getValue()), null));
    }
    entries.sort(Comparator.comparing(Manifest.FileEntry::path));
    Manifest manifest = new Manifest(Manifest.SCHEMA, scan.run().tool(),
        scan.run().toolVersion(), scan.run().id(), scan.run().commandLine(),
        scan.run().started(), scan.run().finished(),
        new Manifest.PolicyFile(policyName, policyPath, policy.sha256(), policy.masked()),
        Manifest.Population.of(scan.targets()),
        signer == null ? null : new Manifest.SignatureRef(Manifest.SIGNATURE_FILE_NAME,
            "CMS detached, SHA-256 (RFC 5652)", signer.signer(),
            signer.certificateSha256()),
        entries);
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
