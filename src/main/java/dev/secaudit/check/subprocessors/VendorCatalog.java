package dev.secaudit.check.subprocessors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.secaudit.policy.VendorNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in vendors, read from the jar's vendors.yaml, with the two lookups the subprocessor
 * checks need: which vendor serves a host, and which vendor a written name means.
 */
public final class VendorCatalog {
  static final String RESOURCE = "/dev/secaudit/vendors.yaml";

  private final List<Vendor> vendors;
  private final Map<String, Vendor> byName = new LinkedHashMap<>();

  record File(List<Vendor> vendors) {}

  public VendorCatalog(List<Vendor> vendors) {
    this.vendors = List.copyOf(vendors);
    for (Vendor v : this.vendors) {
      for (String n : v.names()) {
        byName.putIfAbsent(VendorNames.normalise(n), v);
      }
    }
  }

  /** The catalog shipped in the jar. */
  public static VendorCatalog builtIn() {
    try (InputStream in = VendorCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the build");
      }
      File f = YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build()
          .readValue(in, File.class);
      return new VendorCatalog(f.vendors());
    } catch (JsonProcessingException e) {
      // The file ships inside the jar, so a bad one is a bug: fail with the place to fix.
      throw new IllegalStateException(RESOURCE + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  public List<Vendor> vendors() {
    return vendors;
  }

  /** The vendor whose domain is the host or a parent of it (the longest such domain wins). */
  public Optional<Vendor> byHost(String host) {
    Vendor best = null;
    int bestLength = -1;
    for (Vendor v : vendors) {
      for (String d : v.domains()) {
        if (underDomain(host, d) && d.length() > bestLength) {
          best = v;
          bestLength = d.length();
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** The vendor a written name (or alias) means, compared after {@link VendorNames#normalise}. */
  public Optional<Vendor> byName(String written) {
    return Optional.ofNullable(byName.get(VendorNames.normalise(written)));
  }

  /**
   * The vendor whose SDK a dependency is, by ecosystem (npm, maven, pypi, go, gem). Besides exact
   * names, an npm entry {@code @scope/*} or a maven entry {@code group:*} claims the vendor's whole
   * namespace, and a go module claims the modules under its path (their sub-modules are its own).
   */
  public Optional<Vendor> bySdk(String ecosystem, String name) {
    String wanted = SdkNames.normalise(ecosystem, name);
    for (Vendor v : vendors) {
      for (String entry : v.sdk().getOrDefault(ecosystem, List.of())) {
        if (SdkNames.matches(ecosystem, SdkNames.normalise(ecosystem, entry), wanted)) {
          return Optional.of(v);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The vendor a DNS record points to: by the catalog's DNS patterns of that kind (mx, spf,
   * cname), the longest matching suffix winning, else by the vendor's web domains.
   */
  public Optional<Vendor> byDns(String kind, String host) {
    Vendor best = null;
    int bestLength = -1;
    for (Vendor v : vendors) {
      for (String d : v.dns().getOrDefault(kind, List.of())) {
        if (underDomain(host, d) && d.length() > bestLength) {
          best = v;
          bestLength = d.length();
        }
      }
    }
    return best != null ? Optional.of(best) : byHost(host);
  }

  /** Whether {@code host} is {@code domain} or a sub-domain of it (on label boundaries). */
  public static boolean underDomain(String host, String domain) {
    String h = host.toLowerCase(Locale.ROOT);
    String d = domain.toLowerCase(Locale.ROOT);
    return h.equals(d) || h.endsWith("." + d);
  }

  /** Every vendor of a category, for listings. */
  public List<Vendor> inCategory(String category) {
    List<Vendor> out = new ArrayList<>();
    for (Vendor v : vendors) {
      if (v.category().equals(category)) {
        out.add(v);
      }
    }
    return out;
  }
}
