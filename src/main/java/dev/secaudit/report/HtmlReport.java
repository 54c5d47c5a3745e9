package dev.secaudit.report;

import dev.secaudit.model.ScanResult;
import dev.secaudit.model.GateVerdict;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.TemplateException;
import gg.jte.TemplateOutput;
import gg.jte.output.StringOutput;
import gg.jte.output.WriterOutput;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * The HTML evidence report: one self-contained file an auditor can open offline, archive and
 * print. Rendered by precompiled jte templates (src/main/jte/report), which escape every value by
 * its HTML context; nothing here probes or judges.
 */
public final class HtmlReport {
  private static final String PAGE = "report/scan.jte";
  private static final String STYLE = "report/style.jte";
  private static final String SCRIPT = "report/script.jte";

  private final TemplateEngine engine;
  private final String contentSecurityPolicy;
  private final boolean keepEveryAnchor;

  public HtmlReport() {
    this(false);
  }

  /** {@code keepEveryAnchor}: as {@link ReportModel#of(ScanResult, GateVerdict, List, String,
   * boolean)}, for the tests that compare with it. */
  HtmlReport(boolean keepEveryAnchor) {
    this.keepEveryAnchor = keepEveryAnchor;
    this.engine = TemplateEngine.createPrecompiled(ContentType.Html);
    this.contentSecurityPolicy = policyFor(elementText(engine, STYLE, "style"),
        elementText(engine, SCRIPT, "script"));
  }

  /**
   * Writes the report for {@code scan}; {@code gate} is the verdict the command exits on, shown
   * first and never decided here; {@code views} are the framework sections, in order.
   */
  public void render(ScanResult scan, GateVerdict gate, List<FrameworkView> views, Writer out) {
    renderPrintable(PrintableText.of(scan), gate, views, out);
  }

  /** The same, for a scan already through {@link PrintableText#of(ScanResult)}. */
  void renderPrintable(ScanResult scan, GateVerdict gate, List<FrameworkView> views, Writer out) {
    render(scan, gate, views, new WriterOutput(out), out);
  }

  /** Writes the report as UTF-8, with the gate the command exits on. */
  public void render(ScanResult scan, GateVerdict gate, List<FrameworkView> views, OutputStream out) {
    renderPrintable(PrintableText.of(scan), gate, views, out);
  }

  /**
   * The same, for a scan already through {@link PrintableText#of(ScanResult)}, as UTF-8 bytes:
   * the same bytes as through a writer, encoded without one ({@link HtmlPageOutput}).
   */
  void renderPrintable(ScanResult scan, GateVerdict gate, List<FrameworkView> views,
      OutputStream out) {
    HtmlPageOutput page = new HtmlPageOutput(out);
    render(scan, gate, views, page, page);
  }

  private void render(ScanResult scan, GateVerdict gate, List<FrameworkView> views,
      TemplateOutput output, Flushable written) {
    render(ReportModel.of(scan, gate, views, contentSecurityPolicy, keepEveryAnchor), output,
        written);
  }

  /** The page of a scan read target by target ({@link HtmlPage}), as UTF-8 bytes. */
  void render(HtmlPage page, GateVerdict gate, OutputStream out) {
    render(page, gate, null, out);
  }

  /**
   * As above; {@code checks}: the catalogue's descriptions, whose mappings name the checks of a
   * requirement that did not run (null: none named).
   */
  void render(HtmlPage page, GateVerdict gate, dev.secaudit.model.CheckDescriptions checks,
      OutputStream out) {
    HtmlPageOutput output = new HtmlPageOutput(out);
    render(page.model(gate, contentSecurityPolicy, checks), output, output);
  }

  /** The same, to a writer. */
  void render(HtmlPage page, GateVerdict gate, dev.secaudit.model.CheckDescriptions checks,
      Writer out) {
    render(page.model(gate, contentSecurityPolicy, checks), new WriterOutput(out), out);
  }

  private void render(ReportModel model, TemplateOutput output, Flushable written) {
    try {
      engine.render(PAGE, model, output);
      written.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (TemplateException e) {
      // A failing writer is an I/O problem for the caller, not a template bug.
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io;
      }
      throw e;
    }
  }

  /** The CSP the page carries in its meta tag. */
  public String contentSecurityPolicy() {
    return contentSecurityPolicy;
  }

  /**
   * Nothing may load: no remote scripts, fonts, frames or images. The one inline style block and
   * the one inline script (the findings table's filters) are allowed by their hashes rather than
   * by 'unsafe-inline', so an injected element, handler or style attribute would not run or apply
   * even if escaping ever failed. frame-ancestors is ignored in a meta tag, so it is not listed.
   */
  static String policyFor(String styleText, String scriptText) {
    return "default-src 'none'; style-src '" + sha256Source(styleText) + "'; script-src '"
        + sha256Source(scriptText) + "'; img-src data:; base-uri 'none'; form-action 'none'";
  }

  static String sha256Source(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * The exact text between the element's tags, as the page will contain it: the partial is
   * rendered by the same engine the page uses, so the hash cannot drift from the CSS or script.
   */
  private static String elementText(TemplateEngine engine, String template, String element) {
    StringOutput out = new StringOutput();
    engine.render(template, (Object) null, out);
    String html = out.toString();
    int open = html.indexOf("<" + element + ">");
    int close = html.lastIndexOf("</" + element + ">");
    if (open < 0 || close < open) {
      throw new IllegalStateException(template + " must hold one <" + element + "> element");
    }
    return html.substring(open + element.length() + 2, close);
  }
}
