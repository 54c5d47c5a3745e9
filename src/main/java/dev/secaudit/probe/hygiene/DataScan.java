package dev.secaudit.probe.hygiene;

import dev.secaudit.model.Counted;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.probe.SourceArtifact;
import dev.secaudit.probe.SourceObservation;
import dev.secaudit.probe.local.NoFiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a data_hygiene entry's files held: per file, how many of each kind were found, on which
 * lines, and a few masked samples. Nothing found is kept in clear.
 *
 * @param files every file matched, read or skipped as binary, in path order
 * @param unreadable files matched but not readable (and folders not listed)
 * @param notes what the caps and symlink loops left out
 * @param empty each glob that found no file
 */
public record DataScan(String source, String location, String failure, List<DataFile> files,
    List<FileProblem> unreadable, List<String> notes, List<NoFiles> empty, Instant time)
    implements SourceObservation {

  /** Samples kept per kind and file; line numbers kept per kind and file. */
  public static final int SAMPLES = 3;
  public static final int LINES = 20;

  public DataScan {
    files = List.copyOf(files);
    unreadable = List.copyOf(unreadable);
    notes = List.copyOf(notes);
    empty = List.copyOf(empty);
  }

  /**
   * One file: lines and bytes read, whether a cap cut it, whether it was skipped as binary, and
   * the kinds found in it.
   */
  public record DataFile(String path, int lines, long bytes, boolean truncated, boolean binary,
      List<KindCount> kinds) {
    public DataFile {
      kinds = List.copyOf(kinds);
    }
  }

  /** How often a kind was found in a file, its first lines and its first masked samples. */
  public record KindCount(String kind, int count, List<Integer> lines, List<String> samples) {
    public KindCount {
      lines = List.copyOf(lines);
      samples = List.copyOf(samples);
    }
  }

  public String artifactId() {
    return SourceArtifact.DATA_SCAN.id(source);
  }

  @Override
  public List<Artifact> artifacts() {
    List<String> out = new ArrayList<>();
    out.add("location: " + location);
    int found = 0;
    for (DataFile f : files) {
      out.add(f.path() + ": " + (f.binary() ? "binary, skipped" : f.lines() + " lines, "
          + f.bytes() + " bytes" + (f.truncated() ? " (cut at the byte cap)" : "")));
      for (KindCount k : f.kinds()) {
        found += k.count();
        out.add("  " + k.kind() + ": " + k.count() + " on lines " + k.lines() + "; samples "
            + String.join(", ", k.samples()));
      }
    }
    unreadable.forEach(u -> out.add("unreadable: " + u.path() + " (" + u.why() + ")"));
    empty.forEach(e -> out.add("no file: " + e.place() + " (" + e.why() + ")"));
    notes.forEach(n -> out.add("note: " + n));
    return List.of(Artifact.of(artifactId(), source, ArtifactKind.Known.DATA_SCAN, time,
        Counted.of(files.size(), "file") + ", " + Counted.of(found, "value")
            + " found (masked)", String.join("\n", out)));
  }
}
