package dev.secaudit.cli;

import dev.secaudit.model.KnownSecrets;
import java.io.IOException;
import java.io.Writer;

/**
 * A console stream that writes through the command's redactor: progress lines, notes, error
 * messages and --debug stack traces may quote a URL or a value built from a secret. Text is held
 * until a line ends (or the stream is flushed) so that a secret written in pieces is still seen
 * whole.
 */
final class RedactedWriter extends Writer {
  private final Writer out;
  private final KnownSecrets secrets;
  private final StringBuilder line = new StringBuilder();

  RedactedWriter(Writer out, KnownSecrets secrets) {
    this.out = out;
    this.secrets = secrets;
  }

  @Override
  public synchronized void write(char[] buf, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) {
      char c = buf[i];
      line.append(c);
      if (c == '\n' || c == '\r') {
        pass();
      }
    }
  }

  private void pass() throws IOException {
    if (line.length() > 0) {
      out.write(secrets.redactor().text(line.toString()));
      line.setLength(0);
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    pass();
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    flush();
    out.close();
  }
}
