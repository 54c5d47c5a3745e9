package dev.secaudit.policy;

import java.time.LocalDate;

/**
 * An accepted risk from a waiver file: findings of {@code check} on {@code target} and
 * {@code subject} (globs) that would fail, warn or error are reported as WAIVED until the end of
 * {@code expires} (UTC). Who approved it and why travel with every waived finding.
 *
 * @param source file:line:column of the waiver, for notes about it
 * @param targetOmitted the file gave no {@code target}: every target, by default, today's and
 *     any added later (validate notes it; docs/ci.md)
 */
public record Waiver(
    String id,
    String check,
    String target,
    String subject,
    String justification,
    String approver,
    LocalDate expires,
    String source,
    boolean targetOmitted) {

  /** One whose target the file gave (or a record of one, where that is not known). */
  public Waiver(String id, String check, String target, String subject, String justification,
      String approver, LocalDate expires, String source) {
    this(id, check, target, subject, justification, approver, expires, source, false);
  }

  /**
   * Whether its target is one plain name rather than a glob: only such a waiver accepts, in a
   * run with a baseline, failures the baseline did not have (docs/ci.md).
   */
  public static boolean namesOneTarget(String target) {
    return target != null && !target.isEmpty() && target.indexOf('*') < 0
        && target.indexOf('?') < 0;
  }

  /** Valid through the whole of its expiry day, in UTC, so "expires: 2026-12-31" covers New Year's Eve. */
  public boolean activeOn(LocalDate day) {
    return !day.isAfter(expires);
  }

  /**
   * Whether it accepts every check on its targets: its check glob matches every id of the
   * catalogue ({@code *}, {@code *.*}, {@code ?*}… alike: what it accepts, not how it is
   * spelled) and its subject glob every subject. See {@link
   * dev.secaudit.model.ScanResult.WaiverRecord#blanket()}.
   */
  public boolean blanket(java.util.Collection<String> checkIds) {
    return dev.secaudit.model.ScanResult.WaiverRecord.everything(subject)
        && (dev.secaudit.model.ScanResult.WaiverRecord.everything(check)
            || !checkIds.isEmpty() && checkIds.stream().allMatch(id -> Globs.matches(check, id)));
  }

  public boolean covers(String checkId, String targetName, String subjectName) {
    return Globs.matches(check, checkId) && Globs.matches(target, targetName)
        && Globs.matches(subject, subjectName);
  }
}
