package dev.secaudit.check.config;

import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Location;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.policy.Policy;
import java.util.ArrayList;
import java.util.List;

/** What every config check does alike: find the entry, and turn an unreadable config into ERRORs. */
final class ConfigEntries {
  private ConfigEntries() {}

  static boolean any(Policy policy, String kind) {
    return policy.configs().stream().anyMatch(c -> kind.equals(c.kind()));
  }

  /** The JSON pointer of the configs: entry named {@code source}. */
  static String pointer(Policy policy, String source) {
    for (int i = 0; i < policy.configs().size(); i++) {
      if (policy.configs().get(i).name().equals(source)) {
        return PolicyPointer.entry(PolicyPointer.CONFIGS, i);
      }
    }
    return PolicyPointer.CONFIGS;
  }

  /**
   * One ERROR per check id for a config that could not be read or parsed: every claim it was to
   * verify is unverified. The subject is the file:line to fix.
   */
  static List<Finding> unreadable(CheckContext ctx, List<String> ids, String failureAt,
      String failure, String evidenceId) {
    List<Finding> out = new ArrayList<>();
    Location at = Location.leading(failureAt);
    String file = at != null ? at.file() : failureAt;
    for (String id : ids) {
      out.add(ctx.finding(id).subject(failureAt == null ? "config" : failureAt)
          .about(file == null ? null : new Subject(Subject.Kind.FILE, file))
          .status(Status.ERROR).expected("a config nginx or sshd would load").observed(failure)
          .evidence(List.of(evidenceId)).rule(pointer(ctx.policy(), ctx.sourceName()))
          .build());
    }
    return out;
  }
}
