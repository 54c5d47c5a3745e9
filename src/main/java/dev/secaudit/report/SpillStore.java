package dev.secaudit.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes written once, in order, then read back from any position: in memory up to a limit, past
 * it in a temporary file (readable by its owner only) that is deleted when the store is closed.
 * A small scan's report never touches the disk; a fleet's holds a few chunks whatever its size.
 */
final class SpillStore implements AutoCloseable {
  static final int CHUNK = 1 << 16;

  /** A temporary file could not be made, written or read: the caller can do without one. */
  static final class Failed extends RuntimeException {
    Failed(IOException cause) {
      super(cause);
    }
  }

  private final Path folder;
  private int chunksInMemory;
  private boolean memoryWhenRefused;
  private final List<byte[]> chunks = new ArrayList<>();
  // Made at the first write: a report keeps a store for each status and severity, most empty.
  private byte[] writing;
  private int used;
  private long size;
  private FileChannel file;
  private final byte[] number = new byte[4];
  // Reading: the bytes from windowStart, windowLength of them, and where the next read starts.
  private byte[] window;
  private long windowStart;
  private int windowLength;
  private long position;

  /**
   * @param folder where a temporary file goes (null: the JVM's temporary folder)
   * @param memory how many bytes are kept in memory before they go to a file
   */
  SpillStore(Path folder, long memory) {
    this.folder = folder;
    this.chunksInMemory = (int) Math.max(0, memory / CHUNK);
  }

  /**
   * When no temporary file can be made, the bytes stay in memory instead of {@link Failed}: for
   * a writer that has begun its output and cannot start again.
   */
  SpillStore inMemoryWhenRefused() {
    memoryWhenRefused = true;
    return this;
  }

  /** How many bytes have been written. */
  long size() {
    return size;
  }

  boolean inFile() {
    return file != null;
  }

  void write(byte[] bytes) {
    write(bytes, 0, bytes.length);
  }

  void write(byte[] bytes, int offset, int length) {
    if (writing == null && length > 0) {
      writing = new byte[CHUNK];
    }
    while (length > 0) {
      int n = Math.min(CHUNK - used, length);
      System.arraycopy(bytes, offset, writing, used, n);
      used += n;
      size += n;
      offset += n;
      length -= n;
      if (used == CHUNK) {
        putAway();
      }
    }
  }

  void writeByte(int b) {
    if (writing == null) {
      writing = new byte[CHUNK];
    }
    writing[used++] = (byte) b;
    size++;
    if (used == CHUNK) {
      putAway();
    }
  }

  void writeInt(int v) {
    number[0] = (byte) (v >>> 24);
    number[1] = (byte) (v >>> 16);
    number[2] = (byte) (v >>> 8);
    number[3] = (byte) v;
    write(number, 0, 4);
  }

  /** A full chunk kept in memory while there is room, else written to the file. */
  private void putAway() {
    try {
      if (file == null && chunks.size() < chunksInMemory) {
        chunks.add(writing);
        writing = new byte[CHUNK];
      } else {
        if (file == null) {
          Path path = Files.createTempFile(folder == null ? tempFolder() : folder,
              "secaudit-rows-", ".tmp");
          file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
              StandardOpenOption.DELETE_ON_CLOSE);
          for (byte[] chunk : chunks) {
            writeFully(chunk, CHUNK);
          }
          chunks.clear();
        }
        writeFully(writing, used);
      }
      used = 0;
    } catch (IOException e) {
      if (!memoryWhenRefused || file != null) {
        throw new Failed(e);
      }
      chunksInMemory = Integer.MAX_VALUE;
      chunks.add(writing);
      writing = new byte[CHUNK];
      used = 0;
    }
  }

  private static Path tempFolder() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  private void writeFully(byte[] bytes, int length) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
    while (b.hasRemaining()) {
      file.write(b);
    }
  }

  /**
   * Reads {@code length} bytes from {@code at} into the start of {@code into}, while the store is
   * still being written (an index that looks back at what it stored) or after (a reader of many
   * places at once): from the chunks in memory, the chunk being filled, or the file, whichever
   * holds them; the reading position is kept.
   */
  void readWritten(long at, byte[] into, int length) {
    if (at < 0 || at + length > size) {
      throw new IllegalStateException("read past the end of the rows");
    }
    long filling = size - used;
    for (int done = 0; done < length; ) {
      long p = at + done;
      int n;
      if (p >= filling) {
        n = length - done;
        System.arraycopy(writing, (int) (p - filling), into, done, n);
      } else if (file == null) {
        int offset = (int) (p % CHUNK);
        n = (int) Math.min(CHUNK - offset, Math.min(length - done, filling - p));
        System.arraycopy(chunks.get((int) (p / CHUNK)), offset, into, done, n);
      } else {
        n = (int) Math.min(length - done, filling - p);
        ByteBuffer b = ByteBuffer.wrap(into, done, n);
        try {
          while (b.hasRemaining()) {
            if (file.read(b, p + b.position() - done) < 0) {
              throw new IOException("the rows' file ended early");
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      done += n;
    }
  }

  /** Ends the writing; the bytes can be read from here on. */
  void finishWriting() {
    if (file != null && used > 0) {
      try {
        writeFully(writing, used);
      } catch (IOException e) {
        throw new Failed(e);
      }
      used = 0;
    } else if (file == null && writing != null) {
      chunks.add(writing);
      // The last chunk is among the others now: readWritten finds it there.
      used = 0;
    }
    writing = file == null ? null : new byte[CHUNK];
    window = file == null ? null : writing;
    windowLength = 0;
  }

  /** Where the next read starts. */
  long position() {
    return position;
  }

  void seek(long at) {
    position = at;
  }

  int readByte() {
    available();
    return window[(int) (position++ - windowStart)] & 0xff;
  }

  int readInt() {
    return readByte() << 24 | readByte() << 16 | readByte() << 8 | readByte();
  }

  /** Reads the next {@code length} bytes into the start of {@code into}. */
  void read(byte[] into, int length) {
    for (int at = 0; at < length; ) {
      int n = (int) Math.min(available(), length - at);
      System.arraycopy(window, (int) (position - windowStart), into, at, n);
      position += n;
      at += n;
    }
  }

  /** Copies the next {@code length} bytes to {@code out}, in pieces of at most a chunk. */
  void copyTo(CsvReport.Output out, int length) throws IOException {
    while (length > 0) {
      int n = (int) Math.min(available(), length);
      out.add(window, (int) (position - windowStart), n);
      position += n;
      length -= n;
    }
  }

  /** How many bytes from {@code position} are in the window, at least one. */
  private long available() {
    if (position >= size) {
      throw new IllegalStateException("read past the end of the rows");
    }
    if (position < windowStart || position >= windowStart + windowLength) {
      if (file == null) {
        window = chunks.get((int) (position / CHUNK));
        windowStart = position - position % CHUNK;
        windowLength = (int) Math.min(CHUNK, size - windowStart);
      } else {
        load();
      }
    }
    return windowStart + windowLength - position;
  }

  private void load() {
    ByteBuffer b = ByteBuffer.wrap(window);
    try {
      long at = position;
      while (b.hasRemaining() && at < size) {
        int n = file.read(b, at);
        if (n < 0) {
          break;
        }
        at += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    windowStart = position;
    windowLength = b.position();
  }

  @Override
  public void close() {
    chunks.clear();
    if (file != null) {
      try {
        file.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      file = null;
    }
  }
}
