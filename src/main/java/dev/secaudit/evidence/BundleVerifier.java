package dev.secaudit.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.JsonFault;
import dev.secaudit.policy.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Store;

/**
 * Checks an evidence bundle against its manifest: recomputes every hash, lists what changed,
 * appeared or disappeared, and verifies the CMS signature and (optionally) the signer's chain to
 * a CA the auditor trusts. Reads only; never repairs.
 */
public final class BundleVerifier {
  private BundleVerifier() {}

  /**
   * @param caFile PEM CA certificates the signer must chain to, or null to only report who signed
   * @throws UsageException when {@code dir} is not an evidence bundle or the CA file is unreadable
   */
  public static BundleVerification verify(Path dir, Path caFile) throws IOException {
    return verify(dir, caFile, null, null);
  }

  /**
   * As above, and when {@code history} is given, the bundle must be the one its line names
   * ({@link BundleInHistory}).
   *
   * @param run the run the bundle must be (id, seq or line sha256), or null for its own run id
   */
  public static BundleVerification verify(Path dir, Path caFile, Path history, String run)
      throws IOException {
    List<X509Certificate> anchors = caFile == null ? null : readCa(caFile);
    if (!Files.isDirectory(dir)) {
      throw new UsageException(dir + ": not a folder; give the folder written by"
          + " 'secaudit scan --evidence DIR'");
    }
    Path manifestFile = dir.resolve(Manifest.FILE_NAME);
    if (!Files.isRegularFile(manifestFile)) {
      throw new UsageException(dir + ": not an evidence bundle (no " + Manifest.FILE_NAME + ")");
    }
    byte[] manifestBytes = Files.readAllBytes(manifestFile);
    Manifest manifest;
    com.fasterxml.jackson.core.JsonParser parser = null;
    try (com.fasterxml.jackson.core.JsonParser p = Manifest.mapper().createParser(manifestBytes)) {
      parser = p;
      manifest = Manifest.parse(p);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UsageException(JsonFault.placed(manifestFile.toString(), e, parser)
          + "; not an evidence manifest as 'secaudit scan --evidence' writes it");
    } catch (IOException e) {
      throw new UsageException(manifestFile + ": cannot read ("
          + e.getClass().getSimpleName() + ")");
    }
    if (manifest == null || manifest.schema() == null
        || !manifest.schema().startsWith(Manifest.SCHEMA.substring(0,
            Manifest.SCHEMA.indexOf('/') + 1))) {
      throw new UsageException(manifestFile + ": not an evidence manifest (schema '"
          + (manifest == null ? null : manifest.schema()) + "', expected " + Manifest.SCHEMA + ")");
    }
    if (!manifest.schema().equals(Manifest.SCHEMA)
        && !manifest.schema().startsWith(Manifest.SCHEMA + ".")) {
      throw new UsageException(manifestFile + ": schema '" + manifest.schema() + "' is not one"
          + " this secaudit reads (" + Manifest.SCHEMA + ")");
    }

    List<String> changed = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    Path root = dir.toAbsolutePath().normalize();
    for (Manifest.FileEntry e : manifest.files()) {
      String p = e.path();
      if (p == null || !safe(root, p)) {
        problems.add("lists a path outside the bundle: " + p);
        continue;
      }
      if (!listed.add(p)) {
        problems.add("lists " + p + " twice");
        continue;
      }
      Path file = root.resolve(p);
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        removed.add(p);
        continue;
      }
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length != e.size() || !Artifact.sha256(bytes).equals(e.sha256())) {
        changed.add(p + " (sha256 " + Artifact.sha256(bytes) + ", " + bytes.length
            + " bytes; manifest: " + e.sha256() + ", " + e.size() + " bytes)");
      }
    }
    JsonNode scan = null;
    if (changed.isEmpty() && listed.contains(EvidenceBundle.SCAN_FILE)) {
      List<String> unread = new ArrayList<>();
      scan = readScan(root.resolve(EvidenceBundle.SCAN_FILE), unread);
      problems.addAll(scan == null ? unread : crossCheck(manifest, scan));
      if (scan != null) {
        problems.addAll(replay(root, manifest, scan));
      }
    }
    if (manifest.policy() != null && manifest.policy().path() != null
        && !listed.contains(manifest.policy().path())) {
      problems.add("the policy copy " + manifest.policy().path() + " is not among the files");
    }
    if (manifest.policy() != null && manifest.policy().path() != null
        && manifest.policy().masked() == null) {
      // The manifest names the policy's hash twice (its own field and the file's entry): an
      // edit of either alone is a manifest that contradicts itself. A masked copy is not the
      // file the scan read, so only its files entry covers it.
      manifest.files().stream().filter(e -> e.path().equals(manifest.policy().path()))
          .filter(e -> !e.sha256().equals(manifest.policy().sha256())).findFirst()
          .ifPresent(e -> problems.add("policy.sha256 " + manifest.policy().sha256()
              + " is not the sha256 of " + e.path() + " it lists (" + e.sha256() + ")"));
    }

    TreeSet<String> added = new TreeSet<>();
    boolean signatureOnDisk = Files.exists(dir.resolve(Manifest.SIGNATURE_FILE_NAME),
        LinkOption.NOFOLLOW_LINKS);
    try (Stream<Path> all = Files.walk(root)) {
      for (Path f : (Iterable<Path>) all::iterator) {
        if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        String rel = root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
        if (rel.equals(Manifest.FILE_NAME) || rel.equals(Manifest.SIGNATURE_FILE_NAME)) {
          continue;
        }
        if (!listed.contains(rel)) {
          added.add(rel);
        }
      }
    }

    BundleVerification.Signature signature;
    if (manifest.signature() == null) {
      signature = signatureOnDisk
          ? new BundleVerification.Signature(BundleVerification.Signature.State.INVALID, null,
              null, null, "a " + Manifest.SIGNATURE_FILE_NAME + " is present but the manifest"
                  + " names no signer", trustNotAsked(anchors))
          : BundleVerification.Signature.none();
      if (anchors != null && signature.state() == BundleVerification.Signature.State.NONE) {
        signature = new BundleVerification.Signature(BundleVerification.Signature.State.NONE,
            null, null, null, "the bundle is not signed, but --ca-file asks for a trusted signer",
            BundleVerification.Trust.UNTRUSTED);
      }
    } else if (!signatureOnDisk) {
      removed.add(Manifest.SIGNATURE_FILE_NAME);
      signature = new BundleVerification.Signature(BundleVerification.Signature.State.INVALID,
          manifest.signature().signer(), null, null, "the manifest names signer "
              + manifest.signature().signer() + " but " + Manifest.SIGNATURE_FILE_NAME
              + " is missing", trustNotAsked(anchors));
    } else {
      signature = checkSignature(manifestBytes,
          Files.readAllBytes(dir.resolve(Manifest.SIGNATURE_FILE_NAME)), anchors,
          manifest.signature());
    }
    BundleInHistory.Link link = history == null ? null : BundleInHistory.check(history, run,
        manifest, Artifact.sha256(manifestBytes), scan);
    return new BundleVerification(manifest.files().size(), changed, List.copyOf(added), removed,
        problems, signature, link);
  }

  /**
   * The bundle's parts must tell one story: scan.json is the manifest's run, and every artifact
   * it cites is a file whose hash is the one scan.json recorded. This catches an unsigned bundle
   * whose artifact and manifest entry were edited together while scan.json was left alone.
   */
  /**
   * scan.json read strictly (a name twice is refused: two readers could see different values),
   * or null with the place it broke added to {@code problems} in plain words.
   */
  private static JsonNode readScan(Path scanFile, List<String> problems) {
    ObjectMapper json = new ObjectMapper();
    com.fasterxml.jackson.core.JsonParser parser = null;
    try (com.fasterxml.jackson.core.JsonParser p = json.createParser(scanFile.toFile())) {
      parser = p;
      p.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      JsonNode scan = json.readTree(p);
      if (scan == null || p.nextToken() != null) {
        problems.add("scan.json: not one JSON object");
        return null;
      }
      return scan;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      problems.add(JsonFault.placed("scan.json", e, parser));
    } catch (IOException e) {
      problems.add("scan.json cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    return null;
  }

  /** The replay's problems; a copy that does not parse is one more, not a failure to verify. */
  private static List<String> replay(Path root, Manifest manifest, JsonNode scan)
      throws IOException {
    try {
      return BundleReplay.problems(root, manifest, scan);
    } catch (UsageException | com.fasterxml.jackson.core.JsonProcessingException
        | ClassCastException e) {
      // ClassCastException: a copy or profile that is no mapping, which only an edit makes.
      return List.of("the effective policy cannot be merged again: a policy or profile file of"
          + " the bundle does not parse as a mapping");
    }
  }

  private static List<String> crossCheck(Manifest manifest, JsonNode scan) {
    List<String> problems = new ArrayList<>();
    if (!scan.at("/run/id").asText("").equals(String.valueOf(manifest.runId()))) {
      problems.add("run_id " + manifest.runId() + " is not scan.json's run "
          + scan.at("/run/id").asText(""));
    }
    java.util.Map<String, String> recorded = new java.util.TreeMap<>();
    java.util.Map<String, JsonNode> recordedNodes = new java.util.HashMap<>();
    scan.path("artifacts").forEach(a -> {
      recorded.put(a.path("id").asText(), a.path("sha256").asText());
      recordedNodes.put(a.path("id").asText(), a);
    });
    java.util.Map<String, String> inBundle = new java.util.TreeMap<>();
    for (Manifest.FileEntry e : manifest.files()) {
      if (e.artifact() != null) {
        inBundle.put(e.artifact(), e.sha256());
        JsonNode a = recordedNodes.get(e.artifact());
        if (a != null) {
          problems.addAll(sameObservation(e, a));
        }
      }
    }
    for (java.util.Map.Entry<String, String> r : recorded.entrySet()) {
      String file = inBundle.get(r.getKey());
      if (file == null) {
        problems.add("scan.json's artifact " + r.getKey() + " has no file");
      } else if (!file.equals(r.getValue())) {
        problems.add("artifact " + r.getKey() + " differs from the sha256 scan.json recorded");
      }
    }
    for (String id : inBundle.keySet()) {
      if (!recorded.containsKey(id)) {
        problems.add("artifact " + id + " is not in scan.json");
      }
    }
    return problems;
  }

  /**
   * Where the manifest dates an artifact (bundles since observation times), it dates it as
   * scan.json does: an auditor reads either one, and the two must not tell two times.
   */
  private static List<String> sameObservation(Manifest.FileEntry e, JsonNode a) {
    List<String> problems = new ArrayList<>();
    if (e.observed() != null && !e.observed().equals(instant(a.path("time")))) {
      problems.add("artifact " + e.artifact() + " is dated " + e.observed()
          + " in the manifest and " + a.path("time").asText("no time") + " in scan.json");
    }
    if (e.durationMs() != null && (!a.path("duration_ms").canConvertToLong()
        || a.path("duration_ms").asLong() != e.durationMs())) {
      problems.add("artifact " + e.artifact() + " took " + e.durationMs() + " ms in the manifest"
          + " and " + a.path("duration_ms").asText("no time") + " in scan.json");
    }
    if (e.reusedFrom() != null && !e.reusedFrom().equals(a.path("reused_from").asText(null))) {
      problems.add("artifact " + e.artifact() + " reuses " + e.reusedFrom() + " in the manifest"
          + " and " + a.path("reused_from").asText("nothing") + " in scan.json");
    }
    return problems;
  }

  private static java.time.Instant instant(JsonNode time) {
    try {
      return time.isTextual() ? java.time.Instant.parse(time.asText()) : null;
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static BundleVerification.Trust trustNotAsked(List<X509Certificate> anchors) {
    return anchors == null ? BundleVerification.Trust.NOT_ASKED
        : BundleVerification.Trust.UNTRUSTED;
  }

  /** {@code named}: the signer the manifest names, which must be the one that signed. */
  private static BundleVerification.Signature checkSignature(byte[] content, byte[] p7s,
      List<X509Certificate> anchors, Manifest.SignatureRef named) {
    BundleVerification.Signature.State invalid = BundleVerification.Signature.State.INVALID;
    try {
      CMSSignedData signed = new CMSSignedData(new CMSProcessableByteArray(content), p7s);
      Store<X509CertificateHolder> store = signed.getCertificates();
      Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
      if (signers.isEmpty()) {
        return new BundleVerification.Signature(invalid, null, null, null,
            "the signature file holds no signer", trustNotAsked(anchors));
      }
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      List<X509Certificate> included = new ArrayList<>();
      for (X509CertificateHolder h : store.getMatches(null)) {
        included.add(converter.getCertificate(h));
      }
      BundleVerification.Signature result = null;
      for (SignerInformation si : signers) {
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = store.getMatches(si.getSID());
        if (matches.isEmpty()) {
          return new BundleVerification.Signature(invalid, null, null, null,
              "the signer's certificate is not included", trustNotAsked(anchors));
        }
        X509Certificate cert = converter.getCertificate(matches.iterator().next());
        String who = cert.getSubjectX500Principal().getName();
        String issuer = cert.getIssuerX500Principal().getName();
        Instant when = signingTime(si);
        boolean ok;
        String why = "";
        try {
          ok = si.verify(new JcaSimpleSignerInfoVerifierBuilder().build(cert));
        } catch (CMSException e) {
          // The library's reason names its own internals; that it does not verify is the fact.
          ok = false;
          why = e.getMessage() != null && e.getMessage().contains("signingTime")
              ? ": the signer's certificate was not valid at the signingTime the signature records"
              : ": its signed attributes do not match the signature";
        }
        if (!ok) {
          return new BundleVerification.Signature(invalid, who, issuer, when,
              "the signature does not verify over manifest.json (signed by " + who + ")" + why,
              trustNotAsked(anchors));
        }
        String other = otherSigner(cert, named);
        if (other != null) {
          // A valid signature by another key than the one the manifest names: whoever re-signed
          // an edited manifest kept its signer fields, which the signature does not vouch for.
          return new BundleVerification.Signature(invalid, who, issuer, when, other,
              trustNotAsked(anchors));
        }
        if (anchors == null) {
          result = new BundleVerification.Signature(BundleVerification.Signature.State.VALID, who,
              issuer, when, "", BundleVerification.Trust.NOT_ASKED);
        } else {
          String chainProblem = chainProblem(cert, included, anchors, when);
          result = new BundleVerification.Signature(BundleVerification.Signature.State.VALID, who,
              issuer, when, chainProblem == null ? "" : chainProblem,
              chainProblem == null ? BundleVerification.Trust.TRUSTED
                  : BundleVerification.Trust.UNTRUSTED);
          if (chainProblem != null) {
            return result;
          }
        }
      }
      return result;
    } catch (CMSException | GeneralSecurityException | OperatorCreationException
        | RuntimeException e) {
      return new BundleVerification.Signature(invalid, null, null, null,
          Manifest.SIGNATURE_FILE_NAME + " is not a valid CMS signature (damaged, cut short or"
              + " not a signature secaudit wrote: it cannot be read as CMS SignedData)",
          trustNotAsked(anchors));
    }
  }

  /** How the certificate that signed is not the signer the manifest names, or null. */
  private static String otherSigner(X509Certificate cert, Manifest.SignatureRef named)
      throws GeneralSecurityException {
    String who = cert.getSubjectX500Principal().getName();
    boolean sameName;
    try {
      sameName = named.signer() != null && cert.getSubjectX500Principal().equals(
          new javax.security.auth.x500.X500Principal(named.signer()));
    } catch (IllegalArgumentException e) {
      sameName = false;
    }
    if (!sameName) {
      return "manifest.json names signer " + named.signer() + " but it was signed by " + who
          + " (issuer " + cert.getIssuerX500Principal().getName() + ")";
    }
    String sha = Artifact.sha256(cert.getEncoded());
    if (named.certificateSha256() != null && !named.certificateSha256().equals(sha)) {
      return "manifest.json names the certificate sha256 " + named.certificateSha256() + " of "
          + who + " but it was signed with another certificate of that name (sha256 " + sha
          + ", issuer " + cert.getIssuerX500Principal().getName() + ")";
    }
    return null;
  }

  private static Instant signingTime(SignerInformation si) {
    if (si.getSignedAttributes() == null) {
      return null;
    }
    Attribute a = si.getSignedAttributes().get(CMSAttributes.signingTime);
    if (a == null || a.getAttrValues().size() != 1) {
      return null;
    }
    return Time.getInstance(a.getAttrValues().getObjectAt(0)).getDate().toInstant();
  }

  /** Null when the signer chains to an anchor (at signing time), else why not. */
  private static String chainProblem(X509Certificate signer, List<X509Certificate> included,
      List<X509Certificate> anchors, Instant when) {
    if (anchors.contains(signer)) {
      return null;
    }
    try {
      Set<TrustAnchor> trust = new HashSet<>();
      anchors.forEach(c -> trust.add(new TrustAnchor(c, null)));
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(signer);
      PKIXBuilderParameters params = new PKIXBuilderParameters(trust, target);
      // Evidence outlives certificates: the question is whether the signer was trusted when it
      // signed. Revocation is not checked offline.
      params.setRevocationEnabled(false);
      if (when != null) {
        params.setDate(Date.from(when));
      }
      params.addCertStore(CertStore.getInstance("Collection",
          new CollectionCertStoreParameters(included)));
      CertPathBuilder.getInstance("PKIX").build(params);
      return null;
    } catch (java.security.cert.CertPathBuilderException e) {
      return "no chain of certificates leads from the signer to a certificate of --ca-file"
          + (when == null ? "" : " as of its signing time " + when);
    } catch (GeneralSecurityException e) {
      return "the signer's chain could not be checked against --ca-file (a CA certificate this"
          + " JDK cannot use as a trust anchor?)";
    }
  }

  private static boolean safe(Path root, String p) {
    if (p.isEmpty() || p.startsWith("/") || p.contains("\\") || p.contains("\0")) {
      return false;
    }
    for (String part : p.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return false;
      }
    }
    Path resolved = root.resolve(p).normalize();
    return resolved.startsWith(root) && !p.equals(Manifest.FILE_NAME)
        && !p.equals(Manifest.SIGNATURE_FILE_NAME);
  }

  static List<X509Certificate> readCa(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new UsageException("--ca-file: " + caFile + " holds no certificate; give a PEM"
            + " file of CA certificates");
      }
      return out;
    } catch (NoSuchFileException e) {
      throw new UsageException("--ca-file: " + caFile + ": no such file");
    } catch (IOException | GeneralSecurityException e) {
      throw new UsageException("--ca-file: cannot read CA certificates from " + caFile
          + " (expected PEM or DER X.509 certificates"
          + (e instanceof java.nio.file.AccessDeniedException ? "; permission denied" : "")
          + ")");
    }
  }
}
