package dev.secaudit.layers.before.report;

/** As ScanJson was: the home of the JSON mapper the evidence manifest borrowed. */
public final class ScanJson {
  private ScanJson() {}

  public static String mapper() {
    return "mapper";
  }
}
