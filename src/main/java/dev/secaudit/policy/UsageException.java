package dev.secaudit.policy;

/**
 * A mistake of the user's: a bad flag, a missing file, an invalid policy or waiver. The message is
 * the whole story (file, line, field, what to do) and the process exits 2 without probing.
 */
public class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
