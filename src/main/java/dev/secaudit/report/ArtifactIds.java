package dev.secaudit.report;

/**
 * Which artifact ids a scan recorded, for the HTML's evidence links and appendix (whether an
 * evidence id was recorded, whether an artifact is the first of its id). Asked as each artifact
 * arrives and for every row of the page's data; the ids are kept out of the heap as the page's
 * texts are ({@link TextNumbers}: 8 bytes a slot in the heap and the last ids met). Held as
 * bytes in pages with a table of offsets they took ~40 bytes an artifact, 7.8 MB of what a
 * fleet's page kept live at 854,000 findings.
 */
final class ArtifactIds implements AutoCloseable {
  private final TextNumbers ids;

  ArtifactIds() {
    this(new TextNumbers());
  }

  /** With the temporary file in {@code folder} (null: the JVM's temporary folder). */
  ArtifactIds(java.nio.file.Path folder) {
    this(new TextNumbers(folder, TextNumbers.MEMORY, ArtifactDigests::hash));
  }

  /** With the ids' table given: a test's seams. */
  ArtifactIds(TextNumbers ids) {
    this.ids = ids;
  }

  /** True when no artifact of this id was known before: the id is then remembered. */
  boolean remember(String id) {
    int next = ids.size();
    return ids.numberOf(id, next) == next;
  }

  /** Whether an artifact of this id is known. */
  boolean contains(String id) {
    return ids.find(id) >= 0;
  }

  int size() {
    return ids.size();
  }

  /** Forgets every id: a file that lists its artifacts twice is read by its last list. */
  void clear() {
    ids.clear();
  }

  @Override
  public void close() {
    ids.close();
  }
}
