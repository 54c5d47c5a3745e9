package dev.secaudit.check;

import dev.secaudit.model.Finding;
import dev.secaudit.probe.SourceObservations;
import java.util.List;

/**
 * A check that judges local sources (repositories, directories, configs, command outputs) rather
 * than targets. Still pure: observations in, findings out; findings are built with
 * {@code policyContext.forSource(name)} so they carry the source's name as their target.
 */
public interface OnSources {
  List<Finding> evaluateSources(CheckContext policyContext, SourceObservations sources);
}
