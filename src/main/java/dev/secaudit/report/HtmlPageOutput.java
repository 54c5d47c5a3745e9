package dev.secaudit.report;

import gg.jte.TemplateOutput;
import gg.jte.html.HtmlTemplateOutput;
import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.html.escape.Escape;
import java.io.ByteArrayOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The HTML page as UTF-8 bytes straight to a stream, escaped by jte's own OWASP output: no
 * Writer copies every character into a char buffer before encoding it (a fleet's page is tens
 * of megabytes), and a long text shown as element content is escaped and encoded once, then
 * copied as bytes wherever it repeats (a fleet's recorded exchanges, titles and remediations
 * repeat by the thousand). The bytes are exactly those the OWASP output writes through an
 * {@code OutputStreamWriter} in UTF-8: the escaping is jte's, asked once per distinct text.
 */
final class HtmlPageOutput implements HtmlTemplateOutput, Flushable {
  /** Shorter texts cost less to escape again than to look up. */
  private static final int MIN_KEPT_LENGTH = 32;

  /**
   * Bytes of escaped texts kept in a generation: the texts met in the last two are kept, so a
   * scan of all-different texts holds no more than two generations, and a fleet's texts met once
   * (its targets' artifact ids and summaries) leave while the ones that repeat stay.
   */
  private static final int KEPT_BYTES = 4 << 20;

  private final Utf8Bytes bytes;
  private final OwaspHtmlTemplateOutput escaping;
  private Map<String, byte[]> escapedContent = new HashMap<>();
  private Map<String, byte[]> escapedBefore = new HashMap<>();
  // Where a text to keep is escaped, reused for each.
  private final ByteArrayOutputStream escapedOnce = new ByteArrayOutputStream();
  private final Utf8Bytes escapingOnce = new Utf8Bytes(escapedOnce, 1024);
  private int keptBytes;
  private String tagName;
  private String attributeName;

  HtmlPageOutput(OutputStream out) {
    this.bytes = new Utf8Bytes(out, 64 * 1024);
    this.escaping = new OwaspHtmlTemplateOutput(bytes);
  }

  /** Writes what is still buffered to the stream, as the last step of a page. */
  @Override
  public void flush() throws IOException {
    bytes.flush();
  }

  @Override
  public void setContext(String tagName, String attributeName) {
    this.tagName = tagName;
    this.attributeName = attributeName;
    escaping.setContext(tagName, attributeName);
  }

  @Override
  public void writeUserContent(String value) {
    // The OWASP output escapes a value as HTML content unless it is in an attribute or a script
    // element: only that case is kept, and it is escaped by the same call.
    // A text that begins or ends in half a surrogate pair is left to the stream, where it may
    // pair with its neighbour as the writer's encoder would pair it.
    boolean content = value != null && value.length() >= MIN_KEPT_LENGTH
        && (tagName == null || attributeName == null) && !"script".equals(tagName)
        && !Character.isLowSurrogate(value.charAt(0))
        && !Character.isHighSurrogate(value.charAt(value.length() - 1));
    if (!content) {
      escaping.writeUserContent(value);
      return;
    }
    byte[] escaped = escapedContent.get(value);
    if (escaped == null) {
      escaped = escapedBefore.remove(value);
      if (escaped == null) {
        escapedOnce.reset();
        Escape.htmlContent(value, escapingOnce);
        escapingOnce.flushQuietly();
        escaped = escapedOnce.toByteArray();
      }
      if (keptBytes + escaped.length > KEPT_BYTES) {
        escapedBefore = escapedContent;
        escapedContent = new HashMap<>();
        keptBytes = 0;
      }
      if (escaped.length <= KEPT_BYTES) {
        escapedContent.put(value, escaped);
        keptBytes += escaped.length;
      }
    }
    bytes.writeBinaryContent(escaped);
  }

  @Override
  public void writeUserContent(gg.jte.Content content) {
    escaping.writeUserContent(content);
  }

  @Override
  public void writeContent(String value) {
    bytes.writeContent(value);
  }

  @Override
  public void writeContent(String value, int beginIndex, int endIndex) {
    bytes.writeContent(value, beginIndex, endIndex);
  }

  @Override
  public void writeBinaryContent(byte[] value) {
    bytes.writeBinaryContent(value);
  }

  // Numbers and booleans take TemplateOutput's defaults, which write their text as content: what
  // the OWASP output passes them to.

  /**
   * Characters to UTF-8 as an {@code OutputStreamWriter} encodes them (an unpaired surrogate
   * becomes '?', a pair split between two writes is joined), gathered in a buffer.
   */
  private static final class Utf8Bytes implements TemplateOutput {
    private final OutputStream out;
    private final byte[] buffer;
    private int size;
    private char highSurrogate;

    Utf8Bytes(OutputStream out, int buffered) {
      this.out = out;
      this.buffer = new byte[buffered];
    }

    @Override
    public void writeContent(String value) {
      writeContent(value, 0, value.length());
    }

    @Override
    public void writeContent(String value, int beginIndex, int endIndex) {
      for (int i = beginIndex; i < endIndex; i++) {
        char c = value.charAt(i);
        if (c < 0x80 && highSurrogate == 0) {
          if (size == buffer.length) {
            drain();
          }
          buffer[size++] = (byte) c;
        } else {
          encode(c);
        }
      }
    }

    @Override
    public void writeBinaryContent(byte[] value) {
      if (highSurrogate != 0) {
        highSurrogate = 0;
        put('?');
      }
      if (value.length > buffer.length - size) {
        drain();
        if (value.length > buffer.length) {
          try {
            out.write(value);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return;
        }
      }
      System.arraycopy(value, 0, buffer, size, value.length);
      size += value.length;
    }

    private void encode(char c) {
      if (highSurrogate != 0) {
        char high = highSurrogate;
        highSurrogate = 0;
        if (Character.isLowSurrogate(c)) {
          int code = Character.toCodePoint(high, c);
          put(0xf0 | code >> 18);
          put(0x80 | code >> 12 & 0x3f);
          put(0x80 | code >> 6 & 0x3f);
          put(0x80 | code & 0x3f);
          return;
        }
        put('?');
      }
      if (c < 0x80) {
        put(c);
      } else if (c < 0x800) {
        put(0xc0 | c >> 6);
        put(0x80 | c & 0x3f);
      } else if (Character.isHighSurrogate(c)) {
        highSurrogate = c;
      } else if (Character.isLowSurrogate(c)) {
        put('?');
      } else {
        put(0xe0 | c >> 12);
        put(0x80 | c >> 6 & 0x3f);
        put(0x80 | c & 0x3f);
      }
    }

    private void put(int b) {
      if (size == buffer.length) {
        drain();
      }
      buffer[size++] = (byte) b;
    }

    private void drain() {
      try {
        out.write(buffer, 0, size);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      size = 0;
    }

    void flush() throws IOException {
      flushQuietly();
      out.flush();
    }

    /** A surrogate left without its pair at the end is '?', as the writer's encoder ends it. */
    void flushQuietly() {
      if (highSurrogate != 0) {
        highSurrogate = 0;
        put('?');
      }
      drain();
    }
  }
}
