package dev.secaudit.cli;

import picocli.CommandLine.Option;

/** {@code --csv-bom}, wherever a command writes CSV. */
final class CsvBomOption {
  @Option(names = "--csv-bom",
      description = "Begin every CSV with a UTF-8 byte-order mark, so Excel shows non-ASCII"
          + " text (a greater-or-equal sign, an ellipsis) as written; RFC 4180 tools expect"
          + " none.")
  boolean bom;
}
