package dev.secaudit.probe.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Undoes a Content-Encoding the server applied although secaudit asked for identity. Compressed
 * bytes judged as text would make a valid file look empty (a false FAIL), so a body is either
 * decoded, within the same size cap as a plain one, or not judged at all with why.
 */
final class BodyEncoding {
  private BodyEncoding() {}

  /**
   * The body as the server meant it.
   *
   * @param bytes the decoded body, or the bytes as received when {@code problem} is set
   * @param problem why the body could not be decoded (it is then not judged), or null
   */
  record Decoded(byte[] bytes, String problem) {}

  /** The codings applied, in the order the server applied them; identity left out. */
  static List<String> codings(List<Header> received) {
    List<String> out = new ArrayList<>();
    for (Header h : received) {
      if (!h.name().equalsIgnoreCase("Content-Encoding")) {
        continue;
      }
      for (String part : h.value().split(",")) {
        String c = part.trim().toLowerCase(Locale.ROOT);
        if (!c.isEmpty() && !c.equals("identity")) {
          out.add(c);
        }
      }
    }
    return out;
  }

  /**
   * Decodes {@code wire} (the last coding applied is undone first). A decoded size over
   * {@code limit} is not cut and judged, as a plain body is: a small answer that inflates past
   * the cap is a compression bomb, and the part that fits says nothing about the rest.
   *
   * @param wireCut the wire bytes stopped at the size cap, so the stream cannot end whole
   */
  static Decoded decode(byte[] wire, List<String> codings, int limit, boolean wireCut) {
    String sent = "the server sent Content-Encoding: " + String.join(", ", codings)
        + " although secaudit asked for identity";
    byte[] data = wire;
    for (int i = codings.size() - 1; i >= 0; i--) {
      String c = codings.get(i);
      if (!c.equals("gzip") && !c.equals("x-gzip") && !c.equals("deflate")) {
        return new Decoded(wire, sent + ", and secaudit decodes only gzip and deflate: the body"
            + " (" + wire.length + " bytes) was not judged");
      }
      try {
        data = inflate(data, c, limit);
      } catch (TooLarge e) {
        return new Decoded(wire, sent + ", and it decompressed to over " + limit / 1024
            + " KiB, secaudit's body size cap, from " + wire.length + " bytes"
            + (wireCut ? " (themselves cut at the cap)" : "")
            + ": a compression bomb or a body too large to judge; not judged");
      } catch (IOException e) {
        return new Decoded(wire, sent + ", and its " + c + " data "
            + (wireCut ? "was cut at secaudit's body size cap of " + limit / 1024 + " KiB"
                : e instanceof EOFException ? "ended before the compressed stream did"
                : "is not valid " + c + " (" + e.getClass().getSimpleName() + ")")
            + "; not judged");
      }
    }
    return new Decoded(data, null);
  }

  private static final class TooLarge extends IOException {
    TooLarge() {
      super("decoded body over the size cap");
    }
  }

  private static byte[] inflate(byte[] in, String coding, int limit) throws IOException {
    if (!coding.equals("deflate")) {
      return drain(new GZIPInputStream(new ByteArrayInputStream(in)), limit);
    }
    // "deflate" is meant as zlib-wrapped, but servers have long sent the raw form too.
    try {
      return drain(new InflaterInputStream(new ByteArrayInputStream(in)), limit);
    } catch (TooLarge e) {
      throw e;
    } catch (IOException e) {
      Inflater raw = new Inflater(true);
      try {
        return drain(new InflaterInputStream(new ByteArrayInputStream(in), raw), limit);
      } finally {
        raw.end();
      }
    }
  }

  /** Reads to the end, failing as soon as more than {@code limit} bytes have come out. */
  private static byte[] drain(InputStream in, int limit) throws IOException {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) != -1; ) {
        out.write(buf, 0, n);
        if (out.size() > limit) {
          throw new TooLarge();
        }
      }
      return out.toByteArray();
    }
  }
}
