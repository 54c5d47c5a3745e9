package dev.secaudit.check.subprocessors;

import java.util.function.Supplier;

/**
 * The vendor catalog a check judges with, read when first needed: commands that judge nothing
 * (validate, schema, checks) never parse the 144-vendor file.
 */
final class CatalogOnFirstUse {
  private final Supplier<VendorCatalog> read;
  private VendorCatalog catalog;

  private CatalogOnFirstUse(Supplier<VendorCatalog> read) {
    this.read = read;
  }

  static CatalogOnFirstUse builtIn() {
    return new CatalogOnFirstUse(VendorCatalog::builtIn);
  }

  static CatalogOnFirstUse of(VendorCatalog catalog) {
    return new CatalogOnFirstUse(() -> catalog);
  }

  synchronized VendorCatalog get() {
    if (catalog == null) {
      catalog = read.get();
    }
    return catalog;
  }
}
