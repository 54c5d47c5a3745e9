package dev.secaudit.layers.before.check;

/** As the static CheckCatalog the renderers read. */
public final class CheckCatalog {
  private CheckCatalog() {}

  public static String title(String id) {
    return id;
  }
}
