package dev.secaudit.report;

import dev.secaudit.model.ScanResult;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.TemplateException;
import gg.jte.output.StringOutput;
import gg.jte.output.WriterOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
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

  private final TemplateEngine engine;
  private final String contentSecurityPolicy;

  public HtmlReport() {
    this.engine = TemplateEngine.createPrecompiled(ContentType.Html);
    this.contentSecurityPolicy = policyFor(styleText(engine));
  }

  /** Writes the report for {@code scan}; {@code views} are the framework sections, in order. */
  public void render(ScanResult scan, List<FrameworkView> views, Writer out) {
    ReportModel model = ReportModel.of(PrintableText.of(scan), views, contentSecurityPolicy);
    try {
      engine.render(PAGE, model, new WriterOutput(out));
      out.flush();
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

  /** Writes the report as UTF-8, the charset the page declares. */
  public void render(ScanResult scan, List<FrameworkView> views, OutputStream out) {
    render(scan, views, new OutputStreamWriter(out, StandardCharsets.UTF_8));
  }

  /** The CSP the page carries in its meta tag. */
  public String contentSecurityPolicy() {
    return contentSecurityPolicy;
  }

  /**
   * Nothing may load: no scripts, fonts, frames or remote images. The one inline style block is
   * allowed by its hash rather than by 'unsafe-inline', so an injected style attribute or element
   * would not apply even if escaping ever failed. frame-ancestors is ignored in a meta tag, so it
   * is not listed.
   */
  static String policyFor(String styleText) {
    return "default-src 'none'; style-src '" + sha256Source(styleText) + "'; img-src data:;"
        + " base-uri 'none'; form-action 'none'";
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
   * The exact text between the style tags, as the page will contain it: the style partial is
   * rendered by the same engine the page uses, so the hash cannot drift from the CSS.
   */
  private static String styleText(TemplateEngine engine) {
    StringOutput out = new StringOutput();
    engine.render(STYLE, (Object) null, out);
    String html = out.toString();
    int open = html.indexOf("<style>");
    int close = html.lastIndexOf("</style>");
    if (open < 0 || close < open) {
      throw new IllegalStateException(STYLE + " must hold one <style> element");
    }
    return html.substring(open + "<style>".length(), close);
  }
}
