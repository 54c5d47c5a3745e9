package dev.secaudit.report;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Subject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Where one fix is needed, read from the typed subject of its findings: a header missing on five
 * pages is one thing to do in five places, and the places are what tells those findings apart
 * (the page for a header, cookie or CSP directive; the suite, version, file or vendor for checks
 * that judge many of a kind against one expectation).
 */
final class FixPlaces {
  /** How a finding on the target's main page is listed: its subject names no page. */
  static final String MAIN_PAGE = "main page";

  /** How many places a fix lists by name; the count says how many there are in all. */
  private static final int LISTED = 4;

  private FixPlaces() {}

  /**
   * What the fix is about, as part of what makes two findings one fix: the header, cookie or
   * directive (adding CSP and adding X-Content-Type-Options are two things to do, though their
   * check, expectation and remediation are alike), the whole subject of a finding that does not
   * say what it is about, and nothing for other kinds (four weak suites are one suite list to
   * change).
   */
  static String thing(Finding f) {
    Subject about = f.about();
    if (about == null) {
      return "subject:" + f.subjectAtLine();
    }
    return named(about) ? about.kind() + ":" + about.name() : "";
  }

  /** The place of one finding of a fix: what sets it apart from the fix's other findings. */
  static String place(Finding f) {
    Subject about = f.about();
    String subject = f.subjectAtLine();
    if (about == null || about.name().isEmpty()) {
      return subject;
    }
    if (!named(about)) {
      return about.name();
    }
    int at = subject.indexOf(about.name());
    if (at < 0) {
      return subject;
    }
    String rest = (subject.substring(0, at) + " " + subject.substring(at + about.name().length()))
        .strip().replaceAll(" {2,}", " ");
    if (rest.startsWith("on ")) {
      rest = rest.substring(3).strip();
    }
    // A config directive's subject names its file; only a finding on a fetched page leaves
    // nothing once its header, cookie or directive is taken out.
    return rest.isEmpty() && f.location() == null ? MAIN_PAGE : rest.isEmpty() ? subject : rest;
  }

  /** What every place of a fix shares, shown as its subject: the header, cookie or directive. */
  static String shared(Finding first) {
    Subject about = first.about();
    return about != null && named(about) ? about.name() : "";
  }

  /** "on 5 pages: main page, /a/, /b/, /c/, …": the places of the fix shown by {@code first}. */
  static String listed(Finding first, Collection<String> places) {
    List<String> shown = new ArrayList<>();
    for (String p : places) {
      if (shown.size() == LISTED) {
        shown.add("…");
        break;
      }
      shown.add(p);
    }
    return noun(first.about(), places) + ": " + String.join(", ", shown);
  }

  private static String noun(Subject about, Collection<String> places) {
    int n = places.size();
    Subject.Kind kind = about == null ? null : about.kind();
    if (kind == Subject.Kind.URL || about != null && named(about) && places.stream()
        .allMatch(p -> p.equals(MAIN_PAGE) || p.startsWith("/"))) {
      return "on " + n + (kind == Subject.Kind.URL ? " paths" : " pages");
    }
    if (kind == null) {
      return "in " + n + " places";
    }
    return switch (kind) {
      case CIPHER_SUITE -> "for " + n + " suites";
      case PROTOCOL -> "for " + n + " versions";
      case CERTIFICATE -> "for " + n + " certificates";
      case CLAIM -> "for " + n + " claims";
      case VENDOR -> "for " + n + " vendors";
      case ENDPOINT -> "on " + n + " endpoints";
      case FILE -> "in " + n + " files";
      default -> "in " + n + " places";
    };
  }

  /** Kinds whose name says what to add or change, wherever the finding was made. */
  private static boolean named(Subject about) {
    return about.kind() == Subject.Kind.HEADER || about.kind() == Subject.Kind.COOKIE
        || about.kind() == Subject.Kind.DIRECTIVE;
  }
}
