package dev.secaudit.policy;

import java.util.List;

@Doc("Subprocessors: the list the company declares, and the page where it is published.")
public record Subprocessors(
    @Doc(value = "URL of the published subprocessor list; its host must be the host of a"
            + " target (it is fetched like the target's pages).",
            example = "https://acme.example/legal/subprocessors")
        String publishedAt,
    @Doc(value = "The subprocessors the company declares.", required = true)
        List<Subprocessor> declared,
    @Doc("DNS read for vendors: the mail providers of the named domains (MX records, SPF"
            + " includes) and the hosting and CDN providers the targets' hosts point to"
            + " (CNAME chains).")
        SubprocessorDns dns) {
  public Subprocessors {
    declared = Unset.orEmpty(declared);
  }

  @Doc("Where and how the subprocessor DNS records are read.")
  public record SubprocessorDns(
      @Doc(value = "Name of this source in reports (shared namespace with targets).",
              defaultValue = "dns")
          String name,
      @Doc(value = "Domains whose MX records and SPF includes (followed recursively, at most 10"
              + " DNS lookups as RFC 7208 allows) name the mail providers.",
              example = "[acme.example]")
          List<String> domains,
      @Doc(value = "Follow the CNAME chain of every target's host (hosting, CDN).",
              defaultValue = "true")
          Boolean targets,
      @Doc(value = "DNS server as host or host:port (UDP, TCP when truncated); the system's"
              + " resolver when absent.", example = "127.0.0.1:5353")
          String resolver,
      @Doc(value = "Longest wait for one answer; a resolver silent for this long ends the DNS"
              + " reading with an ERROR.", defaultValue = "3s")
          PolicyDuration timeout) {
    public SubprocessorDns {
      name = Unset.or(name, "dns");
      domains = Unset.orEmpty(domains);
      targets = Unset.or(targets, Boolean.TRUE);
      timeout = Unset.or(timeout, PolicyDuration.parse("3s"));
    }
  }

  @Doc("One declared subprocessor: a record of processing for one vendor.")
  public record Subprocessor(
      @Doc(value = "Vendor name as the published list writes it; matched without regard to"
              + " case, punctuation and company forms (Inc, Ltd, GmbH).", example = "Stripe",
              required = true)
          String name,
      @Doc(value = "Other names of the vendor (products, former names) matched as the name.",
              example = "[Cloudflare R2]")
          List<String> aliases,
      @Doc(value = "What the vendor does for the service.", example = "payments") String purpose,
      @Doc(value = "Categories of personal data it processes.", example = "[email, billing address]")
          List<String> dataCategories,
      @Doc(value = "Where it processes the data.", example = "EU (Germany)") String location,
      @Doc(value = "Transfer mechanism for data leaving the EEA.",
              example = "SCCs, EU-US Data Privacy Framework")
          String transferMechanism,
      @Doc(value = "Data processing agreement: true, false, or the URL of the signed DPA.",
              example = "https://stripe.com/legal/dpa")
          Dpa dpa,
      @Doc(value = "Certifications the vendor holds.", example = "[SOC 2 Type II, ISO 27001]")
          List<String> certifications,
      @Doc(value = "Host suffixes the vendor's services load from, for vendors the built-in"
              + " catalog does not know (or extra domains of ones it does).",
              example = "[acme-analytics.example]")
          List<String> domains) {
    public Subprocessor {
      aliases = Unset.orEmpty(aliases);
      dataCategories = Unset.orEmpty(dataCategories);
      certifications = Unset.orEmpty(certifications);
      domains = Unset.orEmpty(domains);
    }

    /** The name and every alias, as written. */
    public List<String> names() {
      List<String> out = new java.util.ArrayList<>();
      out.add(name);
      out.addAll(aliases);
      return out;
    }
  }
}
