package dev.secaudit.check.subprocessors;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.policy.PolicyPointer;
import dev.secaudit.policy.Subprocessors;
import dev.secaudit.policy.VendorNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who a host or a written name belongs to: a declared subprocessor (by its own domains, or by the
 * catalog vendor its name or aliases mean), a catalog vendor nobody declared, or nobody known.
 */
final class VendorAttribution {
  /** The answer for one host or name; {@code declared} is an index into the declared list. */
  record Who(Integer declared, Vendor vendor) {
    boolean known() {
      return declared != null || vendor != null;
    }

    String label(List<Subprocessors.Subprocessor> list) {
      return declared != null ? list.get(declared).name() : vendor.name();
    }

    /** Whether the vendor is in subprocessors.declared, as findings compare it. */
    Value declaration() {
      return new Value.Presence(DECLARED_LIST, declared != null);
    }
  }

  /** The list a vendor must be in: what every vendor finding expects. */
  static final String DECLARED_LIST = "subprocessors.declared";
  static final Value DECLARED = new Value.Presence(DECLARED_LIST, true);

  /**
   * A vendor a source names, judged against the declared list: PASS pointing at its entry there,
   * FAIL pointing at the list. {@code finding} already says which check, where and from what
   * evidence; {@code seenIn} says how the source names it ("depended on in", "named by") and
   * {@code undeclared} how the failure says it ("depended on", "named by DNS").
   */
  static Finding judged(Finding.Builder finding, String label, Who who, String seenIn,
      String undeclared, String places) {
    finding.about(vendor(label));
    Integer d = who.declared();
    return d != null
        ? finding.status(Status.PASS).observed(label + " is declared as " + DECLARED_LIST + "["
            + d + "]; " + seenIn + " " + places, who.declaration())
            .rule(PolicyPointer.entry(PolicyPointer.DECLARED_VENDORS, d)).build()
        : finding.status(Status.FAIL).observed(label + " (" + who.vendor().category() + ") is "
            + undeclared + " but not declared: " + places, who.declaration())
            .rule(PolicyPointer.DECLARED_VENDORS).build();
  }

  /** The vendor a finding is about, by the name it is declared or catalogued under. */
  static Subject vendor(String name) {
    return new Subject(Subject.Kind.VENDOR, name);
  }

  private final VendorCatalog catalog;
  private final List<Subprocessors.Subprocessor> declared;
  private final List<Vendor> declaredVendors = new ArrayList<>();
  private final List<Set<String>> declaredNames = new ArrayList<>();

  VendorAttribution(VendorCatalog catalog, List<Subprocessors.Subprocessor> declared) {
    this.catalog = catalog;
    this.declared = declared;
    for (Subprocessors.Subprocessor d : declared) {
      Vendor v = null;
      Set<String> names = new HashSet<>();
      for (String n : d.names()) {
        names.add(VendorNames.normalise(n));
        if (v == null) {
          v = catalog.byName(n).orElse(null);
        }
      }
      declaredVendors.add(v);
      declaredNames.add(names);
    }
  }

  /** Whose host a DNS record names: the policy's domains, then the catalog's DNS patterns. */
  Who dns(String kind, String host) {
    Who own = declaredDomain(host);
    if (own != null) {
      return own;
    }
    Optional<Vendor> v = catalog.byDns(kind, host);
    return v.map(this::vendor).orElse(new Who(null, null));
  }

  private Who declaredDomain(String host) {
    for (int i = 0; i < declared.size(); i++) {
      for (String d : declared.get(i).domains()) {
        if (VendorCatalog.underDomain(host, d)) {
          return new Who(i, declaredVendors.get(i));
        }
      }
    }
    return null;
  }

  Who host(String host) {
    // The policy's own domains first: they are how a user claims a host the catalog mislabels.
    Who own = declaredDomain(host);
    if (own != null) {
      return own;
    }
    Optional<Vendor> v = catalog.byHost(host);
    return v.map(this::vendor).orElse(new Who(null, null));
  }

  Who name(String written) {
    String n = VendorNames.normalise(written);
    for (int i = 0; i < declared.size(); i++) {
      if (declaredNames.get(i).contains(n)) {
        return new Who(i, declaredVendors.get(i));
      }
    }
    Optional<Vendor> v = catalog.byName(written);
    return v.map(this::vendor).orElse(new Who(null, null));
  }

  /** Every written name of a declared or catalog vendor: what a sentence may call one by. */
  List<String> names() {
    List<String> out = new ArrayList<>();
    declared.forEach(d -> out.addAll(d.names()));
    catalog.vendors().forEach(v -> out.addAll(v.names()));
    return out;
  }

  /** Whose SDK a package is: only catalog vendors publish SDKs the catalog knows. */
  Who sdk(String ecosystem, String name) {
    Optional<Vendor> v = catalog.bySdk(ecosystem, name);
    return v.map(this::vendor).orElse(new Who(null, null));
  }

  /** A catalog vendor, as the declared entry that means it when there is one. */
  Who vendor(Vendor v) {
    int i = declaredVendors.indexOf(v);
    return new Who(i < 0 ? null : i, v);
  }
}
