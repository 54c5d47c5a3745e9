package dev.secaudit.compliance;

/** How a requirement is covered in one scan. */
public enum Coverage {
  /** At least one automated check gave evidence. */
  AUTOMATED,
  /** No check, but a policy claim attested by an owner maps to it. */
  ATTESTED,
  /** Neither: a human must provide the evidence. */
  MANUAL
}
