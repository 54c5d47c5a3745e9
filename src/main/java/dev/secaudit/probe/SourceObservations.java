package dev.secaudit.probe;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.TargetState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every source observation of a run, in policy order. Kinds of observation are looked up by
 * type, so a new kind of source adds a class, not a field here.
 */
public record SourceObservations(List<SourceObservation> all) {
  public static final SourceObservations NONE = new SourceObservations(List.of());

  public SourceObservations {
    all = List.copyOf(all);
  }

  public <T extends SourceObservation> List<T> of(Class<T> kind) {
    List<T> out = new ArrayList<>();
    for (SourceObservation o : all) {
      if (kind.isInstance(o)) {
        out.add(kind.cast(o));
      }
    }
    return out;
  }

  public <T extends SourceObservation> Optional<T> find(Class<T> kind, String source) {
    return of(kind).stream().filter(o -> o.source().equals(source)).findFirst();
  }

  /**
   * The sources as members of the population an auditor asks about: evaluated, or unreachable
   * with the reason. A source observed by several probes is one member, failed if any failed.
   */
  public List<TargetState> states() {
    Map<String, TargetState> out = new LinkedHashMap<>();
    for (SourceObservation o : all) {
      TargetState now = o.failure() == null
          ? new TargetState(o.source(), o.location(), TargetState.State.EVALUATED, "")
          : new TargetState(o.source(), o.location(), TargetState.State.UNREACHABLE, o.failure());
      out.merge(o.source(), now,
          (was, next) -> was.state() == TargetState.State.EVALUATED ? next : was);
    }
    return List.copyOf(out.values());
  }

  public List<Artifact> artifacts() {
    List<Artifact> out = new ArrayList<>();
    for (SourceObservation o : all) {
      out.addAll(o.artifacts());
    }
    return out;
  }
}
