package dev.secaudit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.model.ContractJson;
import dev.secaudit.model.ScanResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;

/**
 * The JSON form of a ScanResult: the public, versioned contract (docs/scan-json.md). Field names
 * are snake_case, times ISO-8601 UTC, and the output is byte-for-byte the same for the same
 * result, so scans diff cleanly.
 */
public final class ScanJson {
  private ScanJson() {}

  /** The mapper of the JSON contract, shared with the evidence manifest. */
  public static ObjectMapper mapper() {
    return ContractJson.mapper();
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

  /**
   * The largest scan.json read. It is read as a stream ({@link ScanReader}), so the cap guards
   * against a wrong path (a disk image, a log), not memory: a million findings stay below it.
   */
  public static final long MAX_BYTES = 2L * 1024 * 1024 * 1024;

  /** Reads a scan written by this or an older version with the same major schema. */
  public static ScanResult read(Path file) {
    try (ScanReader scan = ScanReader.open(file)) {
      return scan.readAll();
    }
  }

  /** Reads a scan from its bytes; {@code file} names it in messages. */
  public static ScanResult read(String file, byte[] bytes) {
    try (ScanReader scan = ScanReader.of(file, bytes)) {
      return scan.readAll();
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
