package dev.secaudit.check;

import dev.secaudit.model.Finding;
import java.util.List;

/** A check that judges local sources only: it has nothing to say about a network target. */
public interface SourceOnlyCheck extends Check, OnSources {
  @Override
  default List<Finding> evaluate(CheckContext ctx) {
    return List.of();
  }
}
