package dev.secaudit.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Instant;
import java.util.List;

/**
 * One verdict: a check applied to one target (and, where a check looks at several things on a
 * target, one subject such as a cookie name or a CSP directive).
 *
 * <p>Every finding is reproducible: it says what was expected, what was observed, when, and which
 * recorded artifacts back it. Observed values are already redacted when a finding is built.
 *
 * @param checkId stable dotted id, documented in docs/checks.md
 * @param target the policy target's name
 * @param subject what on the target was judged (cookie name, header, directive), or empty
 * @param policyPointer JSON pointer of the policy rule that asked for the check, or empty
 * @param policyLine 1-based line of that rule in the policy file, or 0 when not known
 * @param waiver the waiver that accepted this finding, or null
 * @param baseline how the finding compares with {@code --baseline}, or null without one
 * @param location where in a file what was judged is written (a config directive, a log line),
 *     or null for what was observed live; never part of the finding's identity
 */
public record Finding(
    String checkId,
    String target,
    String subject,
    Status status,
    Severity severity,
    String title,
    String expected,
    String observed,
    List<String> evidence,
    Instant time,
    List<Mapping> mappings,
    String remediation,
    String policyPointer,
    int policyLine,
    Waiver waiver,
    BaselineState baseline,
    Location location) {

  @JsonCreator
  public Finding {
    subject = subject == null ? "" : subject;
    expected = expected == null ? "" : expected;
    observed = observed == null ? "" : observed;
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    mappings = mappings == null ? List.of() : List.copyOf(mappings);
    remediation = remediation == null ? "" : remediation;
    policyPointer = policyPointer == null ? "" : policyPointer;
  }

  /** Without a location in a file. */
  public Finding(String checkId, String target, String subject, Status status, Severity severity,
      String title, String expected, String observed, List<String> evidence, Instant time,
      List<Mapping> mappings, String remediation, String policyPointer, int policyLine,
      Waiver waiver, BaselineState baseline) {
    this(checkId, target, subject, status, severity, title, expected, observed, evidence, time,
        mappings, remediation, policyPointer, policyLine, waiver, baseline, null);
  }

  /** The form every check builds: no baseline comparison yet. */
  public Finding(String checkId, String target, String subject, Status status, Severity severity,
      String title, String expected, String observed, List<String> evidence, Instant time,
      List<Mapping> mappings, String remediation, String policyPointer, int policyLine,
      Waiver waiver) {
    this(checkId, target, subject, status, severity, title, expected, observed, evidence, time,
        mappings, remediation, policyPointer, policyLine, waiver, null);
  }

  /**
   * Identity of a finding across runs: the same check on the same target and subject. The
   * subject names what was judged (a header, a cookie, a directive, a file), never a line number
   * or a position among the findings, so an edit elsewhere in a file changes no identity.
   */
  public String key() {
    return checkId + "|" + target + "|" + subject;
  }

  /**
   * Where this finding was judged, as check|target|file:line: for matching a scan of schema
   * secaudit.scan/1, whose subjects began with the line ({@link #legacyPlace()}); null for a
   * finding with no location.
   */
  public String place() {
    return location == null ? null : checkId + "|" + target + "|" + location.at();
  }

  /**
   * For a finding read from a scan of schema secaudit.scan/1 (no location; the subject begins
   * with file:line, "nginx.conf:4 location /"): check|target|file:line, what its key meant then.
   * Null for any other finding, so two current scans never match by line.
   */
  public String legacyPlace() {
    Location at = location == null ? Location.leading(subject) : null;
    return at == null ? null : checkId + "|" + target + "|" + at.at();
  }

  /**
   * The subject with the line after the file name ("nginx.conf:4 server a.example"): how a person
   * reads where to look, and the subject as scans of schema secaudit.scan/1 wrote it, which
   * waivers written then name.
   */
  public String subjectAtLine() {
    if (location == null || !subject.startsWith(location.file())) {
      return subject;
    }
    return location.at() + subject.substring(location.file().length());
  }

  public Finding withStatus(Status newStatus) {
    return new Finding(checkId, target, subject, newStatus, severity, title, expected, observed,
        evidence, time, mappings, remediation, policyPointer, policyLine, waiver, baseline, location);
  }

  public Finding withPolicyLocation(String pointer, int line) {
    return new Finding(checkId, target, subject, status, severity, title, expected, observed,
        evidence, time, mappings, remediation, pointer, line, waiver, baseline, location);
  }

  public Finding withMappings(List<Mapping> newMappings) {
    return new Finding(checkId, target, subject, status, severity, title, expected, observed,
        evidence, time, newMappings, remediation, policyPointer, policyLine, waiver, baseline,
        location);
  }

  public Finding waived(Waiver by) {
    return new Finding(checkId, target, subject, Status.WAIVED, severity, title, expected, observed,
        evidence, time, mappings, remediation, policyPointer, policyLine, by, baseline, location);
  }

  /** The same finding with a note appended to what was observed (e.g. an expired waiver). */
  public Finding withNote(String note) {
    return new Finding(checkId, target, subject, status, severity, title, expected,
        observed.isEmpty() ? note : observed + " (" + note + ")", evidence, time, mappings,
        remediation, policyPointer, policyLine, waiver, baseline, location);
  }

  public Finding withLocation(Location at) {
    return new Finding(checkId, target, subject, status, severity, title, expected, observed,
        evidence, time, mappings, remediation, policyPointer, policyLine, waiver, baseline, at);
  }

  public Finding withBaseline(BaselineState state) {
    return new Finding(checkId, target, subject, status, severity, title, expected, observed,
        evidence, time, mappings, remediation, policyPointer, policyLine, waiver, state,
        location);
  }

  /**
   * A finding against an earlier scan: NEW when that scan had no finding with the same key and
   * status, UNCHANGED when it had, RESOLVED (only in the scan's baseline section) for an earlier
   * problem that is gone.
   */
  public enum BaselineState {
    NEW,
    UNCHANGED,
    RESOLVED
  }

  /** Who accepted a failing finding, why, and until when. */
  public record Waiver(String id, String justification, String approver, String expires) {}
}
