package dev.secaudit.questionnaire;

import dev.secaudit.policy.UsageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamException;
import org.xml.sax.SAXParseException;

/**
 * How a workbook whose XML cannot be read is refused: the part of the package (e.g.
 * xl/sharedStrings.xml), its line and column, and what is wrong in plain words, never the XML
 * parser's own report ("ParseError at [row,col]:[1,540]"). One place for both parsers a workbook
 * is read with (a streaming pass that counts rows, the parse of each part).
 */
final class XlsxRefusal {
  private XlsxRefusal() {}

  private static final byte[] DOCTYPE = "<!DOCTYPE".getBytes(StandardCharsets.US_ASCII);

  /** Refuses {@code part} of {@code file}, whose bytes {@code xml} a parser refused with e. */
  static UsageException of(Path file, String part, byte[] xml, Exception e) {
    if (contains(xml, DOCTYPE)) {
      // Excel writes no DOCTYPE; one in a workbook is there to declare entities, an external
      // one (file:///etc/passwd) or a tower of nested ones: refused before any is read.
      return new UsageException(file + ": part " + part + " declares a DOCTYPE (XML entities);"
          + " secaudit reads no DOCTYPE or entity in a workbook, external or not, as Excel never"
          + " writes one (a crafted file, an XXE attempt?); open the questionnaire in Excel and"
          + " save it again as .xlsx, or export it as CSV");
    }
    return XlsxWorkbook.corrupt(file, "part " + part + place(e) + ": not well-formed XML: "
        + reason(e));
  }

  private static String place(Exception e) {
    int line = -1;
    int column = -1;
    if (e instanceof XMLStreamException x && x.getLocation() != null) {
      Location at = x.getLocation();
      line = at.getLineNumber();
      column = at.getColumnNumber();
    } else if (e instanceof SAXParseException x) {
      line = x.getLineNumber();
      column = x.getColumnNumber();
    }
    return line < 1 ? "" : ", line " + line + (column < 1 ? "" : " column " + column);
  }

  /** The parser's sentence, without the place it prefixes (given by {@link #place}). */
  private static String reason(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int at = m.indexOf("Message: ");
    return (at < 0 ? m : m.substring(at + "Message: ".length())).strip();
  }

  /** A value from the file as a message shows it: quoted, cut to 40 characters. */
  static String quoted(String value) {
    return "'" + (value.length() <= 40 ? value : value.substring(0, 40) + "…") + "'";
  }

  /** Whether {@code wanted} occurs in {@code bytes}. */
  static boolean contains(byte[] bytes, byte[] wanted) {
    outer:
    for (int i = 0; i + wanted.length <= bytes.length; i++) {
      for (int j = 0; j < wanted.length; j++) {
        if (bytes[i + j] != wanted[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
