package dev.secaudit.probe.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Locale;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;

/**
 * The OCSP response a server stapled to its handshake (RFC 6066 §8), read as far as it parses.
 * Its signature is not verified: the staple is judged for presence, status and freshness, which is
 * what a client that honours stapling needs from the server.
 *
 * @param responseStatus successful, tryLater, unauthorized, ... (RFC 6960 §4.2.1)
 * @param certStatus good, revoked or unknown for the leaf; null when the response has none
 * @param thisUpdate when the status was known to be correct; null when not parsed
 * @param nextUpdate when newer information will be available; null when the responder gave none
 * @param forLeaf the single response names the leaf's serial number
 * @param error why the staple could not be read, or null
 * @param bytes size of the DER response
 */
public record OcspStaple(
    String responseStatus,
    String certStatus,
    Instant thisUpdate,
    Instant nextUpdate,
    boolean forLeaf,
    String error,
    int bytes) {

  private static final String[] STATUS = {"successful", "malformedRequest", "internalError",
      "tryLater", "status-4", "sigRequired", "unauthorized"};

  /** Reads a stapled DER response for the certificate with {@code leafSerial}. Never throws. */
  public static OcspStaple parse(byte[] der, BigInteger leafSerial) {
    try {
      OCSPResp resp = new OCSPResp(der);
      int s = resp.getStatus();
      String status = s >= 0 && s < STATUS.length ? STATUS[s] : "status-" + s;
      if (s != OCSPResp.SUCCESSFUL) {
        return new OcspStaple(status, null, null, null, false, null, der.length);
      }
      if (!(resp.getResponseObject() instanceof BasicOCSPResp basic)) {
        return new OcspStaple(status, null, null, null, false, "not a basic OCSP response",
            der.length);
      }
      SingleResp[] singles = basic.getResponses();
      if (singles.length == 0) {
        return new OcspStaple(status, null, null, null, false, "no single response", der.length);
      }
      SingleResp pick = singles[0];
      boolean forLeaf = false;
      for (SingleResp r : singles) {
        if (r.getCertID().getSerialNumber().equals(leafSerial)) {
          pick = r;
          forLeaf = true;
          break;
        }
      }
      Object cs = pick.getCertStatus();
      String certStatus = cs == null ? "good" : cs instanceof RevokedStatus ? "revoked"
          : cs instanceof UnknownStatus ? "unknown" : cs.getClass().getSimpleName()
              .toLowerCase(Locale.ROOT);
      return new OcspStaple(status, certStatus, pick.getThisUpdate().toInstant(),
          pick.getNextUpdate() == null ? null : pick.getNextUpdate().toInstant(), forLeaf, null,
          der.length);
    } catch (IOException | OCSPException | RuntimeException e) {
      return new OcspStaple(null, null, null, null, false, "the stapled response does not parse: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), der.length);
    }
  }

  /** One line for reports and the evidence. */
  public String summary() {
    if (error != null) {
      return "stapled OCSP response (" + bytes + " bytes): " + error;
    }
    if (certStatus == null) {
      return "stapled OCSP response (" + bytes + " bytes), status " + responseStatus;
    }
    return "stapled OCSP response (" + bytes + " bytes): " + certStatus
        + (forLeaf ? "" : " (for another certificate than the leaf)")
        + ", thisUpdate " + thisUpdate + ", nextUpdate " + (nextUpdate == null ? "none" : nextUpdate);
  }
}
