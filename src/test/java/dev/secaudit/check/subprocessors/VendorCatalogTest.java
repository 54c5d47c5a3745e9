package dev.secaudit.check.subprocessors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The built-in vendor catalog is data: these rules keep it usable as it grows. */
class VendorCatalogTest {
  private static final VendorCatalog CATALOG = VendorCatalog.builtIn();
  private static final Pattern DOMAIN =
      Pattern.compile("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{1,62}$");
  private static final Set<String> CATEGORIES = Set.of("analytics", "advertising", "consent",
      "error-monitoring", "payments", "email", "ai", "cdn", "auth", "support-chat", "hosting");
  private static final Set<String> ECOSYSTEMS = Set.of("npm", "maven", "pypi", "go", "gem");
  private static final Set<String> DNS_KINDS = Set.of("mx", "spf", "cname");

  @Test
  void atLeastEightyVendorsCoveringEveryCategoryTheIssueNames() {
    assertThat(CATALOG.vendors()).hasSizeGreaterThanOrEqualTo(80);
    for (String c : List.of("analytics", "error-monitoring", "payments", "email", "ai", "cdn",
        "auth", "support-chat", "hosting")) {
      assertThat(CATALOG.inCategory(c)).as(c).hasSizeGreaterThanOrEqualTo(5);
    }
  }

  @Test
  void idsUniqueAndEveryFieldWellFormed() {
    Set<String> ids = new HashSet<>();
    for (Vendor v : CATALOG.vendors()) {
      assertThat(ids.add(v.id())).as("duplicate id " + v.id()).isTrue();
      assertThat(v.id()).matches("[a-z0-9][a-z0-9-]*");
      assertThat(v.name()).as(v.id()).isNotBlank();
      assertThat(CATEGORIES).as(v.id() + " category").contains(v.category());
      assertThat(v.domains()).as(v.id() + " domains").isNotEmpty();
      for (String d : v.domains()) {
        assertThat(d).as(v.id()).matches(DOMAIN);
      }
      assertThat(ECOSYSTEMS).as(v.id()).containsAll(v.sdk().keySet());
      assertThat(DNS_KINDS).as(v.id()).containsAll(v.dns().keySet());
      v.dns().values().forEach(l -> l.forEach(d -> assertThat(d).as(v.id()).matches(
          Pattern.compile("^_?[a-z0-9.-]+\\.[a-z]+$"))));
      v.sdk().getOrDefault("maven", List.of())
          .forEach(m -> assertThat(m).as(v.id()).matches("[\\w.-]+:([\\w.-]+|\\*)"));
      v.sdk().getOrDefault("npm", List.of()).stream().filter(n -> n.endsWith("*"))
          .forEach(n -> assertThat(n).as(v.id()).matches("@[a-z0-9.-]+/\\*"));
    }
  }

  @Test
  void sdkNamesMatchExactlyOrByTheVendorsNamespace() {
    assertThat(CATALOG.bySdk("npm", "@sentry/vue")).map(Vendor::id).contains("sentry");
    assertThat(CATALOG.bySdk("npm", "@sentryish/x")).isEmpty();
    assertThat(CATALOG.bySdk("npm", "stripe")).map(Vendor::id).contains("stripe");
    assertThat(CATALOG.bySdk("npm", "stripe-mock")).isEmpty();
    assertThat(CATALOG.bySdk("pypi", "Sentry_SDK")).map(Vendor::id).contains("sentry");
    assertThat(CATALOG.bySdk("maven", "software.amazon.awssdk:dynamodb")).map(Vendor::id)
        .contains("aws");
    assertThat(CATALOG.bySdk("go", "github.com/aws/aws-sdk-go-v2/service/s3")).map(Vendor::id)
        .contains("aws");
    assertThat(CATALOG.bySdk("go", "github.com/aws/aws-sdk-go-v2x")).isEmpty();
    assertThat(CATALOG.bySdk("gem", "stripe")).map(Vendor::id).contains("stripe");
    assertThat(CATALOG.byDns("mx", "mxa.mailgun.org")).map(Vendor::id).contains("mailgun");
    assertThat(CATALOG.byDns("cname", "d1.cloudfront.net")).map(Vendor::id).contains("aws");
    assertThat(CATALOG.byDns("spf", "_spf.google.com")).map(Vendor::id)
        .contains("google-workspace");
  }

  @Test
  void noVendorOwnsADomainUnderAnotherVendorsDomain() {
    List<String> clashes = new ArrayList<>();
    for (Vendor a : CATALOG.vendors()) {
      for (Vendor b : CATALOG.vendors()) {
        if (a == b) {
          continue;
        }
        for (String da : a.domains()) {
          for (String db : b.domains()) {
            if (VendorCatalog.underDomain(da, db)) {
              clashes.add(a.id() + ":" + da + " under " + b.id() + ":" + db);
            }
          }
        }
      }
    }
    assertThat(clashes).isEmpty();
  }

  @Test
  void noTwoVendorsShareANameOrAlias() {
    Map<String, String> owner = new HashMap<>();
    List<String> clashes = new ArrayList<>();
    for (Vendor v : CATALOG.vendors()) {
      for (String n : v.names()) {
        String key = dev.secaudit.policy.VendorNames.normalise(n);
        String before = owner.putIfAbsent(key, v.id());
        if (before != null && !before.equals(v.id())) {
          clashes.add(n + ": " + before + " and " + v.id());
        }
      }
    }
    assertThat(clashes).isEmpty();
  }

  @Test
  void hostsAndNamesResolveToTheirVendor() {
    assertThat(CATALOG.byHost("www.googletagmanager.com").orElseThrow().id())
        .isEqualTo("google-analytics");
    assertThat(CATALOG.byHost("js.stripe.com").orElseThrow().id()).isEqualTo("stripe");
    assertThat(CATALOG.byHost("fonts.gstatic.com").orElseThrow().id()).isEqualTo("google-fonts");
    assertThat(CATALOG.byHost("generativelanguage.googleapis.com").orElseThrow().id())
        .isEqualTo("google-gemini");
    assertThat(CATALOG.byHost("notstripe.com")).isEmpty();
    assertThat(CATALOG.byHost("googleapis.com")).isEmpty();
    assertThat(CATALOG.byName("Stripe, Inc.").orElseThrow().id()).isEqualTo("stripe");
    assertThat(CATALOG.byName("SENDINBLUE").orElseThrow().id()).isEqualTo("brevo");
    assertThat(CATALOG.byName("Amazon Web Services").orElseThrow().id()).isEqualTo("aws");
    assertThat(CATALOG.byName("Functional Software, Inc.").orElseThrow().id()).isEqualTo("sentry");
  }
}
