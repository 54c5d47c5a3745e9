package dev.secaudit.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a waiver file ({@code --waivers}) with the same care as a policy: every mistake names
 * file:line:column and the field, unknown keys get a "did you mean", and all problems are listed
 * at once. It runs before anything is probed, so a broken waiver file costs no scan.
 */
public final class WaiverLoader {
  /** Waivers are hand-written; anything larger is a wrong path. */
  public static final long MAX_BYTES = 1024 * 1024;

  private static final String ID = "[A-Za-z0-9][A-Za-z0-9._-]*";
  private static final String DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}";

  private final Set<String> knownCheckIds;

  /** @param knownCheckIds every check id, so a waiver that can never match is caught early */
  public WaiverLoader(Set<String> knownCheckIds) {
    this.knownCheckIds = knownCheckIds;
  }

  /** One entry as written; strings only, so each field's own rule can explain a bad value. */
  record Entry(String id, String check, String target, String subject, String justification,
      String approver, String expires) {}

  public List<Waiver> load(Path file) {
    return load(file.toString(), InputFile.read(file, "waiver file", MAX_BYTES,
        "Check the --waivers path; docs/ci.md#waivers describes the format"));
  }

  public List<Waiver> load(String display, byte[] bytes) {
    String text = InputFile.utf8(display, bytes, "waiver file");
    // Blank or only comments: either way no waiver, and the policy's "needs version: 1" would
    // send the reader to the wrong file format.
    SourceTree source = SourceTree.parse(display, text, "the waiver file is empty (no YAML, only"
        + " blank lines or comments); write a list of waivers (- {id, check, justification,"
        + " approver, expires}) or '[]' for none");
    JsonNode root = source.root();
    if (!root.isArray()) {
      throw new UsageException(source.positionOf("") + ": a waiver file is a list of waivers"
          + " (each '- id: ...'), not " + PolicyLoader.kind(root));
    }
    // Every type mistake in one run, as for a policy; an entry that did not bind is set aside.
    PolicyBinder.Result<Entry[]> bound = new PolicyBinder(source)
        .bind(root, Entry[].class, Set.of(), pointer -> false);
    Problems problems = new Problems(source, bound);
    if (bound.value() == null) {
      throw new UsageException(problems.report());
    }
    Entry[] entries = bound.value();
    List<Waiver> out = new ArrayList<>();
    Map<String, Integer> firstIndex = new HashMap<>();
    for (int i = 0; i < entries.length; i++) {
      Entry e = entries[i];
      String at = "/" + i;
      if (e == null) {
        problems.add(at, "an empty entry; write {id, check, justification,"
            + " approver, expires}");
        continue;
      }
      int before = problems.found();
      if (blank(e.id())) {
        problems.add(at, "missing 'id' (a short name such as W-12, shown in"
            + " every waived finding)");
      } else if (!e.id().matches(ID)) {
        problems.add(at + "/id", "'" + e.id() + "' is not a valid id (letters,"
            + " digits, '.', '_', '-')");
      } else if (firstIndex.putIfAbsent(e.id(), i) != null) {
        problems.add(at + "/id", "duplicate id '" + e.id() + "' (first at line "
            + source.positionOf(bound.original("/" + firstIndex.get(e.id()) + "/id")).line()
            + ")");
      }
      if (blank(e.check())) {
        problems.add(at, "missing 'check' (a check id or glob such as"
            + " cookie.* ; see 'secaudit checks')");
      } else if (knownCheckIds.stream().noneMatch(id -> Globs.matches(e.check(), id))) {
        problems.add(at + "/check", "'" + e.check() + "' matches no check id"
            + Suggestions.didYouMean(e.check(), knownCheckIds) + "; list them with 'secaudit"
            + " checks'");
      }
      if (e.target() != null && e.target().isBlank()) {
        problems.add(at + "/target", "empty; leave it out to mean every target");
      }
      if (blank(e.justification())) {
        problems.add(at, "missing 'justification' (why the risk is accepted;"
            + " auditors read it)");
      }
      if (blank(e.approver())) {
        problems.add(at, "missing 'approver' (who accepted the risk)");
      }
      LocalDate expires = null;
      if (blank(e.expires())) {
        problems.add(at, "missing 'expires' (YYYY-MM-DD; a waiver without an"
            + " end date is a permanent exception)");
      } else {
        try {
          if (!e.expires().matches(DATE)) {
            throw new DateTimeParseException("not YYYY-MM-DD", e.expires(), 0);
          }
          expires = LocalDate.parse(e.expires());
        } catch (DateTimeParseException x) {
          problems.add(at + "/expires", "'" + e.expires() + "' is not a date;"
              + " write YYYY-MM-DD such as 2026-12-31");
        }
      }
      if (problems.found() == before) {
        out.add(new Waiver(e.id(), e.check(), e.target() == null ? "*" : e.target(),
            e.subject() == null ? "*" : e.subject(), e.justification(), e.approver(), expires,
            source.positionOf(bound.original(at)).toString(), e.target() == null));
      }
    }
    if (!problems.isEmpty()) {
      throw new UsageException(problems.report());
    }
    return List.copyOf(out);
  }

  /**
   * The file's problems: type mistakes from binding, then each rule's, leaving out a rule's
   * complaint that only restates a type mistake ("missing 'expires'" after a bad expires).
   */
  private static final class Problems {
    private final SourceTree source;
    private final PolicyBinder.Result<?> bound;
    private final List<PolicyMistake> shown = new ArrayList<>();
    private int found;

    Problems(SourceTree source, PolicyBinder.Result<?> bound) {
      this.source = source;
      this.bound = bound;
      for (PolicyMistake m : bound.mistakes()) {
        shown.add(m.field().startsWith("[")
            ? new PolicyMistake(m.at(), "waivers" + m.field(), m.message()) : m);
      }
    }

    /** @param boundPointer where in the bound entries; dropped entries shift the later ones */
    void add(String boundPointer, String message) {
      found++;
      String pointer = bound.original(boundPointer);
      if (!bound.followsFromMistake(pointer, message)) {
        shown.add(new PolicyMistake(source.positionOf(pointer),
            "waivers" + SourceTree.display(pointer), message));
      }
    }

    /** Problems found by the rules, shown or not: an entry with any is not turned into a waiver. */
    int found() {
      return found;
    }

    boolean isEmpty() {
      return shown.isEmpty();
    }

    String report() {
      List<PolicyMistake> sorted = new ArrayList<>(shown);
      java.util.Collections.sort(sorted);
      StringBuilder sb = new StringBuilder();
      for (PolicyMistake m : sorted) {
        sb.append(sb.length() > 0 ? "\n" : "").append(m);
      }
      return sb.toString();
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
