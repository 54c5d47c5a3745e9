package dev.secaudit.model;

/**
 * Where in a file the thing a finding judged is written: a directive of an nginx.conf, a line of
 * an sshd_config, a line of a log file. A line is where to look, never part of what the finding
 * is: one comment line added above it moves the line and leaves the finding the same one (see
 * {@link Finding#key()}).
 *
 * @param file the file as the finding names it (relative to the folder the probe read from)
 * @param line 1-based line in that file
 * @param path the file from the folder secaudit ran in (absolute when outside it), for CI
 *     formats that point at a repository file; empty when not known
 */
public record Location(String file, int line, String path) {
  public Location {
    path = path == null ? "" : path;
  }

  /** A subject that begins with file:line, as checks of files name what they judged. */
  private static final java.util.regex.Pattern LEADING =
      java.util.regex.Pattern.compile("(\\S+):([1-9]\\d{0,8})(\\s.*)?",
          java.util.regex.Pattern.DOTALL);

  /**
   * The file and line a subject begins with ("nginx.conf:4 location /"), or null; {@link
   * #rest(String)} is what follows them.
   */
  public static Location leading(String subject) {
    java.util.regex.Matcher m = LEADING.matcher(subject == null ? "" : subject);
    return m.matches() ? new Location(m.group(1), Integer.parseInt(m.group(2)), "") : null;
  }

  /** The subject without its leading file:line: "nginx.conf location /". */
  public static String rest(String subject) {
    java.util.regex.Matcher m = LEADING.matcher(subject);
    return m.matches() ? m.group(1) + (m.group(3) == null ? "" : m.group(3)) : subject;
  }

  /** "nginx.conf:4", as people and older secaudit versions wrote it. */
  public String at() {
    return file + ":" + line;
  }
}
