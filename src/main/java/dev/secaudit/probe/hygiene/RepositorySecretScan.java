package dev.secaudit.probe.hygiene;

import dev.secaudit.model.Counted;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.probe.SourceArtifact;
import dev.secaudit.probe.SourceObservation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a search of one repository for secrets saw: masked sightings in the working tree and in
 * history, and everything that limits how far the search got (files not readable, caps, no git).
 *
 * @param filesRead working-tree files read as text
 * @param binarySkipped working-tree files skipped as binary
 * @param history sightings in lines that commits added (including ones still in the tree)
 * @param historyRead whether history was read (asked for, and a git repository)
 * @param historyTruncated the commit, byte or time cap stopped the history read early
 * @param historyFailure why history could not be read, or null
 */
public record RepositorySecretScan(String source, String location, String failure,
    boolean gitRepository, int filesRead, int binarySkipped, List<Sighting> tree,
    List<FileProblem> unreadable, List<String> notes, boolean historyRead, int commitsRead,
    boolean historyTruncated, String historyFailure, List<Sighting> history, Instant time)
    implements SourceObservation {

  public RepositorySecretScan {
    tree = List.copyOf(tree);
    unreadable = List.copyOf(unreadable);
    notes = List.copyOf(notes);
    history = List.copyOf(history);
  }

  public String artifactId() {
    return SourceArtifact.SECRET_SCAN.id(source);
  }

  @Override
  public List<Artifact> artifacts() {
    if (failure != null) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    lines.add("location: " + location);
    lines.add("working tree: " + Counted.of(filesRead, "text file") + " read, " + binarySkipped
        + " binary skipped" + (gitRepository ? " (git ls-files: tracked and untracked, ignored"
        + " files excluded)" : " (plain folder walk)"));
    lines.add("history: " + (historyRead ? Counted.of(commitsRead, "commit") + " read"
        + (historyTruncated ? " (stopped at a cap)" : "") : "not read")
        + (historyFailure != null ? " (" + historyFailure + ")" : ""));
    notes.forEach(n -> lines.add("note: " + n));
    unreadable.forEach(u -> lines.add("unreadable: " + u.path() + " (" + u.why() + ")"));
    tree.forEach(s -> lines.add("tree " + s.where() + " " + s.kind() + " " + s.masked()
        + " fingerprint " + s.fingerprint()));
    history.forEach(s -> lines.add("history " + s.where() + " " + s.kind() + " " + s.masked()
        + " fingerprint " + s.fingerprint()));
    int found = tree.size() + history.size();
    return List.of(Artifact.of(artifactId(), source, ArtifactKind.Known.SECRET_SCAN, time,
        Counted.of(found, "sighting") + " (masked), " + Counted.of(filesRead, "file") + ", "
            + Counted.of(commitsRead, "commit"),
        String.join("\n", lines)));
  }
}
