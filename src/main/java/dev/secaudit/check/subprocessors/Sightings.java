package dev.secaudit.check.subprocessors;

import dev.secaudit.policy.Subprocessors;
import dev.secaudit.probe.SourceObservations;
import dev.secaudit.probe.deps.Dependency;
import dev.secaudit.probe.dns.DnsObservation;
import dev.secaudit.probe.dns.DnsSighting;
import dev.secaudit.probe.deps.DependencyObservation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where the local sources show vendors: dependency manifests and DNS records. */
final class Sightings {
  private Sightings() {}

  /** One vendor a repository depends on, with every manifest line that names its SDKs. */
  record Use(VendorAttribution.Who who, String label, List<Dependency> places) {}

  /** The catalog vendors among a repository's dependencies, by label, in manifest order. */
  static Map<String, Use> dependencies(DependencyObservation o, VendorAttribution who,
      List<Subprocessors.Subprocessor> declared) {
    Map<String, Use> out = new LinkedHashMap<>();
    for (Dependency d : o.dependencies()) {
      VendorAttribution.Who w = who.sdk(d.ecosystem(), d.name());
      if (w.known()) {
        String label = w.label(declared);
        out.computeIfAbsent(label, k -> new Use(w, k, new ArrayList<>())).places().add(d);
      }
    }
    return out;
  }

  /** One vendor the DNS records point to, with every record that does. */
  record DnsUse(VendorAttribution.Who who, String label, List<DnsSighting> places) {}

  /** The vendors the DNS records point to, by label, in reading order. */
  static Map<String, DnsUse> dns(DnsObservation o, VendorAttribution who,
      List<Subprocessors.Subprocessor> declared) {
    Map<String, DnsUse> out = new LinkedHashMap<>();
    for (DnsSighting s : o.sightings()) {
      VendorAttribution.Who w = who.dns(s.kind(), s.host());
      if (w.known()) {
        String label = w.label(declared);
        out.computeIfAbsent(label, k -> new DnsUse(w, k, new ArrayList<>())).places().add(s);
      }
    }
    return out;
  }

  /** For each declared vendor (by index) the sources that show it, as "source: place". */
  static Map<Integer, List<String>> declared(SourceObservations sources, VendorAttribution who,
      List<Subprocessors.Subprocessor> declared) {
    Map<Integer, List<String>> out = new LinkedHashMap<>();
    for (DependencyObservation o : sources.of(DependencyObservation.class)) {
      for (Use u : dependencies(o, who, declared).values()) {
        if (u.who().declared() != null) {
          out.computeIfAbsent(u.who().declared(), k -> new ArrayList<>())
              .add(o.source() + ": " + u.places().get(0).place());
        }
      }
    }
    for (DnsObservation o : sources.of(DnsObservation.class)) {
      for (DnsUse u : dns(o, who, declared).values()) {
        if (u.who().declared() != null) {
          out.computeIfAbsent(u.who().declared(), k -> new ArrayList<>())
              .add(o.source() + ": " + u.places().get(0).place());
        }
      }
    }
    return out;
  }
}
