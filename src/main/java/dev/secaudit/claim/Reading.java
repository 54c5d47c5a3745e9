package dev.secaudit.claim;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the reader made of one sentence. A reading is partial when a word that may change the
 * condition was not understood, an amount did not fit, or a part stayed too vague; a partial
 * reading never yields "Yes".
 *
 * @param anyOf the parts are alternatives ("SSO or MFA"); otherwise all must hold
 * @param question the sentence asks rather than states
 * @param documentRequest it asks for a document (a report, a certificate) to be provided
 * @param unread what was not understood, as written, with why where it helps
 */
public record Reading(String sentence, List<ClaimPart> parts, boolean anyOf, boolean question,
    boolean documentRequest, List<String> unread) {

  public Reading {
    parts = List.copyOf(parts);
    unread = List.copyOf(unread);
  }

  public boolean partial() {
    return !unread.isEmpty() || parts.isEmpty()
        || parts.stream().anyMatch(p -> p.topic().isAbstract());
  }

  /** Why the reading is partial, in words a reviewer can act on; empty when it is whole. */
  public String whyPartial() {
    if (parts.isEmpty()) {
      return "no topic of the claim vocabulary was recognised";
    }
    List<String> why = new java.util.ArrayList<>();
    parts.stream().filter(p -> p.topic().isAbstract())
        .forEach(p -> why.add("'" + p.topic().title() + "' is too vague alone"));
    if (!unread.isEmpty()) {
      why.add("not read: " + unread.stream().map(u -> u.contains("'") ? u : "'" + u + "'")
          .collect(Collectors.joining(", ")));
    }
    return String.join("; ", why);
  }

  public String describe() {
    return parts.stream().map(ClaimPart::describe)
        .collect(Collectors.joining(anyOf ? " OR " : " AND "));
  }
}
