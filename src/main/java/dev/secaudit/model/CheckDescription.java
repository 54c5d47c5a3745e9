package dev.secaudit.model;

import java.util.List;

/**
 * What a report may say about a check id beyond its findings: the title, the default severity,
 * the compliance mappings, how to fix a failure and where the rule comes from. The check
 * catalogue declares these; the renderers that name rules (SARIF, the period report) are given
 * them, so they never read the catalogue themselves.
 */
public interface CheckDescription {
  String id();

  String title();

  Severity severity();

  List<Mapping> mappings();

  String remediation();

  String reference();
}
