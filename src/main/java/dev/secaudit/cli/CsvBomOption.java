package dev.secaudit.cli;

/** {@code --csv-bom}, wherever a command writes CSV. */
final class CsvBomOption {
  boolean bom;

  CsvBomOption addTo(CommandModel model) {
    model.flag(v -> bom = v, "Begin every CSV with a UTF-8 byte-order mark, so Excel shows"
        + " non-ASCII text (a greater-or-equal sign, an ellipsis) as written; RFC 4180 tools"
        + " expect none.", "--csv-bom");
    return this;
  }
}
