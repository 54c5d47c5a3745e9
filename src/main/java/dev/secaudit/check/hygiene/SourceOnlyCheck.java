package dev.secaudit.check.hygiene;

import dev.secaudit.check.Check;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.OnSources;
import dev.secaudit.model.Finding;
import java.util.List;

/** A check that judges local sources only: it has nothing to say about a network target. */
interface SourceOnlyCheck extends Check, OnSources {
  @Override
  default List<Finding> evaluate(CheckContext ctx) {
    return List.of();
  }
}
