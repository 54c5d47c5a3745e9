package dev.secaudit.policy;

import dev.secaudit.model.Redactor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials the policy file holds as written rather than through {@code ${env:NAME}}: the
 * values of the request headers the redactor calls secret (targets' and flows'), and flow form
 * fields named like a password or token. The scan still sends them (a valid policy), but the file
 * is usually committed, and the evidence bundle's copy of it is handed to auditors: validate and
 * scan note each one, and the bundle's copy masks them (a blind review found a live API token
 * there). Read from the file as written, before ${env:} expansion, so only what is literally in
 * the file counts.
 */
public final class LiteralCredentials {
  private static final Pattern WHERE = Pattern.compile(
      "/targets/\\d+/request_headers/[^/]+|/flows/\\d+/(steps|expect)/\\d+/request/(headers|form)"
          + "/[^/]+");
  /** References the scan fills in itself: ${env:NAME} and a flow's {{capture}}. */
  private static final Pattern FILLED = Pattern.compile("\\$\\{env:[^}]*\\}|\\{\\{[^}]*\\}\\}");
  /** A shell's $NAME or ${NAME}, which secaudit sends as written ($$ is the policy's escape). */
  private static final Pattern SHELL = Pattern.compile(
      "(?<!\\$)\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)\\}|([A-Za-z_][A-Za-z0-9_]*))");
  private static final Pattern SECRET_FIELD = Pattern.compile(
      "(?i).*(pass|secret|token|otp|api.?key|credential).*");

  /**
   * One credential in the file.
   *
   * @param shellName the NAME of a {@code $NAME} it holds instead of a credential, else null
   * @param values what the file holds literally, for masking its copy
   */
  public record Found(String pointer, SourceTree.Position position, String shellName,
      List<String> values) {
    public String note() {
      String at = position + ": " + SourceTree.display(pointer) + ": ";
      if (shellName != null) {
        return at + "'$" + shellName + "' is sent as written (secaudit reads the environment only"
            + " through ${env:NAME}); did you mean ${env:" + shellName + "}?";
      }
      return at + "a credential written in the file; use ${env:NAME} so it stays out of the"
          + " repository (an evidence bundle's copy of the policy masks it)";
    }
  }

  private LiteralCredentials() {}

  /** Every literal credential and shell-style variable of the file, in file order. */
  public static List<Found> of(SourceTree source) {
    List<Found> out = new ArrayList<>();
    source.eachField((pointer, key, value) -> {
      if (value.isTextual() && WHERE.matcher(pointer).matches()) {
        Found f = found(source, pointer, key, value.asText());
        if (f != null) {
          out.add(f);
        }
      }
    });
    return out;
  }

  public static List<String> notes(SourceTree source) {
    return of(source).stream().map(Found::note).toList();
  }

  /**
   * The file's text with every literal credential masked as the redactor masks it everywhere
   * else, or null when the file holds none (its copy is then the file byte for byte).
   */
  public static String masked(SourceTree source, String text) {
    Set<String> values = new LinkedHashSet<>();
    of(source).forEach(f -> values.addAll(f.values()));
    Redactor redactor = new Redactor(values);
    if (redactor.secrets().isEmpty()) {
      return null;
    }
    String out = redactor.text(quoted(source, text));
    return out.equals(text) ? null : out;
  }

  /**
   * {@code text} with each unquoted credential that opens its value put in double quotes, so that
   * masked it reads {@code "[REDACTED]"}, a text: unquoted, {@code password: [REDACTED]} is a
   * list, and the copy no longer says what the file said (the effective policy merged from it
   * showed the list). Later values first, so earlier positions stay where the parser put them.
   */
  private static String quoted(SourceTree source, String text) {
    List<Found> found = new ArrayList<>(of(source));
    java.util.Collections.reverse(found);
    StringBuilder sb = new StringBuilder(text);
    for (Found f : found) {
      int at = offset(text, f.position());
      for (String v : f.values()) {
        if (at >= 0 && text.startsWith(v, at) && sb.charAt(at) != '"' && sb.charAt(at) != '\'') {
          String value = source.root().at(f.pointer()).asText();
          if (text.startsWith(value, at)) {
            sb.insert(at + value.length(), '"').insert(at, '"');
          }
          break;
        }
      }
    }
    return sb.toString();
  }

  /** The index in {@code text} of a 1-based line and column, or -1. */
  private static int offset(String text, SourceTree.Position p) {
    int index = 0;
    for (int line = 1; line < p.line(); line++) {
      index = text.indexOf('\n', index) + 1;
      if (index == 0) {
        return -1;
      }
    }
    int at = index + p.column() - 1;
    return at < text.length() ? at : -1;
  }

  private static Found found(SourceTree source, String pointer, String name, String value) {
    Matcher shell = SHELL.matcher(FILLED.matcher(value).replaceAll(""));
    if (shell.find()) {
      String var = shell.group(1) != null ? shell.group(1) : shell.group(2);
      return new Found(pointer, source.positionOf(pointer), var, List.of());
    }
    List<String> literal = new ArrayList<>();
    if (pointer.contains("/form/")) {
      if (SECRET_FIELD.matcher(name).matches()) {
        literal.add(value.trim());
      }
    } else {
      literal.addAll(Redactor.secretsOf(name, value));
      // "Bearer tok": mask the credentials, keep the scheme word a reader needs.
      if (literal.size() > 1 && literal.get(0).endsWith(" " + literal.get(1))) {
        literal.remove(0);
      }
    }
    literal.removeIf(v -> v.isBlank() || FILLED.matcher(v).find());
    return literal.isEmpty() ? null
        : new Found(pointer, source.positionOf(pointer), null, List.copyOf(literal));
  }
}
