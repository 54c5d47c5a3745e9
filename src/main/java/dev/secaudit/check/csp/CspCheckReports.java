package dev.secaudit.check.csp;

import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.model.Severity;
import dev.secaudit.policy.Policy;
import java.util.List;
import static dev.secaudit.check.csp.ContentSecurityPolicy.is;

/**
 * The ids {@link CspCheck} reports: what each verifies, its severity, policy section and
 * mappings, how to fix a failure and where it comes from. Kept beside the check so the check
 * reads as its logic.
 */
final class CspCheckReports {
  static final List<CheckInfo> ALL = List.of(
      CheckInfo.of("csp.header",
          "An enforced Content-Security-Policy is sent",
          Severity.MEDIUM,
          "csp",
          ControlAreas.BROWSER,
          "Send a Content-Security-Policy header (a <meta> tag cannot carry frame-ancestors,"
            + " report-uri or sandbox).",
          "CSP Level 3; MDN HTTP Observatory"),
      CheckInfo.of("csp.unsafe_inline",
          "CSP does not allow inline script or style without a"
            + " nonce or hash",
          Severity.HIGH,
          "csp",
          ControlAreas.BROWSER,
          "Remove 'unsafe-inline' from script-src; use nonces or hashes (with 'strict-dynamic').",
          "csp-evaluator: unsafe-inline"),
      CheckInfo.of("csp.unsafe_eval",
          "CSP does not allow eval()",
          Severity.MEDIUM,
          "csp",
          ControlAreas.BROWSER,
          "Remove 'unsafe-eval'; replace eval/new Function in the code.",
          "csp-evaluator: unsafe-eval"),
      CheckInfo.of("csp.unsafe_hashes",
          "CSP does not allow event-handler hashes",
          Severity.LOW,
          "csp",
          ControlAreas.BROWSER,
          "Move inline event handlers to scripts and drop 'unsafe-hashes'.",
          "CSP Level 3 'unsafe-hashes'"),
      CheckInfo.of("csp.wildcard",
          "Script, object and base sources are not wildcards,"
            + " whole schemes or hosts that serve attacker-chosen script",
          Severity.HIGH,
          "csp",
          ControlAreas.BROWSER,
          "Replace *, http:, https: and data: in script-src, object-src and base-uri with specific"
            + " origins, nonces or hashes; drop hosts that serve JSONP, old AngularJS or anyone's"
            + " files (www.google.com, ajax.googleapis.com, cdn.jsdelivr.net...) or use nonces"
            + " with 'strict-dynamic'.",
          "csp-evaluator 1.1 (npm csp_evaluator): plain wildcard,"
            + " URL schemes, allow-list bypass; bypass hosts re-derived from Weichselbaum et al.,"
            + " 'CSP Is Dead, Long Live CSP!', ACM CCS 2016 §4 and the hosts' own documentation"
            + " (JSONP callback parameter, hosted AngularJS, npm/GitHub files); a host-source with"
            + " a path is not matched (csp-evaluator matches known paths; secaudit does not guess"
            + " redirects); Flash hosts in object-src are not listed (plugins are gone); hosts"
            + " in csp-evaluator's list that secaudit has not yet re-derived from a source it can"
            + " cite (*.facebook.com, *.twimg.com) are not flagged"),
      CheckInfo.of("csp.missing_directive",
          "CSP restricts scripts, objects and the base URI",
          Severity.MEDIUM,
          "csp",
          ControlAreas.BROWSER,
          "Add script-src (or default-src), object-src 'none' and base-uri 'self'"
            + " (or 'none').",
          "csp-evaluator: missing directives; CSP Level 3 §6.1.1 fallback"
            + " lists (script-src-elem and script-src-attr each fall back to script-src, then"
            + " default-src; object-src to default-src, whose sources are then judged as the"
            + " plugins' sources, as csp-evaluator does); an object-src with an empty source"
            + " list matches nothing (CSP3 §6.7.2.5) and counts as set, where csp-evaluator 1.1.8"
            + " asks for a value"),
      CheckInfo.of("csp.nonce",
          "CSP nonces are long enough to be unguessable",
          Severity.LOW,
          "csp",
          ControlAreas.BROWSER,
          "Use a fresh random nonce of at least 8 characters (128 bits recommended) per response.",
          "csp-evaluator: nonce length"),
      CheckInfo.of("csp.insecure_source",
          "CSP sources are not plain-HTTP or IP addresses",
          Severity.LOW,
          "csp",
          ControlAreas.BROWSER,
          "Load resources over https:// from host names, not http:// or IP literals.",
          "csp-evaluator: http: / IP sources; secaudit also counts ws:// and http: in any"
            + " directive (csp-evaluator only http:// URLs), both cleartext"),
      CheckInfo.of("csp.deprecated",
          "CSP uses no deprecated or unknown directives",
          Severity.INFO,
          "csp",
          ControlAreas.BROWSER,
          "Replace deprecated directives (report-uri → report-to, reflected-xss, referrer,"
            + " plugin-types, block-all-mixed-content) and fix misspelt ones.",
          "csp-evaluator: deprecated / unknown directives"),
      CheckInfo.of("csp.strict_dynamic",
          "strict-dynamic has safe fallbacks",
          Severity.INFO,
          "csp",
          ControlAreas.BROWSER,
          "With 'strict-dynamic', keep a nonce or hash and add https: 'unsafe-inline' only as a"
            + " fallback for old browsers.",
          "csp-evaluator: strict-dynamic"),
      CheckInfo.of("csp.policy",
          "CSP meets the policy's own directive and source rules",
          Severity.MEDIUM,
          "csp",
          ControlAreas.BROWSER,
          "Add the directives the policy requires and remove the sources it"
            + " forbids.",
          "secaudit policy csp:"),
      CheckInfo.of("csp.report_only",
          "Content-Security-Policy-Report-Only, judged separately",
          Severity.INFO,
          "csp",
          ControlAreas.BROWSER,
          "A report-only policy enforces nothing: enforce it once its reports are"
            + " clean.",
          "CSP Level 3 §3.2"));

  private CspCheckReports() {}
}
