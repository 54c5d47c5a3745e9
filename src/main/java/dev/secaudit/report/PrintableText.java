package dev.secaudit.report;

import dev.secaudit.model.ControlCharacters;
import dev.secaudit.model.Finding;
import dev.secaudit.model.RecordTexts;
import dev.secaudit.model.ScanResult;
import java.util.Iterator;

/**
 * Text as it may reach a terminal, a spreadsheet or a viewer: every control character a server or
 * a forged scan.json can plant (ESC sequences that recolour or rewrite a terminal, a carriage
 * return that overwrites a line, NUL, C1 controls, bidirectional overrides that reorder what is
 * read) is written as its code ("\\u001B" for ESC) instead. Tab and newline stay: multi-line
 * evidence is meant to keep its lines, and every format already quotes or escapes them.
 *
 * <p>The one place every text output passes through: the renderers take the scan from
 * {@link #of(ScanResult)}, and the CLI's messages go through {@link #of(String)}. scan.json keeps
 * the exact values (JSON escapes them itself, see {@link ScanJson}).
 */
public final class PrintableText {
  private PrintableText() {}

  /** {@link ControlCharacters#escape}. */
  public static String of(String text) {
    return ControlCharacters.escape(text);
  }

  /** {@link ControlCharacters#writer}. */
  public static java.io.Writer writer(java.io.Writer out) {
    return ControlCharacters.writer(out);
  }

  /**
   * The scan with every text value and key made printable; the same object when it has nothing
   * to change (the usual case), so an honest scan renders exactly as before. Only the records
   * that hold a text to change are made again ({@link RecordTexts#rewrite}): a server's answer
   * with a carriage return, as nginx's own error pages have, costs a copy of that artifact, not
   * a round trip of the whole scan through JSON.
   */
  public static ScanResult of(ScanResult scan) {
    return isPrintable(scan) ? scan : RecordTexts.rewrite(scan, PrintableText::of);
  }

  /**
   * True when no text of {@code value} has a control character: every text a renderer can read
   * from it, down its records' components, lists and maps (keys too), walked by {@link
   * RecordTexts}; a part the walk does not know counts as not printable, and {@link
   * RecordTexts#rewrite} then names it.
   */
  static boolean isPrintable(Object value) {
    return RecordTexts.walk(value, PrintableText::of) == RecordTexts.Walked.UNCHANGED;
  }

  /**
   * Findings made printable one by one, as a reader streams them: each the same object when it
   * has nothing to change. The walk is made once for them all (its records' accessors looked up
   * once, a text met in the last findings not looked at again).
   */
  static java.util.function.UnaryOperator<Finding> findings() {
    return each();
  }

  /**
   * Records made printable one by one (findings, artifacts), as {@link #of(ScanResult)} makes
   * them in a whole scan: each the same object when it has nothing to change.
   */
  static <T> java.util.function.UnaryOperator<T> each() {
    java.util.function.Predicate<Object> unchanged = RecordTexts.unchangedBy(PrintableText::of);
    return r -> unchanged.test(r) ? r : RecordTexts.rewrite(r, PrintableText::of);
  }

  /**
   * The findings made printable one at a time, as a streaming renderer takes them from a
   * {@link ScanReader}: each the same object when it has nothing to change.
   */
  public static Iterator<Finding> of(Iterator<Finding> findings) {
    java.util.function.UnaryOperator<Finding> printable = findings();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return findings.hasNext();
      }

      @Override
      public Finding next() {
        return printable.apply(findings.next());
      }
    };
  }
}
