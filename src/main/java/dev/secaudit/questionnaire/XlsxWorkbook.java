package dev.secaudit.questionnaire;

import dev.secaudit.policy.InputFile;
import dev.secaudit.policy.UsageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The parts of an XLSX package (ECMA-376 SpreadsheetML) that a questionnaire needs, read and
 * patched with the JDK's own zip and XML parsers: the sheets, their cell text, merged cells and
 * list validations; and a copy of the package in which only one sheet's XML gains cells. Every
 * other part (styles, other sheets, drawings, macros) is copied byte for byte, so the customer
 * gets their own workbook back. (Apache POI would add ~20 MB to the jar and ~2.5 s per
 * questionnaire; see docs/questionnaire.md.)
 */
final class XlsxWorkbook {
  /** A part larger than this once inflated is a zip bomb or not a questionnaire. */
  static final long MAX_PART_BYTES = 64L * 1024 * 1024;

  static final String MAIN_NS =
      "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  private static final String REL_NS =
      "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  private static final byte[] OLE2_MAGIC = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0,
      (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};

  /** A visible worksheet: its tab name and its part's path inside the package. */
  record Sheet(String name, String part) {}

  /** A rectangle of cells, 0-based and inclusive. */
  record Area(int firstRow, int firstColumn, int lastRow, int lastColumn) {
    boolean contains(int row, int column) {
      return row >= firstRow && row <= lastRow && column >= firstColumn && column <= lastColumn;
    }
  }

  /** One cell of text to set; {@code styleFrom} names a cell whose style a new cell takes. */
  record CellText(int row, int column, String text, int styleFromRow, int styleFromColumn) {}

  /** A sheet's content as read: rows of cell text, merged areas, list validations. */
  record SheetContent(List<List<String>> rows, List<Area> merged, Map<Area, String> lists) {}

  private final Path file;
  private final List<Sheet> sheets;
  private final List<String> sharedStrings;
  private final Map<String, String> definedNames;

  private XlsxWorkbook(Path file, List<Sheet> sheets, List<String> sharedStrings,
      Map<String, String> definedNames) {
    this.file = file;
    this.sheets = sheets;
    this.sharedStrings = sharedStrings;
    this.definedNames = definedNames;
  }

  List<Sheet> sheets() {
    return sheets;
  }

  static XlsxWorkbook open(Path file, long maxBytes) {
    byte[] head = new byte[8];
    InputFile.requireRegular(file, "questionnaire", maxBytes,
        "Give the customer's questionnaire (CSV or XLSX)");
    try (InputStream in = Files.newInputStream(file)) {
      int n = in.readNBytes(head, 0, head.length);
      if (n == 0) {
        throw new UsageException(file + ": empty file: not an XLSX workbook");
      }
    } catch (NoSuchFileException e) {
      throw new UsageException(file + ": no such file");
    } catch (IOException e) {
      throw new UsageException(file + ": cannot read: " + e.getMessage());
    }
    if (java.util.Arrays.equals(head, OLE2_MAGIC)) {
      throw new UsageException(file + ": " + (encrypted(file)
          ? "password-protected workbook: secaudit cannot open it. Save a copy without the"
              + " password (Excel: File > Info > Protect Workbook > Encrypt with Password, clear"
              + " it) and answer that copy"
          : "an Excel 97-2003 (.xls) workbook, not XLSX: save it as .xlsx or CSV"));
    }
    if (head[0] != 'P' || head[1] != 'K') {
      throw corrupt(file, "not a zip package");
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      String workbookPart = officeDocument(zip, file);
      Document workbook = parse(part(zip, workbookPart, file), file, workbookPart);
      Map<String, String> rels = relationships(zip, workbookPart, file);
      List<Sheet> sheets = new ArrayList<>();
      for (Element s : elements(workbook, "sheet")) {
        String state = s.getAttribute("state");
        String target = rels.get(s.getAttributeNS(REL_NS, "id"));
        if (target != null && !state.equals("hidden") && !state.equals("veryHidden")
            && target.contains("worksheets/")) {
          sheets.add(new Sheet(s.getAttribute("name"), target));
        }
      }
      Map<String, String> names = new LinkedHashMap<>();
      for (Element d : elements(workbook, "definedName")) {
        names.putIfAbsent(d.getAttribute("name").toLowerCase(Locale.ROOT), d.getTextContent());
      }
      List<String> strings = new ArrayList<>();
      String sst = rels.values().stream().filter(t -> t.endsWith("sharedStrings.xml"))
          .findFirst().orElse(null);
      if (sst != null && zip.getEntry(sst) != null) {
        for (Element si : elements(parse(part(zip, sst, file), file, sst), "si")) {
          strings.add(text(si));
        }
      }
      return new XlsxWorkbook(file, List.copyOf(sheets), List.copyOf(strings), names);
    } catch (ZipException e) {
      throw corrupt(file, e.getMessage());
    } catch (IOException e) {
      throw new UsageException(file + ": cannot read: " + e.getMessage());
    }
  }

  /** One sheet's cells; a sheet of more than {@code maxRows} rows is refused before parsing. */
  SheetContent read(Sheet sheet, int maxRows) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      byte[] xml = part(zip, sheet.part(), file);
      if (lastRow(xml, sheet) > maxRows) {
        throw new UsageException(file + ": sheet '" + sheet.name() + "' has more than " + maxRows
            + " rows: not a questionnaire secaudit answers in one go (split it, or check that"
            + " this is the right file)");
      }
      Document doc = parse(xml, file, sheet.part());
      List<List<String>> rows = new ArrayList<>();
      for (Element row : elements(doc, "row")) {
        int r = row.hasAttribute("r") ? Integer.parseInt(row.getAttribute("r")) - 1 : rows.size();
        while (rows.size() <= r) {
          rows.add(new ArrayList<>());
        }
        List<String> cells = rows.get(r);
        for (Element c : children(row, "c")) {
          int col = c.hasAttribute("r") ? column(c.getAttribute("r")) : cells.size();
          while (cells.size() <= col) {
            cells.add("");
          }
          cells.set(col, value(c));
        }
      }
      List<Area> merged = new ArrayList<>();
      for (Element m : elements(doc, "mergeCell")) {
        merged.add(area(m.getAttribute("ref")));
      }
      Map<Area, String> lists = new LinkedHashMap<>();
      for (Element v : elements(doc, "dataValidation")) {
        if (!v.getAttribute("type").equals("list")) {
          continue;
        }
        String sqref = v.getAttribute("sqref");
        if (sqref.isEmpty()) {
          sqref = children(v, "sqref").stream().map(Node::getTextContent).findFirst().orElse("");
        }
        String formula = children(v, "formula1").stream().map(Node::getTextContent)
            .findFirst().orElse("").strip();
        for (String ref : sqref.strip().split("\\s+")) {
          if (!ref.isEmpty()) {
            lists.put(area(ref), formula);
          }
        }
      }
      return new SheetContent(rows, List.copyOf(merged), lists);
    } catch (IOException e) {
      throw new UsageException(file + ": cannot read: " + e.getMessage());
    } catch (RuntimeException e) {
      if (e instanceof UsageException u) {
        throw u;
      }
      throw corrupt(file, "sheet '" + sheet.name() + "': " + e.getMessage());
    }
  }

  /**
   * The values a list validation allows: a literal list ({@code "Yes,No,N/A"}), a range on this
   * or another sheet ({@code Lists!$A$1:$A$3}), or a defined name for one.
   */
  List<String> listValues(String formula, Sheet within) {
    String f = formula.strip();
    if (f.startsWith("=")) {
      f = f.substring(1);
    }
    if (f.startsWith("\"") && f.endsWith("\"") && f.length() >= 2) {
      return java.util.Arrays.stream(f.substring(1, f.length() - 1).split(","))
          .map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
    String named = definedNames.get(f.toLowerCase(Locale.ROOT));
    if (named != null) {
      f = named.strip();
    }
    Sheet sheet = within;
    int bang = f.lastIndexOf('!');
    if (bang > 0) {
      String name = f.substring(0, bang);
      if (name.startsWith("'") && name.endsWith("'")) {
        name = name.substring(1, name.length() - 1).replace("''", "'");
      }
      String wanted = name;
      sheet = sheets.stream().filter(s -> s.name().equals(wanted)).findFirst()
          .orElse(allSheet(wanted).orElse(null));
      f = f.substring(bang + 1);
    }
    if (sheet == null || !f.matches("\\$?[A-Za-z]{1,3}\\$?\\d+(:\\$?[A-Za-z]{1,3}\\$?\\d+)?")) {
      return List.of();
    }
    Area a = area(f.replace("$", ""));
    List<List<String>> rows = read(sheet, CsvQuestionnaire.MAX_ROWS).rows();
    List<String> values = new ArrayList<>();
    for (int r = a.firstRow(); r <= a.lastRow() && r < rows.size(); r++) {
      for (int c = a.firstColumn(); c <= a.lastColumn(); c++) {
        String v = SheetLayout.cell(rows.get(r), c).strip();
        if (!v.isEmpty()) {
          values.add(v);
        }
      }
    }
    return values;
  }

  /** Lists often live on a hidden sheet: look among every worksheet of the workbook. */
  private Optional<Sheet> allSheet(String name) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      String workbookPart = officeDocument(zip, file);
      Map<String, String> rels = relationships(zip, workbookPart, file);
      for (Element s : elements(parse(part(zip, workbookPart, file), file, workbookPart),
          "sheet")) {
        if (s.getAttribute("name").equals(name)) {
          return Optional.ofNullable(rels.get(s.getAttributeNS(REL_NS, "id")))
              .map(t -> new Sheet(name, t));
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Writes the package with {@code cells} set in {@code sheet}: inline strings, so the shared
   * string table and every other part stay as they were. A cell holding a formula is left alone
   * (the workbook's calculation chain names it).
   */
  void writeWith(Sheet sheet, List<CellText> cells, OutputStream out) throws IOException {
    try (ZipFile zip = new ZipFile(file.toFile());
        ZipOutputStream z = new ZipOutputStream(out)) {
      byte[] patched = SheetPatch.apply(parse(part(zip, sheet.part(), file), file, sheet.part()), cells);
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        z.putNextEntry(new ZipEntry(e.getName()));
        if (e.getName().equals(sheet.part())) {
          z.write(patched);
        } else if (!e.isDirectory()) {
          z.write(part(zip, e.getName(), file));
        }
        z.closeEntry();
      }
    }
  }

  private String value(Element c) {
    String type = c.getAttribute("t");
    String v = children(c, "v").stream().map(Node::getTextContent).findFirst().orElse("");
    List<Element> formula = children(c, "f");
    if (!formula.isEmpty() && children(c, "v").isEmpty()) {
      // A formula Excel never computed has no text to read: keep it visible, as written, so its
      // row is reviewed rather than dropped as empty.
      return "=" + formula.get(0).getTextContent();
    }
    switch (type) {
      case "s":
        try {
          int i = Integer.parseInt(v.strip());
          return i >= 0 && i < sharedStrings.size() ? sharedStrings.get(i) : "";
        } catch (NumberFormatException e) {
          return "";
        }
      case "inlineStr":
        return children(c, "is").stream().map(XlsxWorkbook::text).findFirst().orElse("");
      case "b":
        return v.equals("1") ? "TRUE" : "FALSE";
      default:
        return number(v);
    }
  }

  /** Numbers as a person reads them: 3 rather than 3.0. */
  private static String number(String v) {
    if (v.endsWith(".0")) {
      return v.substring(0, v.length() - 2);
    }
    return v;
  }

  /** A string item's text: its runs, without the phonetic guides (rPh) of East Asian text. */
  private static String text(Element si) {
    StringBuilder b = new StringBuilder();
    NodeList ts = si.getElementsByTagNameNS(MAIN_NS, "t");
    for (int i = 0; i < ts.getLength(); i++) {
      Node t = ts.item(i);
      if (!"rPh".equals(t.getParentNode().getLocalName())) {
        b.append(t.getTextContent());
      }
    }
    return b.toString();
  }

  /** The highest row number, by a streaming pass, so a 100,000-row sheet is never held whole. */
  private long lastRow(byte[] xml, Sheet sheet) {
    try {
      XMLInputFactory f = XMLInputFactory.newFactory();
      f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
      f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
      XMLStreamReader r = f.createXMLStreamReader(new ByteArrayInputStream(xml));
      long last = 0;
      while (r.hasNext()) {
        if (r.next() == XMLStreamReader.START_ELEMENT && r.getLocalName().equals("row")) {
          String n = r.getAttributeValue(null, "r");
          last = n == null ? last + 1 : Math.max(last, rowNumber(n, sheet));
        }
      }
      r.close();
      return last;
    } catch (XMLStreamException e) {
      throw XlsxRefusal.of(file, sheet.part(), xml, e);
    }
  }

  private long rowNumber(String n, Sheet sheet) {
    try {
      return Long.parseLong(n);
    } catch (NumberFormatException e) {
      throw corrupt(file, "part " + sheet.part() + ": a row numbered " + XlsxRefusal.quoted(n)
          + ", not a whole number");
    }
  }

  private static String officeDocument(ZipFile zip, Path file) throws IOException {
    if (zip.getEntry("_rels/.rels") == null) {
      throw corrupt(file, "no _rels/.rels: not an Office Open XML package");
    }
    for (Element rel : elements(parse(part(zip, "_rels/.rels", file), file, "_rels/.rels"),
        "Relationship")) {
      if (rel.getAttribute("Type").endsWith("/officeDocument")) {
        String target = rel.getAttribute("Target");
        return target.startsWith("/") ? target.substring(1) : target;
      }
    }
    throw corrupt(file, "no workbook in the package (a Word or PowerPoint file?)");
  }

  /** The part's relationships: id → part path, resolved against the part's folder. */
  private static Map<String, String> relationships(ZipFile zip, String partName, Path file)
      throws IOException {
    int slash = partName.lastIndexOf('/');
    String dir = slash < 0 ? "" : partName.substring(0, slash + 1);
    String relsName = dir + "_rels/" + partName.substring(slash + 1) + ".rels";
    Map<String, String> out = new LinkedHashMap<>();
    if (zip.getEntry(relsName) == null) {
      return out;
    }
    for (Element rel : elements(parse(part(zip, relsName, file), file, relsName),
        "Relationship")) {
      String target = rel.getAttribute("Target");
      String resolved = target.startsWith("/") ? target.substring(1)
          : java.net.URI.create(dir.isEmpty() ? target : dir + target).normalize().toString();
      out.put(rel.getAttribute("Id"), resolved);
    }
    return out;
  }

  private static byte[] part(ZipFile zip, String name, Path file) throws IOException {
    ZipEntry e = zip.getEntry(name);
    if (e == null) {
      throw corrupt(file, "missing part " + name);
    }
    try (InputStream in = zip.getInputStream(e)) {
      byte[] bytes = in.readNBytes((int) MAX_PART_BYTES + 1);
      if (bytes.length > MAX_PART_BYTES) {
        throw new UsageException(file + ": part " + name + " inflates to more than "
            + MAX_PART_BYTES / (1024 * 1024) + " MiB: not a questionnaire (or a zip bomb)");
      }
      return bytes;
    }
  }

  private static Document parse(byte[] xml, Path file, String partName) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setExpandEntityReferences(false);
      f.setXIncludeAware(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b.parse(new ByteArrayInputStream(xml));
    } catch (SAXException e) {
      throw XlsxRefusal.of(file, partName, xml, e);
    } catch (ParserConfigurationException | IOException e) {
      throw corrupt(file, partName + ": " + e.getMessage());
    }
  }

  static List<Element> elements(Document doc, String localName) {
    NodeList nodes = doc.getElementsByTagNameNS("*", localName);
    List<Element> out = new ArrayList<>(nodes.getLength());
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add((Element) nodes.item(i));
    }
    return out;
  }

  static List<Element> children(Element parent, String localName) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }

  /** An encrypted OOXML file is a compound file holding an EncryptionInfo stream (MS-OFFCRYPTO). */
  private static boolean encrypted(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      return XlsxRefusal.contains(bytes, "EncryptionInfo".getBytes(StandardCharsets.UTF_16LE));
    } catch (IOException e) {
      return false;
    }
  }

  static UsageException corrupt(Path file, String why) {
    return new UsageException(file + ": not a readable XLSX workbook (corrupt or another format: "
        + why + "); open it in Excel and save it again as .xlsx, or export it as CSV");
  }

  static Area area(String ref) {
    String[] ends = ref.strip().split(":");
    int r1 = row(ends[0]);
    int c1 = column(ends[0]);
    if (ends.length == 1) {
      return new Area(r1, c1, r1, c1);
    }
    return new Area(r1, c1, row(ends[1]), column(ends[1]));
  }

  /** 0-based column of a cell reference: A → 0, Z → 25, AA → 26. */
  static int column(String ref) {
    int c = 0;
    for (int i = 0; i < ref.length() && Character.isLetter(ref.charAt(i)); i++) {
      c = c * 26 + (Character.toUpperCase(ref.charAt(i)) - 'A' + 1);
    }
    return c - 1;
  }

  private static int row(String ref) {
    int i = 0;
    while (i < ref.length() && !Character.isDigit(ref.charAt(i))) {
      i++;
    }
    return Integer.parseInt(ref.substring(i)) - 1;
  }

  static String ref(int row, int column) {
    StringBuilder letters = new StringBuilder();
    for (int c = column + 1; c > 0; c = (c - 1) / 26) {
      letters.insert(0, (char) ('A' + (c - 1) % 26));
    }
    return letters.toString() + (row + 1);
  }
}
