package dev.secaudit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.secaudit.model.ScanResult;
import dev.secaudit.policy.UsageException;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The JSON form of a ScanResult: the public, versioned contract (docs/scan-json.md). Field names
 * are snake_case, times ISO-8601 UTC, and the output is byte-for-byte the same for the same
 * result, so scans diff cleanly.
 */
public final class ScanJson {
  private ScanJson() {}

  public static ObjectMapper mapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        // Newer secaudit versions may add fields; older readers keep working.
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }

  public static void write(ScanResult result, Writer out) throws IOException {
    mapper().writeValue(new NonClosingWriter(out), result);
    out.write('\n');
  }

  public static String toJson(ScanResult result) {
    try {
      return mapper().writeValueAsString(result) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a scan written by this or an older version with the same major schema. */
  public static ScanResult read(Path file) {
    try {
      JsonNode tree = mapper().readTree(Files.readAllBytes(file));
      if (tree == null || !tree.isObject()) {
        throw new UsageException(file + ": not a secaudit scan (expected a JSON object)");
      }
      String schema = tree.path("schema").asText("");
      String major = ScanResult.SCHEMA.substring(0, ScanResult.SCHEMA.indexOf('/') + 1)
          + ScanResult.SCHEMA.substring(ScanResult.SCHEMA.indexOf('/') + 1).split("\\.")[0];
      if (!schema.equals(major) && !schema.startsWith(major + ".")) {
        throw new UsageException(file + ": schema '" + schema + "' is not one this secaudit reads ("
            + ScanResult.SCHEMA + "); re-run the scan or use the matching secaudit version");
      }
      return mapper().treeToValue(tree, ScanResult.class);
    } catch (NoSuchFileException e) {
      throw new UsageException(file + ": no such file (write one with 'secaudit scan -o DIR')");
    } catch (JsonProcessingException e) {
      throw new UsageException(file + ":" + (e.getLocation() == null ? "" : e.getLocation().getLineNr()
          + ":" + e.getLocation().getColumnNr()) + ": not a valid scan JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UsageException(file + ": cannot read: " + e.getMessage());
    }
  }

  /** Jackson closes the writer it is given; the caller owns it. */
  private static final class NonClosingWriter extends java.io.FilterWriter {
    NonClosingWriter(Writer out) {
      super(out);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
