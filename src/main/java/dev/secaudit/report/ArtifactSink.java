package dev.secaudit.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.secaudit.model.Artifact;
import java.io.IOException;

/**
 * Where a {@link ScanReader} hands the artifacts that follow the findings, one by one, instead
 * of a list: a fleet's scan records tens of thousands, and a report keeps of each only what it
 * shows (the CSV its digest, {@link ArtifactDigests}; the HTML its appendix row in a store,
 * {@link EvidenceStore}).
 */
interface ArtifactSink {
  /** A list of artifacts begins: a file that lists its artifacts twice is read by its last. */
  void clear();

  /** The next artifact of the list, bound and checked. */
  void add(Artifact a);

  /**
   * Reads the artifacts array the parser is at into {@code sink} (cleared first): each element
   * bound with {@code one} and its failure named ({@code artifacts[i]…}) as the list's binding
   * names it, so a refused file reads the same either way.
   *
   * @return the place of the first null element, which the list's binding would have kept for
   *     the scan to refuse, or -1
   */
  static int read(JsonParser parser, ObjectReader one, ArtifactSink sink) throws IOException {
    sink.clear();
    int firstNull = -1;
    for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
      Artifact a;
      try {
        a = one.readValue(parser);
      } catch (Exception e) {
        throw JsonMappingException.wrapWithPath(e, sink, i);
      }
      if (a != null) {
        sink.add(a);
      } else if (firstNull < 0) {
        firstNull = i;
      }
    }
    return firstNull;
  }
}
