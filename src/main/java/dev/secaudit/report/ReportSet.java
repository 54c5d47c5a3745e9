package dev.secaudit.report;

import dev.secaudit.compliance.ComplianceView;
import dev.secaudit.compliance.Framework;
import dev.secaudit.compliance.FrameworkCatalog;
import dev.secaudit.model.CheckDescriptions;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.GateVerdict;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/** Writes the chosen report files for one scan into a folder, all from the same ScanResult. */
public final class ReportSet {
  /** The file formats and the names they are written under. */
  public enum Format {
    JSON("scan.json"),
    HTML("report.html"),
    CSV("findings.csv"),
    JUNIT("junit.xml"),
    SARIF("results.sarif");

    public final String fileName;

    Format(String fileName) {
      this.fileName = fileName;
    }

    public static Format parse(String s) {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    /** "json, html, csv, junit, sarif": the names --format accepts. */
    public static String names() {
      StringBuilder sb = new StringBuilder();
      for (Format f : values()) {
        sb.append(sb.length() == 0 ? "" : ", ").append(f.name().toLowerCase(Locale.ROOT));
      }
      return sb.toString();
    }
  }

  private ReportSet() {}

  public static Set<Format> all() {
    return EnumSet.allOf(Format.class);
  }

  /**
   * How a run's rendered reports are moved into place: every file together, or none once the
   * run was stopped (Ctrl-C), so that a folder never holds half of this run's reports beside
   * half of an earlier run's.
   */
  @FunctionalInterface
  public interface Landing {
    /** Moves every file into place now. */
    Landing NOW = moves -> {
      moves.run();
      return true;
    };

    /** Runs {@code moves} unless the run was stopped first; whether it ran. */
    boolean land(Moves moves) throws IOException;
  }

  /** The renames that put a set of rendered reports in place. */
  @FunctionalInterface
  public interface Moves {
    void run() throws IOException;
  }

  /**
   * Writes each format, through a temporary file so a crash never leaves half a report.
   *
   * @param gate the verdict the command exits on, which the HTML report shows (never decided
   *     here)
   * @param checks the catalogue's descriptions, which the SARIF rules are written from
   */
  public static List<Path> write(ScanResult scan, GateVerdict gate, Path dir,
      Set<Format> formats, CheckDescriptions checks) throws IOException {
    return write(scan, gate, dir, formats, checks, false, Landing.NOW);
  }

  /**
   * As above; {@code csvBom}: every CSV file begins with a UTF-8 byte-order mark (for Excel).
   * The formats are written at the same time, one thread each: they read the same immutable
   * scan and none waits for another, so a run that asks for all five waits for the slowest
   * (the HTML report) rather than for their sum. Each is written to a temporary file and all
   * are moved into place once every one is whole, as {@code landing} lets them (none when it
   * refuses: the folder keeps what it held). The files are listed in the order of {@code
   * formats}, whichever finished first.
   */
  public static List<Path> write(ScanResult scan, GateVerdict gate, Path dir,
      Set<Format> formats, CheckDescriptions checks, boolean csvBom, Landing landing)
      throws IOException {
    Files.createDirectories(dir);
    // Every format but scan.json shows the scan made printable: made once for them all.
    ScanResult printable = formats.stream().anyMatch(ReportSet::showsPrintable)
        ? PrintableText.of(scan) : scan;
    List<FutureTask<List<Rendered>>> writing = new ArrayList<>();
    for (Format f : formats) {
      FutureTask<List<Rendered>> task = new FutureTask<>(
          () -> writeFormat(scan, printable, gate, dir, f, checks, csvBom));
      writing.add(task);
      if (formats.size() == 1) {
        task.run();
      } else {
        Thread t = new Thread(task, "secaudit-report-" + f.name().toLowerCase(Locale.ROOT));
        t.setDaemon(true);
        t.start();
      }
    }
    List<Rendered> rendered = new ArrayList<>();
    IOException failed = null;
    for (FutureTask<List<Rendered>> task : writing) {
      try {
        rendered.addAll(finished(task));
      } catch (IOException e) {
        failed = failed == null ? e : failed;
      }
    }
    if (failed != null) {
      throw takenBack(failed, dir, formats, rendered);
    }
    boolean landed;
    try {
      landed = landing.land(() -> {
        for (Rendered r : rendered) {
          try {
            Files.move(r.tmp(), r.target(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
          } catch (IOException e) {
            throw new OutputNotWritten(r.target(), e);
          }
        }
      });
    } catch (IOException e) {
      throw takenBack(e, dir, formats, rendered);
    }
    if (!landed) {
      for (Rendered r : rendered) {
        Files.deleteIfExists(r.tmp());
      }
      return List.of();
    }
    return rendered.stream().map(Rendered::target).toList();
  }

  /**
   * {@code failed}, once the run's files are taken back: a set of reports half this run's and
   * half the last one's (a junit.xml beside an older scan.json) would be read as one run by a
   * later job, so none is left (ci23 M4, disk full).
   */
  private static IOException takenBack(IOException failed, Path dir, Set<Format> formats,
      List<Rendered> rendered) {
    List<Path> gone = new ArrayList<>();
    rendered.forEach(r -> gone.add(r.tmp()));
    for (Format f : formats) {
      gone.add(dir.resolve(f.fileName));
      if (f == Format.CSV) {
        gone.add(dir.resolve(RunCsv.FILE_NAME));
        gone.add(dir.resolve(ProcessingCsv.FILE_NAME));
      }
    }
    for (Path p : gone) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException left) {
        failed.addSuppressed(left);
      }
    }
    return failed;
  }

  /** The temporary files {@link #write} renders a folder's reports to before they land. */
  public static List<Path> temporaryFiles(Path dir) {
    List<Path> out = new ArrayList<>();
    for (Format f : Format.values()) {
      out.add(temporary(dir.resolve(f.fileName)));
    }
    out.add(temporary(dir.resolve(RunCsv.FILE_NAME)));
    out.add(temporary(dir.resolve(ProcessingCsv.FILE_NAME)));
    return out;
  }

  private static Path temporary(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".tmp");
  }

  /** A report written whole to {@code tmp}, to be moved to {@code target}. */
  private record Rendered(Path tmp, Path target) {}

  /** One format's files: the report, and for CSV the run's row and the records of processing. */
  private static List<Rendered> writeFormat(ScanResult scan, ScanResult printable,
      GateVerdict gate, Path dir, Format f, CheckDescriptions checks, boolean csvBom)
      throws IOException {
    List<Rendered> written = new ArrayList<>();
    written.add(writeFile(dir, f.fileName,
        w -> render(scan, printable, gate, f, checks, w, csvBom)));
    if (f == Format.CSV) {
      // The run's own row and the records of processing travel with the findings, as files of
      // their own: findings.csv stays one plain table.
      written.add(writeFile(dir, RunCsv.FILE_NAME,
          w -> new RunCsv(csvBom).render(scan, gate, w)));
      if (!scan.processing().isEmpty()) {
        written.add(writeFile(dir, ProcessingCsv.FILE_NAME,
            w -> new ProcessingCsv(csvBom).render(scan, w)));
      }
    }
    return written;
  }

  /** What a format's thread wrote, or what stopped it, as the caller's own exception. */
  private static <T> T finished(FutureTask<T> task) throws IOException {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while the reports were written");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  private interface Rendering {
    void to(Writer w) throws IOException;
  }

  private static Rendered writeFile(Path dir, String name, Rendering rendering)
      throws IOException {
    Path target = dir.resolve(name);
    Path tmp = temporary(target);
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        rendering.to(w);
      }
    } catch (IOException | java.io.UncheckedIOException thrown) {
      // A renderer streaming through a lambda wraps what the disk said in an unchecked one.
      IOException e = thrown instanceof java.io.UncheckedIOException u ? u.getCause()
          : (IOException) thrown;
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException left) {
        e.addSuppressed(left);
      }
      throw new OutputNotWritten(target, e);
    }
    return new Rendered(tmp, target);
  }


  /** The framework sections of a report: every requirement of each framework in scope. */
  public static List<FrameworkView> frameworkViews(ScanResult scan) {
    return frameworkViews(scan, null);
  }

  /**
   * As above, each requirement naming the checks {@code checks} (the catalogue's descriptions,
   * or null for none) map to it that did not run.
   */
  public static List<FrameworkView> frameworkViews(ScanResult scan, CheckDescriptions checks) {
    List<FrameworkView> views = new ArrayList<>();
    ComplianceView.Evidence evidence = ComplianceView.Evidence.of(scan);
    for (String id : scan.run().frameworks()) {
      Framework f = FrameworkCatalog.get(id);
      views.add(new FrameworkView(f, ComplianceView.of(f, evidence,
          CheckDescriptions.checksByRequirement(checks))));
    }
    return views;
  }

  /**
   * One format. {@code gate} is the verdict the command exits on, which the HTML report shows;
   * {@code checks} are the catalogue's descriptions, which the SARIF rules are written from.
   */
  public static void render(ScanResult scanned, GateVerdict gate, Format f,
      CheckDescriptions checks, Writer w)
      throws IOException {
    render(scanned, gate, f, checks, w, false);
  }

  /** As above; {@code csvBom}: a CSV begins with a UTF-8 byte-order mark (for Excel). */
  public static void render(ScanResult scanned, GateVerdict gate, Format f,
      CheckDescriptions checks, Writer w, boolean csvBom) throws IOException {
    render(scanned, showsPrintable(f) ? PrintableText.of(scanned) : scanned, gate, f, checks, w,
        csvBom);
  }

  /**
   * Reads a scan.json for a report in format {@code f}; nothing is written yet, so a refused
   * file leaves the report's destination untouched. The CSV shows of each artifact its id and
   * digest only, so the artifacts' recorded content is passed over unread, and its rows' cells
   * are made as the findings arrive from a reading thread ({@link CsvReport#read}).
   */
  public static Prepared prepare(Path scanFile, Format f, boolean csvBom) {
    if (f == Format.CSV) {
      return new Prepared(null, new CsvReport(csvBom).read(scanFile), null, f, csvBom);
    }
    if (f == Format.HTML) {
      // A scan written target by target is read holding one target's findings (HtmlPage);
      // any other is read whole. The bytes are the same.
      HtmlPage page = HtmlPage.read(scanFile, null, TargetGroups.MEMORY);
      if (page != null) {
        return new Prepared(page.scan(), null, page, f, csvBom);
      }
    }
    return new Prepared(ScanJson.read(scanFile), null, null, f, csvBom);
  }

  /** A scan read for one report ({@link #prepare}), to be written once. */
  public static final class Prepared {
    private final ScanResult scan;
    private final CsvReport.Table rows;
    private final HtmlPage page;
    private final Format format;
    private final boolean csvBom;

    private Prepared(ScanResult scan, CsvReport.Table rows, HtmlPage page, Format format,
        boolean csvBom) {
      this.scan = rows != null ? rows.scan() : scan;
      this.rows = rows;
      this.page = page;
      this.format = format;
      this.csvBom = csvBom;
    }

    /**
     * The gate the scan recorded when its findings were counted as they were read (the HTML or
     * the CSV of a scan read target by target, whose {@link #scan()} holds none), else null: the
     * caller decides it from {@link #scan()}.
     */
    public GateVerdict recordedGate() {
      return page != null ? page.gate() : rows != null ? rows.recordedGate() : null;
    }

    /**
     * The scan as read; for the CSV, its artifacts without their content, and without its
     * findings and the artifacts after them when they came target by target ({@link
     * CsvReport#read(Path)}); for the HTML, without its findings when they came target by target
     * ({@link HtmlPage}).
     */
    public ScanResult scan() {
      return scan;
    }

    /** As {@link ReportSet#render}, to a writer. */
    public void write(GateVerdict gate, CheckDescriptions checks, Writer w) throws IOException {
      if (rows != null) {
        rows.writeTo(w);
      } else if (page != null) {
        try {
          new HtmlReport().render(page, gate, checks, w);
        } finally {
          // The rows are read from the temporary files once; they are let go when written.
          page.close();
        }
      } else {
        render(scan, gate, format, checks, w, csvBom);
      }
    }

    /** To a stream in UTF-8: the CSV's rows are copied to it as bytes, the HTML written as bytes. */
    public void write(GateVerdict gate, CheckDescriptions checks, OutputStream out)
        throws IOException {
      if (rows != null) {
        rows.writeTo(out);
        return;
      }
      if (page != null) {
        try {
          new HtmlReport().render(page, gate, checks, out);
        } finally {
          page.close();
        }
        return;
      }
      if (format == Format.HTML) {
        ScanResult printable = PrintableText.of(scan);
        new HtmlReport().renderPrintable(printable, gate, frameworkViews(printable, checks), out);
        return;
      }
      Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
      render(scan, gate, format, checks, w, csvBom);
      w.flush();
    }
  }

  /**
   * scan.json keeps the exact values (escaped by JSON); the CSV makes its cells printable one by
   * one as it streams its rows; the rest, framework views included, show the scan made
   * printable, with control characters as their codes.
   */
  private static boolean showsPrintable(Format f) {
    return f != Format.JSON && f != Format.CSV;
  }

  /** {@code printable} is {@code scanned} through {@link PrintableText#of(ScanResult)}. */
  private static void render(ScanResult scanned, ScanResult printable, GateVerdict gate,
      Format f, CheckDescriptions checks, Writer w, boolean csvBom) throws IOException {
    switch (f) {
      case JSON -> ScanJson.write(scanned, gate, w);
      case HTML -> new HtmlReport().renderPrintable(printable, gate,
          frameworkViews(printable, checks), w);
      case CSV -> new CsvReport(csvBom).render(scanned, w);
      case JUNIT -> new JUnitReport(SourceRoot.ofWorkingFolder())
          .renderPrintable(printable, gate, w);
      case SARIF -> new SarifReport(checks, SourceRoot.ofWorkingFolder()).renderPrintable(printable, gate, w);
    }
  }
}
