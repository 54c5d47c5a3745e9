package dev.secaudit.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param about what kind of thing the subject is and its own name, or null when the check does
 *     not say (and in scans before secaudit.scan/1.3)
 * @param expectedValue what {@code expected} says, as data, or null when it is prose only
 * @param observedValue what {@code observed} says, as data, or null when it is prose only
 *
 * <p>Checks and the scan build findings with {@link #builder(String)}.
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
    Location location,
    @JsonInclude(JsonInclude.Include.NON_NULL) Subject about,
    @JsonInclude(JsonInclude.Include.NON_NULL) Value expectedValue,
    @JsonInclude(JsonInclude.Include.NON_NULL) Value observedValue) {

  @JsonCreator
  public Finding {
    // Bounded here as well as in the builder, so that a finding made any other way (read from a
    // scan.json, derived by the scan) is within the bound too; a bounded text stays as it is.
    subject = subject == null ? "" : BoundedText.finding(subject);
    expected = expected == null ? "" : BoundedText.finding(expected);
    observed = observed == null ? "" : BoundedText.finding(observed);
    expectedValue = BoundedText.value(expectedValue, BoundedText::finding);
    observedValue = BoundedText.value(observedValue, BoundedText::finding);
    about = about == null ? null : about.bounded(BoundedText::finding);
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    mappings = mappings == null ? List.of() : List.copyOf(mappings);
    remediation = remediation == null ? "" : remediation;
    policyPointer = policyPointer == null ? "" : policyPointer;
  }

  /** A finding with prose only, as recorded fixtures and older scans hold it. */
  public Finding(String checkId, String target, String subject, Status status, Severity severity,
      String title, String expected, String observed, List<String> evidence, Instant time,
      List<Mapping> mappings, String remediation, String policyPointer, int policyLine,
      Waiver waiver) {
    this(checkId, target, subject, status, severity, title, expected, observed, evidence, time,
        mappings, remediation, policyPointer, policyLine, waiver, null, null, null, null, null);
  }

  /** A finding of {@code checkId}, field by field; unset fields are empty or null. */
  public static Builder builder(String checkId) {
    return new Builder().checkId(checkId);
  }

  /** This finding as a builder, to make one that differs in a few fields. */
  public Builder toBuilder() {
    // The subject after what it is about: about() fills an empty subject, and an empty one
    // stays empty here.
    return new Builder().checkId(checkId).target(target).about(about).subject(subject)
        .status(status).severity(severity).title(title).expected(expected, expectedValue)
        .observed(observed, observedValue).evidence(evidence).time(time).mappings(mappings)
        .remediation(remediation).rule(policyPointer, policyLine).waiver(waiver)
        .baseline(baseline).location(location);
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

  /**
   * The title as a report shows it beside this finding: a check's title states what passing
   * looks like ("HSTS includeSubDomains is as the policy says"), which, beside a failure, would
   * say the opposite of what was found; anything but a pass (or a fact recorded) says what
   * became of it first.
   */
  public String headline() {
    String what = title == null ? checkId : title;
    return switch (status) {
      case PASS, INFO, MANUAL -> what;
      case FAIL -> "Not met: " + what;
      case WAIVED -> "Not met (waived): " + what;
      case WARN -> "Not fully met: " + what;
      case ERROR -> "Could not be checked: " + what;
      case SKIPPED -> "Not checked: " + what;
      case NOT_APPLICABLE -> "Not applicable: " + what;
    };
  }

  public Finding withStatus(Status newStatus) {
    return toBuilder().status(newStatus).build();
  }

  public Finding withPolicyLocation(String pointer, int line) {
    return toBuilder().rule(pointer, line).build();
  }

  public Finding withMappings(List<Mapping> newMappings) {
    return toBuilder().mappings(newMappings).build();
  }

  /**
   * The status the checks gave, before any waiver: what a claim is judged on. A waived finding
   * from a scan before secaudit.scan/1.5 did not record it, and counts as WARN: not verified,
   * and not said to have failed. A merge does not judge claims over such a finding at all: as
   * a WARN, a waived FAIL would gate milder than one unsharded scan gates it.
   */
  public Status judgedStatus() {
    if (status != Status.WAIVED) {
      return status;
    }
    Status was = waiver == null ? null : waiver.waivedStatus();
    return was == Status.FAIL || was == Status.ERROR ? was : Status.WARN;
  }

  /** This finding as it was judged, before any waiver: itself when it is not waived. */
  public Finding unwaived() {
    return status != Status.WAIVED ? this : toBuilder().status(judgedStatus()).waiver(null)
        .build();
  }

  public Finding waived(Waiver by) {
    return toBuilder().status(Status.WAIVED).waiver(by).build();
  }

  /** The same finding with a note appended to what was observed (e.g. an expired waiver). */
  public Finding withNote(String note) {
    // A note turns the observation into a sentence about more than the value.
    return toBuilder().observed(observed.isEmpty() ? note : observed + " (" + note + ")", null)
        .build();
  }

  public Finding withLocation(Location at) {
    return toBuilder().location(at).build();
  }

  public Finding withBaseline(BaselineState state) {
    return toBuilder().baseline(state).build();
  }

  /**
   * A finding against an earlier scan: NEW when that scan had no finding with the same key and
   * status, UNCHANGED when it had; in the scan's baseline section, RESOLVED for an earlier
   * problem that this scan judged again and found gone, NOT_SCANNED for one whose check did not
   * run on its target this time (the target or the check left the policy, or another policy was
   * scanned): nothing was observed, so nothing is said about it.
   */
  public enum BaselineState {
    NEW,
    UNCHANGED,
    RESOLVED,
    NOT_SCANNED
  }

  /**
   * Who accepted a failing finding, why, and until when.
   *
   * @param waivedStatus the status the finding had before it was waived (FAIL, WARN or ERROR):
   *     a claim is judged on what its checks found, not on the risk someone accepted, and a
   *     merge judges it again from the shards' findings; null in scans before secaudit.scan/1.5
   */
  public record Waiver(String id, String justification, String approver, String expires,
      Status waivedStatus) {
    public Waiver(String id, String justification, String approver, String expires) {
      this(id, justification, approver, expires, null);
    }
  }

  /**
   * The one way findings are made: a check's context starts one with the check's declared facts
   * ({@code CheckContext.finding}), the scan derives skipped findings from others. A value given
   * without wording puts its {@link Value#prose()} in the sentence.
   */
  public static final class Builder {
    private String checkId;
    private String target;
    private String subject;
    private Status status;
    private Severity severity;
    private String title;
    private String expected;
    private String observed;
    private List<String> evidence;
    private Instant time;
    private List<Mapping> mappings;
    private String remediation;
    private String policyPointer;
    private int policyLine;
    private Waiver waiver;
    private BaselineState baseline;
    private Location location;
    private Subject about;
    private Value expectedValue;
    private Value observedValue;
    private java.util.function.UnaryOperator<Finding> finish = f -> f;
    private java.util.function.UnaryOperator<String> mask = t -> t;

    private Builder() {}

    public Builder checkId(String id) {
      checkId = id;
      return this;
    }

    public String checkId() {
      return checkId;
    }

    public Builder target(String name) {
      target = name;
      return this;
    }

    public Builder subject(String text) {
      subject = text;
      return this;
    }

    /** The subject as data; its name is the subject's text unless one is set. */
    public Builder about(Subject what) {
      about = what;
      if (what != null && (subject == null || subject.isEmpty())) {
        subject = what.name();
      }
      return this;
    }

    public Builder status(Status s) {
      status = s;
      return this;
    }

    public Builder severity(Severity s) {
      severity = s;
      return this;
    }

    public Builder title(String t) {
      title = t;
      return this;
    }

    public Builder expected(String prose) {
      return expected(prose, null);
    }

    public Builder expected(Value value) {
      return expected(value.prose(), value);
    }

    /** What was expected in the check's words, and as data (null when it is prose only). */
    public Builder expected(String prose, Value value) {
      expected = prose;
      expectedValue = value;
      return this;
    }

    public Builder observed(String prose) {
      return observed(prose, null);
    }

    public Builder observed(Value value) {
      return observed(value.prose(), value);
    }

    /** What was observed in the check's words, and as data (null when it is prose only). */
    public Builder observed(String prose, Value value) {
      observed = prose;
      observedValue = value;
      return this;
    }

    public Builder evidence(List<String> ids) {
      evidence = ids;
      return this;
    }

    public Builder time(Instant t) {
      time = t;
      return this;
    }

    public Builder mappings(List<Mapping> m) {
      mappings = m;
      return this;
    }

    public Builder remediation(String r) {
      remediation = r;
      return this;
    }

    /** The policy rule that asked for the finding: its JSON pointer and line (0: unknown). */
    public Builder rule(String pointer, int line) {
      policyPointer = pointer;
      policyLine = line;
      return this;
    }

    /** The rule's pointer, its line to be found by {@link #finishedBy} (or 0). */
    public Builder rule(String pointer) {
      return rule(pointer, 0);
    }

    public Builder waiver(Waiver w) {
      waiver = w;
      return this;
    }

    public Builder baseline(BaselineState b) {
      baseline = b;
      return this;
    }

    public Builder location(Location at) {
      location = at;
      return this;
    }

    /**
     * How the secrets known where the finding is made are masked in a text too long to quote
     * whole, before it is cut and digested ({@link BoundedText}); the run masks every text again
     * when the scan is written.
     */
    public Builder masking(java.util.function.UnaryOperator<String> secrets) {
      mask = secrets;
      return this;
    }

    /** What {@link #build()} does last to the finding (a check's context fills in lines). */
    public Builder finishedBy(java.util.function.UnaryOperator<Finding> step) {
      finish = step;
      return this;
    }

    /**
     * The finding. Its subject, expected and observed are one line each: a line break a server
     * put in a value (a certificate's DN, a header with a bare CR) is written as its code, as
     * every other control character is, in scan.json too, so {@code jq -r} or a CI log never
     * shows the server's text as a line of its own, nor a CR overwriting what came before it.
     * Each text is then bounded ({@link BoundedText}), its secrets masked first.
     */
    public Finding build() {
      java.util.function.UnaryOperator<String> bound =
          t -> BoundedText.quoted(t, BoundedText.FINDING, mask);
      return finish.apply(new Finding(checkId, target, bound.apply(oneLine(subject)), status,
          severity, title, bound.apply(oneLine(expected)), bound.apply(oneLine(observed)),
          evidence, time, mappings, remediation, policyPointer, policyLine, waiver, baseline,
          location, about == null ? null : about.bounded(bound),
          BoundedText.value(expectedValue, bound), BoundedText.value(observedValue, bound)));
    }

    private static String oneLine(String text) {
      if (text == null || text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
        return text;
      }
      return text.replace("\r", "\\u000D").replace("\n", "\\u000A");
    }
  }
}
