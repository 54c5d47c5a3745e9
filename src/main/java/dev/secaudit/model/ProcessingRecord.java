package dev.secaudit.model;

import java.util.List;

/**
 * One row of the records of processing (GDPR Art. 30) for a declared subprocessor, as the run
 * saw it: what the policy declares and where the scan found the vendor in use. Kept in the scan
 * so reports render it without reading the policy again.
 *
 * @param dpa "yes", "no", the DPA's URL, or empty when the policy does not say
 * @param whereSeen "target: place" for every page, manifest line and DNS record that showed the
 *     vendor ("app: pages", "app-repo: web/package.json:12", "dns: acme.example MX"); empty when
 *     nothing did
 */
public record ProcessingRecord(
    String vendor,
    String purpose,
    List<String> dataCategories,
    String location,
    String transferMechanism,
    String dpa,
    List<String> certifications,
    List<String> whereSeen) {
  public ProcessingRecord {
    dataCategories = dataCategories == null ? List.of() : List.copyOf(dataCategories);
    certifications = certifications == null ? List.of() : List.copyOf(certifications);
    whereSeen = whereSeen == null ? List.of() : List.copyOf(whereSeen);
  }
}
