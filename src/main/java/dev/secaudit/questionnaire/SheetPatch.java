package dev.secaudit.questionnaire;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The one change secaudit makes to a customer's workbook: cells of inline text set in one sheet's
 * XML, rows and cells inserted in the order Excel requires, the sheet's dimension widened to
 * cover them. Everything else in the sheet stays as the customer saved it.
 */
final class SheetPatch {
  private SheetPatch() {}

  static byte[] apply(Document doc, List<XlsxWorkbook.CellText> cells) {
    Element sheetData = XlsxWorkbook.elements(doc, "sheetData").stream().findFirst()
        .orElseThrow(() -> new IllegalStateException("no sheetData"));
    Map<Integer, Element> rows = new LinkedHashMap<>();
    int index = 0;
    for (Element row : XlsxWorkbook.children(sheetData, "row")) {
      index = row.hasAttribute("r") ? Integer.parseInt(row.getAttribute("r")) - 1 : index;
      row.setAttribute("r", String.valueOf(index + 1));
      rows.put(index++, row);
    }
    int maxRow = 0;
    int maxColumn = 0;
    for (XlsxWorkbook.CellText ct : cells) {
      Element row = rows.computeIfAbsent(ct.row(), r -> insertRow(doc, sheetData, r));
      row.removeAttribute("spans");
      Element c = cell(doc, row, ct.row(), ct.column());
      if (!XlsxWorkbook.children(c, "f").isEmpty()) {
        continue;
      }
      if (!c.hasAttribute("s") && ct.styleFromRow() >= 0) {
        Element from = rows.get(ct.styleFromRow());
        String style = from == null ? "" : XlsxWorkbook.children(from, "c").stream()
            .filter(x -> x.getAttribute("r").equals(XlsxWorkbook.ref(ct.styleFromRow(), ct.styleFromColumn())))
            .map(x -> x.getAttribute("s")).findFirst().orElse("");
        if (!style.isEmpty()) {
          c.setAttribute("s", style);
        }
      }
      while (c.getFirstChild() != null) {
        c.removeChild(c.getFirstChild());
      }
      c.setAttribute("t", "inlineStr");
      Element is = doc.createElementNS(XlsxWorkbook.MAIN_NS, "is");
      Element t = doc.createElementNS(XlsxWorkbook.MAIN_NS, "t");
      t.setAttributeNS(XMLConstants.XML_NS_URI, "xml:space", "preserve");
      t.setTextContent(cellText(ct.text()));
      is.appendChild(t);
      c.appendChild(is);
      maxRow = Math.max(maxRow, ct.row());
      maxColumn = Math.max(maxColumn, ct.column());
    }
    for (Element dim : XlsxWorkbook.elements(doc, "dimension")) {
      if (!dim.getAttribute("ref").matches("[A-Z]+\\d+(:[A-Z]+\\d+)?")) {
        continue;
      }
      XlsxWorkbook.Area a = XlsxWorkbook.area(dim.getAttribute("ref"));
      dim.setAttribute("ref", XlsxWorkbook.ref(a.firstRow(), a.firstColumn()) + ":"
          + XlsxWorkbook.ref(Math.max(a.lastRow(), maxRow), Math.max(a.lastColumn(), maxColumn)));
    }
    try {
      TransformerFactory tf = TransformerFactory.newInstance();
      tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      Transformer tr = tf.newTransformer();
      tr.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      doc.setXmlStandalone(true);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      tr.transform(new DOMSource(doc), new StreamResult(bytes));
      return bytes.toByteArray();
    } catch (TransformerException e) {
      throw new IllegalStateException("cannot serialise the sheet", e);
    }
  }

  /** XML 1.0 cannot carry control characters, and Excel holds at most 32,767 per cell. */
  private static String cellText(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().filter(cp -> cp >= 0x20 || cp == '\t' || cp == '\n' || cp == '\r')
        .filter(cp -> cp != 0xFFFE && cp != 0xFFFF).forEach(b::appendCodePoint);
    return b.length() > 32_767 ? b.substring(0, 32_764) + "..." : b.toString();
  }

  private static Element insertRow(Document doc, Element sheetData, int r) {
    Element row = doc.createElementNS(XlsxWorkbook.MAIN_NS, "row");
    row.setAttribute("r", String.valueOf(r + 1));
    Element before = XlsxWorkbook.children(sheetData, "row").stream()
        .filter(x -> Integer.parseInt(x.getAttribute("r")) - 1 > r).findFirst().orElse(null);
    sheetData.insertBefore(row, before);
    return row;
  }

  /** The cell at (r, c), created in column order when missing: Excel rejects cells out of order. */
  private static Element cell(Document doc, Element row, int r, int c) {
    Element before = null;
    for (Element x : XlsxWorkbook.children(row, "c")) {
      int col = XlsxWorkbook.column(x.getAttribute("r"));
      if (col == c) {
        return x;
      }
      if (col > c) {
        before = x;
        break;
      }
    }
    Element cell = doc.createElementNS(XlsxWorkbook.MAIN_NS, "c");
    cell.setAttribute("r", XlsxWorkbook.ref(r, c));
    row.insertBefore(cell, before);
    return cell;
  }
}
