package dev.secaudit.scan;

import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.check.subprocessors.SubprocessorsCheck;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ProcessingRecord;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.Subprocessors;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The records of processing of a run: each declared subprocessor with what the policy says of it
 * and where the scan saw it. "Where seen" comes from the run's own passing verdicts that tie a
 * page, a manifest line or a DNS record to that declared entry (their policy pointer names it),
 * so the table never claims a sighting no finding backs.
 */
final class ProcessingRecords {
  /** The checks whose PASS on a declared entry means "seen here", and how to name the place. */
  private static final Set<String> SIGHTINGS = Set.of("subprocessors.undeclared",
      "subprocessors.dependencies", "subprocessors.dns");

  private ProcessingRecords() {}

  /** @param redact applied to the policy's free text, as claims' statements are */
  static List<ProcessingRecord> of(Policy policy, List<Finding> findings,
      java.util.function.UnaryOperator<String> redact) {
    if (policy.subprocessors() == null) {
      return List.of();
    }
    List<Subprocessors.Subprocessor> declared = policy.subprocessors().declared();
    List<ProcessingRecord> out = new ArrayList<>();
    for (int i = 0; i < declared.size(); i++) {
      Subprocessors.Subprocessor d = declared.get(i);
      String pointer = PolicyPointer.entry(PolicyPointer.DECLARED_VENDORS, i);
      Set<String> where = new LinkedHashSet<>();
      for (Finding f : findings) {
        if (f.status() == Status.PASS && SIGHTINGS.contains(f.checkId())
            && pointer.equals(f.policyPointer())) {
          // A manifest's vendor is named by its subject, the vendor; the line shows where.
          where.add(f.target() + ": " + (f.checkId().equals("subprocessors.undeclared")
              ? "pages" : f.location() != null ? f.location().at() : f.subjectAtLine()));
        }
      }
      String dpa = d.dpa() == null ? "" : d.dpa().url() != null ? d.dpa().url()
          : d.dpa().inPlace() ? "yes" : "no";
      out.add(new ProcessingRecord(redact.apply(d.name()), redact(redact, d.purpose()),
          d.dataCategories().stream().map(redact).toList(), redact(redact, d.location()),
          redact(redact, d.transferMechanism()), redact.apply(dpa),
          d.certifications().stream().map(redact).toList(), List.copyOf(where)));
    }
    return out;
  }

  /**
   * The records of shards of one policy: the same declared rows in the same order, each seen
   * wherever any shard saw it, in {@code population} order as one unsharded run lists them.
   */
  static List<ProcessingRecord> merge(List<List<ProcessingRecord>> shards,
      List<String> population) {
    List<ProcessingRecord> out = new ArrayList<>();
    for (List<ProcessingRecord> shard : shards) {
      for (int i = 0; i < shard.size(); i++) {
        ProcessingRecord r = shard.get(i);
        if (i >= out.size()) {
          out.add(r);
          continue;
        }
        Set<String> where = new LinkedHashSet<>(out.get(i).whereSeen());
        where.addAll(r.whereSeen());
        ProcessingRecord o = out.get(i);
        out.set(i, new ProcessingRecord(o.vendor(), o.purpose(), o.dataCategories(),
            o.location(), o.transferMechanism(), o.dpa(), o.certifications(),
            List.copyOf(where)));
      }
    }
    out.replaceAll(o -> new ProcessingRecord(o.vendor(), o.purpose(), o.dataCategories(),
        o.location(), o.transferMechanism(), o.dpa(), o.certifications(),
        SubprocessorsCheck.inPopulationOrder(o.whereSeen(), population)));
    return out;
  }

  private static String redact(java.util.function.UnaryOperator<String> redact, String s) {
    return s == null ? "" : redact.apply(s);
  }
}
