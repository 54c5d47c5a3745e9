package dev.secaudit.check;

import java.util.List;
import java.util.Set;

/**
 * A check whose declarations are given once, when it is made: the ids it reports and the
 * observations it needs. What is left to write is what differs from check to check: when it
 * applies and how it judges.
 */
public abstract class DeclaredCheck implements Check {
  private final List<CheckInfo> reports;
  private final Set<Aspect> needs;

  protected DeclaredCheck(List<CheckInfo> reports, Set<Aspect> needs) {
    this.reports = List.copyOf(reports);
    this.needs = Set.copyOf(needs);
  }

  @Override
  public final List<CheckInfo> reports() {
    return reports;
  }

  @Override
  public final Set<Aspect> needs() {
    return needs;
  }
}
