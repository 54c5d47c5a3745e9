package dev.secaudit.cli;

import dev.secaudit.evidence.EvidenceBundle;
import dev.secaudit.evidence.ManifestSigner;
import dev.secaudit.evidence.TrustedCaCopy;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.UsageException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The scan options that keep a run for auditors: the evidence bundle, its signature and the run
 * history. Everything they name is read and checked before the first probe.
 */
final class EvidenceOptions {
  Path evidence;
  Path signKey;
  Path signCert;
  Path signP12;
  String signPassEnv;
  final HistoryOption history = new HistoryOption();

  EvidenceOptions addTo(CommandModel model) {
    model.path(v -> evidence = v, "DIR", "Write an evidence bundle into DIR (missing or empty):"
        + " every artifact as a file, scan.json, the policy and manifest.json with their SHA-256"
        + " (docs/evidence.md).", "--evidence");
    model.path(v -> signKey = v, "KEY", "PEM private key to sign manifest.json with (CMS,"
        + " manifest.json.p7s); needs --sign-cert.", "--sign-key");
    model.path(v -> signCert = v, "CERT", "PEM certificate of the --sign-key (first), optionally"
        + " followed by its chain.", "--sign-cert");
    model.path(v -> signP12 = v, "FILE", "PKCS#12 file with the signing key and certificate,"
        + " instead of --sign-key and --sign-cert.", "--sign-p12");
    model.text(v -> signPassEnv = v, "NAME", "Environment variable holding the password of"
        + " --sign-p12 or of an encrypted --sign-key (never give a password on the command"
        + " line).", "--sign-pass-env");
    history.addTo(model);
    return this;
  }

  /** Checks every option and file before probing; returns what to keep after the run. */
  RunRecords prepare(Main.Context ctx, Path policyFile, LoadedPolicy loaded) throws IOException {
    boolean signing = signKey != null || signCert != null || signP12 != null;
    if (signing && evidence == null) {
      throw new UsageException("--sign-key/--sign-cert/--sign-p12 sign an evidence bundle; add"
          + " --evidence DIR");
    }
    if (signP12 != null && (signKey != null || signCert != null)) {
      throw new UsageException("give either --sign-p12 FILE or --sign-key KEY --sign-cert CERT,"
          + " not both");
    }
    if ((signKey == null) != (signCert == null)) {
      throw new UsageException(signKey == null ? "--sign-cert needs --sign-key KEY (the private"
          + " key of that certificate)" : "--sign-key needs --sign-cert CERT (the certificate of"
          + " that key)");
    }
    if (signPassEnv != null && !signing) {
      throw new UsageException("--sign-pass-env names the password of --sign-p12 or --sign-key;"
          + " give one of them");
    }
    if (evidence == null && history.history == null) {
      return RunRecords.NONE;
    }
    EvidenceBundle.PolicyCopy policy = null;
    java.util.List<TrustedCaCopy> trust = java.util.List.of();
    ManifestSigner signer = null;
    if (evidence != null) {
      EvidenceBundle.requireWritable(evidence);
      policy = policyCopy(EvidenceBundle.readPolicy(policyFile, loaded.sha256()), loaded)
          .resolvedAs(policyFile.toString());
      trust = trusted(loaded);
      if (signP12 != null) {
        signer = ManifestSigner.fromPkcs12(signP12, signPassEnv, ctx.env())
            .requireValidAt(ctx.clock().instant());
      } else if (signKey != null) {
        signer = ManifestSigner.fromPem(signKey, signCert, signPassEnv, ctx.env())
            .requireValidAt(ctx.clock().instant());
      }
    }
    Path ledger = history.requireAppendable();
    Path name = policyFile.getFileName();
    return new RunRecords(evidence, name == null ? "policy.yaml" : name.toString(), policy,
        signer, ledger, trust, evidence == null ? null : new RunRecords.Bodies());
  }

  /**
   * The CA certificates the certificate probe trusts beside the JDK's, as the bundle keeps them:
   * the command line's --ca-file wins over the policy's ca_file, as in the scan.
   */
  static java.util.List<TrustedCaCopy> trusted(LoadedPolicy loaded) {
    if (loaded.caFile() != null) {
      return java.util.List.of(TrustedCaCopy.read(TrustedCaCopy.COMMAND_LINE,
          TrustedCaCopy.COMMAND_LINE, loaded.caFile().toString(), loaded.caFile()));
    }
    dev.secaudit.policy.Tls tls = loaded.policy().tls();
    String caFile = tls == null ? null : tls.certificate().caFile();
    if (caFile == null) {
      return java.util.List.of();
    }
    String at = loaded.source().positionOf(dev.secaudit.policy.PolicyPointer.TLS_CA_FILE)
        + ": " + TrustedCaCopy.POLICY_FIELD;
    return java.util.List.of(TrustedCaCopy.read(TrustedCaCopy.POLICY_FIELD, at, caFile,
        loaded.resolve(caFile)));
  }

  /**
   * The policy as the bundle keeps it: byte for byte, unless the file holds a credential as
   * written; then the copy has it masked, since the bundle is handed to people the credential is
   * not for, and the manifest says so (the reports still cite the file's own hash).
   */
  static EvidenceBundle.PolicyCopy policyCopy(byte[] bytes, LoadedPolicy loaded) {
    String masked = dev.secaudit.policy.LiteralCredentials.masked(loaded.source(),
        new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    if (masked == null) {
      return EvidenceBundle.PolicyCopy.exact(bytes);
    }
    return new EvidenceBundle.PolicyCopy(masked.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        loaded.sha256(), "credentials written in the policy file are replaced by "
            + dev.secaudit.model.Redactor.MASK + " in this copy, so the bundle carries no secret;"
            + " sha256 is the file the scan read, the copy's own is its entry in files");
  }
}
