package dev.secaudit.check;

import static dev.secaudit.model.Severity.HIGH;
import static dev.secaudit.model.Severity.INFO;
import static dev.secaudit.model.Severity.LOW;
import static dev.secaudit.model.Severity.MEDIUM;

import java.util.Map;

/** The subprocessor check ids, kept here so the shared catalog gains one line. */
final class SubprocessorChecks {
  /** Sub-processors authorised and recorded; supplier risk managed. */
  private static final String VENDORS =
      "gdpr:28(2) gdpr:30 soc2:CC9.2 iso27001:5.19 iso27001:5.21";

  private SubprocessorChecks() {}

  static void addTo(Map<String, CheckInfo> all) {
    CheckCatalog.add(all, CheckInfo.of("subprocessors.undeclared", "Every third party the pages"
        + " load is a declared subprocessor", HIGH, VENDORS,
        "Declare the vendor in subprocessors.declared (and publish it), or remove its tag from"
            + " the page; for a host the catalog does not know, add it to a declared vendor's"
            + " domains.", "GDPR Art. 28(2), Art. 30; SOC 2 CC9.2"));
    CheckCatalog.add(all, CheckInfo.of("subprocessors.unpublished", "Every declared subprocessor"
        + " is on the published list", MEDIUM, VENDORS,
        "Add the vendor to the published subprocessor page (customers must be told of changes),"
            + " or remove it from the policy if it is no longer used.", "GDPR Art. 28(2)"));
    CheckCatalog.add(all, CheckInfo.of("subprocessors.published_undeclared", "Every vendor on the"
        + " published list is declared in the policy", LOW, VENDORS,
        "Declare the vendor in subprocessors.declared with its purpose and location, or take it"
            + " off the published page if it is no longer used.", "GDPR Art. 30"));
    CheckCatalog.add(all, CheckInfo.of("subprocessors.unobserved", "A declared subprocessor is"
        + " seen on a page, in a dependency or in DNS", INFO, VENDORS,
        "Nothing to fix when the vendor works without a trace secaudit reads (support tools,"
            + " back-office SaaS); otherwise remove vendors no longer used from the list.",
        "GDPR Art. 30"));
    CheckCatalog.add(all, CheckInfo.of("subprocessors.sri", "Third-party scripts and stylesheets"
        + " carry Subresource Integrity", LOW, "soc2:CC9.2 iso27001:5.21 iso27001:8.26",
        "Add integrity=\"sha384-...\" and crossorigin=\"anonymous\" to pinned third-party"
            + " <script> and <link rel=stylesheet> tags; vendors that update a script in place"
            + " (Stripe.js, tag managers) cannot be pinned: waive those with a reason.",
        "W3C Subresource Integrity; MDN HTTP Observatory: SRI"));
    CheckCatalog.add(all, CheckInfo.of("subprocessors.dependencies", "Every vendor SDK the"
        + " repositories depend on is a declared subprocessor", HIGH, VENDORS,
        "Declare the vendor in subprocessors.declared (and publish it), or remove the SDK from the"
            + " manifest; fix a manifest reported as unreadable so its dependencies are judged.",
        "GDPR Art. 28(2), Art. 30; SOC 2 CC9.2"));
    CheckCatalog.add(all, CheckInfo.of("subprocessors.dns", "Every mail, hosting and CDN provider"
        + " the DNS names is a declared subprocessor", HIGH, VENDORS,
        "Declare the provider the MX, SPF include or CNAME points to (it receives mail or"
            + " serves traffic for you), or remove the stale record; keep SPF within 10 DNS"
            + " lookups.", "GDPR Art. 28(2); RFC 7208 §4.6.4 (SPF lookup limit); RFC 5321 §5"));
  }
}
