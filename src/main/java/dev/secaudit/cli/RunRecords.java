package dev.secaudit.cli;

import dev.secaudit.model.Counted;
import dev.secaudit.evidence.EvidenceBundle;
import dev.secaudit.evidence.Manifest;
import dev.secaudit.evidence.ManifestSigner;
import dev.secaudit.evidence.TrustedCaCopy;
import dev.secaudit.model.ResponseBodyCopy;
import dev.secaudit.evidence.RunLedger;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.ScanResult;
import dev.secaudit.report.ScanJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run keeps beside its reports, prepared (and checked) before probing by
 * {@link EvidenceOptions}: an evidence bundle and/or a line in the run history.
 */
record RunRecords(Path evidence, String policyName, EvidenceBundle.PolicyCopy policy,
    ManifestSigner signer, Path history, List<TrustedCaCopy> trust, Bodies bodies) {
  static final RunRecords NONE = new RunRecords(null, null, null, null, null, List.of(), null);

  RunRecords {
    trust = trust == null ? List.of() : List.copyOf(trust);
  }

  /**
   * The response bodies the scan hands over for the bundle (after probing, masked by the run's
   * redactor); kept only when a bundle is written.
   */
  static final class Bodies implements java.util.function.Consumer<ResponseBodyCopy> {
    private final List<ResponseBodyCopy> kept = new ArrayList<>();

    @Override
    public synchronized void accept(ResponseBodyCopy body) {
      kept.add(body);
    }

    synchronized List<ResponseBodyCopy> all() {
      return List.copyOf(kept);
    }
  }

  /** The scan's parameters, keeping response bodies when a bundle will hold them. */
  dev.secaudit.scan.ScanParameters asking(dev.secaudit.scan.ScanParameters params) {
    return bodies == null ? params : params.keepingBodies(bodies);
  }

  /** Writes the bundle, then the history line (which names the bundle's manifest hash). */
  List<String> keep(ScanResult result, GateVerdict gate) throws IOException {
    List<String> said = new ArrayList<>();
    String manifestSha256 = null;
    if (evidence != null) {
      Manifest m = EvidenceBundle.write(evidence, result,
          ScanJson.toJson(result, gate).getBytes(StandardCharsets.UTF_8), policyName, policy,
          new EvidenceBundle.RunMaterial(trust, bodies == null ? List.of() : bodies.all()),
          signer);
      manifestSha256 = Artifact.sha256(m.toBytes());
      said.add("wrote evidence bundle " + evidence + " (" + Counted.of(m.files().size(), "file")
          + (signer == null ? ", unsigned" : ", signed by " + signer.signer()) + "; manifest"
          + " sha256 " + manifestSha256 + ")");
      if (policy.masked() != null) {
        said.add("the bundle's copy of the policy has the credentials written in it masked"
            + " (manifest.json policy.masked)");
      }
    }
    if (history != null) {
      String line = RunLedger.append(history, result, gate.outcome().name(), manifestSha256);
      said.add("appended run " + result.run().id() + " to history " + history + " (line sha256 "
          + Artifact.sha256(line.getBytes(StandardCharsets.UTF_8)) + ")");
    }
    return said;
  }
}
