package dev.secaudit.check.subprocessors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Artifact;
import dev.secaudit.probe.http.Header;
import dev.secaudit.probe.http.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import dev.secaudit.policy.Subprocessors;
import org.junit.jupiter.api.Test;

/** The two readers of recorded pages: third-party resources, and a published vendor list. */
class PageReadersTest {
  private static final VendorCatalog CATALOG = VendorCatalog.builtIn();

  static String fixture(String name) {
    try (InputStream in = PageReadersTest.class.getResourceAsStream("/subprocessors/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static HttpExchange page(String url, String body, String... headers) {
    List<Header> hs = new ArrayList<>();
    for (int i = 0; i < headers.length; i += 2) {
      hs.add(new Header(headers[i], headers[i + 1]));
    }
    return new HttpExchange("app/page", "GET", url, List.of(), 200, "HTTP/1.1", hs, body,
        body.length(), false, Artifact.sha256(new byte[0]), Instant.EPOCH, 1, null, null,
        List.of());
  }

  @Test
  void everyLoadingElementAndCspSourceGivesAThirdPartyHost() {
    PageResources r = PageResources.of(page("https://app.acme.example/", fixture("home.html"),
        "Content-Type", "text/html; charset=utf-8",
        "Content-Security-Policy", "default-src 'self'; script-src 'self' 'nonce-r4nd0m'"
            + " https://www.googletagmanager.com *.hotjar.com; connect-src"
            + " https://api.segment.io wss://ws.pusherapp.com:443 data: https:"));
    List<String> hosts = r.resources().stream().map(PageResource::host).distinct().toList();
    assertThat(hosts).containsExactly("fonts.googleapis.com", "fonts.gstatic.com",
        "cdn.jsdelivr.net", "widget.intercom.io", "www.googletagmanager.com", "js.stripe.com",
        "browser.sentry-cdn.com", "cdn.tracker-unknown.example", "www.youtube-nocookie.com",
        "acme.us21.list-manage.com", "hotjar.com", "api.segment.io", "ws.pusherapp.com");
    // First-party: the page's own host, its site's other hosts, and relative URLs.
    assertThat(hosts).doesNotContain("app.acme.example", "static.app.acme.example");
    assertThat(r.resources()).filteredOn(x -> x.host().equals("browser.sentry-cdn.com"))
        .singleElement().satisfies(x -> {
          assertThat(x.element()).isEqualTo("<script src>");
          assertThat(x.integrity()).startsWith("sha384-");
          assertThat(x.subresource()).isTrue();
        });
    assertThat(r.resources()).filteredOn(x -> x.host().equals("acme.us21.list-manage.com"))
        .extracting(PageResource::element).containsExactly("<form action>");
    assertThat(r.resources()).filteredOn(x -> x.host().equals("ws.pusherapp.com"))
        .extracting(PageResource::element).containsExactly("CSP connect-src");
    assertThat(r.notes()).isEmpty();
    assertThat(CATALOG.byHost("acme.us21.list-manage.com").orElseThrow().id())
        .isEqualTo("mailchimp");
  }

  @Test
  void hostsOfPolicyTargetsAreFirstPartyOnAnyPage() {
    HttpExchange p = page("http://127.0.0.1:8080/", fixture("home.html"), "Content-Type",
        "text/html");
    assertThat(PageResources.of(p).resources()).extracting(PageResource::host)
        .contains("static.app.acme.example");
    assertThat(PageResources.of(p, java.util.Set.of("app.acme.example")).resources())
        .extracting(PageResource::host).doesNotContain("static.app.acme.example")
        .contains("js.stripe.com");
  }

  @Test
  void notHtmlIsIgnoredWithANoteAndHostsAreCapped() {
    PageResources json = PageResources.of(page("https://app.acme.example/api",
        "{\"script\": \"<script src=https://js.stripe.com/v3/>\"}", "Content-Type",
        "application/json"));
    assertThat(json.resources()).isEmpty();
    assertThat(json.notes()).singleElement().asString().contains("not HTML")
        .contains("application/json");

    StringBuilder many = new StringBuilder("<!doctype html><html><body>");
    for (int i = 0; i < PageResources.MAX_HOSTS + 50; i++) {
      many.append("<img src=\"https://h").append(i).append(".example.net/p.gif\">");
    }
    PageResources capped = PageResources.of(page("https://app.acme.example/", many.toString(),
        "Content-Type", "text/html"));
    assertThat(capped.resources()).hasSize(PageResources.MAX_HOSTS);
    assertThat(capped.notes()).singleElement().asString()
        .contains("more than " + PageResources.MAX_HOSTS);
  }

  @Test
  void relativeUrlsStayFirstPartyAndProtocolRelativeOnesDoNot() {
    PageResources r = PageResources.of(page("https://app.acme.example/a/", """
        <!doctype html><html><head>
        <script src="js/app.js"></script><script src="/js/b.js"></script>
        <script src="//cdn.jsdelivr.net/npm/x.js"></script>
        <img src="HTTPS://Images.Unpkg.com/y.png">
        </head></html>""", "Content-Type", "text/html"));
    assertThat(r.resources()).extracting(PageResource::host)
        .containsExactly("cdn.jsdelivr.net", "images.unpkg.com");
    PageResources based = PageResources.of(page("https://app.acme.example/", """
        <!doctype html><html><head><base href="https://assets.cloudinary.com/acme/">
        <script src="js/app.js"></script></head></html>""", "Content-Type", "text/html"));
    assertThat(based.resources()).extracting(PageResource::url)
        .containsExactly("https://assets.cloudinary.com/acme/js/app.js");
  }

  @Test
  void cspSourcesNameHostsOnly() {
    assertThat(PageResources.cspHost("https://cdn.example.com/js/")).isEqualTo("cdn.example.com");
    assertThat(PageResources.cspHost("*.hotjar.com")).isEqualTo("hotjar.com");
    assertThat(PageResources.cspHost("wss://ws.pusherapp.com:443")).isEqualTo("ws.pusherapp.com");
    assertThat(PageResources.cspHost("'self'")).isNull();
    assertThat(PageResources.cspHost("https:")).isNull();
    assertThat(PageResources.cspHost("'sha256-abc='")).isNull();
    assertThat(PageResources.cspHost("*")).isNull();
    assertThat(PageResources.cspHost("self")).isNull();
  }

  @Test
  void aPublishedTableIsReadFromItsVendorColumn() {
    VendorAttribution who = new VendorAttribution(CATALOG, List.of());
    PublishedList list = PublishedList.parse(fixture("subprocessors-table.html"),
        "https://acme.example/legal/subprocessors", n -> who.name(n).known(), who.names());
    // The layout table and the navigation list name no vendor, so they are not read.
    assertThat(list.entries()).extracting(PublishedList.Entry::name).containsExactly(
        "Stripe", "Amazon Web Services", "Functional Software", "Zendesk");
    assertThat(list.entries()).extracting(PublishedList.Entry::where).containsOnly("table 1");
  }

  @Test
  void aPublishedBulletedListIsReadUpToTheDescription() {
    VendorAttribution who = new VendorAttribution(CATALOG, List.of());
    PublishedList list = PublishedList.parse(fixture("subprocessors-list.html"),
        "https://klemento.example/security", n -> who.name(n).known(), who.names());
    assertThat(list.entries()).extracting(PublishedList.Entry::name).containsExactly(
        "Cloudflare", "Anthropic", "Sendinblue", "Acme Bookkeeping Partners");
    assertThat(who.name("Sendinblue").vendor().id()).isEqualTo("brevo");
  }

  @Test
  void bulletsThatAreSentencesListTheVendorsTheyName() {
    // Seed 000 (Cellm): "Our primary servers are hosted by Hetzner within the EU (Germany)."
    // Read up to the first comma these were five "names", none known, so none was listed.
    List<Subprocessors.Subprocessor> declared = Stream.of("Hetzner", "GitHub", "Cloudflare",
        "Mistral AI", "Stripe").map(n -> new Subprocessors.Subprocessor(n, null, null, null, null,
            null, null, null, null, null)).toList();
    VendorAttribution who = new VendorAttribution(CATALOG, declared);
    PublishedList list = PublishedList.parse(fixture("cellm-security.html"),
        "https://cellm.example/security", n -> who.name(n).known(), who.names());
    assertThat(list.entries()).extracting(PublishedList.Entry::name).containsExactly(
        "Hetzner", "GitHub", "Cloudflare", "Mistral", "Stripe");
    // Every declared vendor is found as itself ("Mistral" is the page's name for Mistral AI).
    assertThat(list.entries()).extracting(e -> who.name(e.name()).declared())
        .containsExactly(0, 1, 2, 3, 4);
    // The practices list mentions GitHub once among eight sentences: not a vendor list.
    assertThat(list.entries()).extracting(PublishedList.Entry::where)
        .containsExactly("list 2", "list 2", "list 2", "list 2", "list 5");
  }

  @Test
  void aHeaderRowOfPlainCellsIsNoVendor() {
    // Seed 001 (Celune): the vendor table's header is a row of td cells, "Vendor | Purpose |
    // Compliance"; it was read as a vendor named "Vendor".
    VendorAttribution who = new VendorAttribution(CATALOG, List.of());
    PublishedList list = PublishedList.parse(fixture("celune-security.html"),
        "https://celune.example/security", n -> who.name(n).known(), who.names());
    assertThat(list.entries()).extracting(PublishedList.Entry::name).containsExactly(
        "Supabase", "Vercel", "Anthropic", "Sentry", "Stripe", "GitHub");
    String repeated = "<table><tr><td>Subprocessor</td><td>Purpose</td></tr>"
        + "<tr><td>Stripe</td><td>payments</td></tr><tr><td>Acme Mail</td><td>e-mail</td></tr>"
        + "<tr><td>Sub-processor</td><td>Purpose</td></tr><tr><td>Zendesk</td><td>support</td>"
        + "</tr></table>";
    assertThat(PublishedList.parse(repeated, "https://a.example/", n -> who.name(n).known(),
        who.names()).entries()).extracting(PublishedList.Entry::name)
        .containsExactly("Stripe", "Acme Mail", "Zendesk");
  }

  @Test
  void aSentenceNamesAVendorOnlyAsACompanyIsWritten() {
    VendorAttribution who = new VendorAttribution(CATALOG, List.of());
    // Lower-case words that are also vendors' names are prose, not vendors.
    String practices = "<ul><li>We segment users by plan and render pages on our servers.</li>"
        + "<li>Our primary servers are hosted by Hetzner within the EU.</li>"
        + "<li>We never copy production data to personal computers or devices.</li></ul>";
    assertThat(PublishedList.parse(practices, "https://a.example/", n -> who.name(n).known(),
        who.names()).entries()).isEmpty();
    String hosting = "<ul><li>Our primary servers are hosted by Hetzner within the EU.</li>"
        + "<li>Backups go to Cloudflare R2, with point-in-time recovery.</li>"
        + "<li>Our database is encrypted.</li></ul>";
    assertThat(PublishedList.parse(hosting, "https://a.example/", n -> who.name(n).known(),
        who.names()).entries()).extracting(PublishedList.Entry::name)
        .containsExactly("Hetzner", "Cloudflare R2");
    // The longer name wins, and it is still Cloudflare.
    assertThat(who.name("Cloudflare R2").vendor().id()).isEqualTo("cloudflare");
  }

  @Test
  void namesCompareAsAReaderComparesThem() {
    assertThat(dev.secaudit.policy.VendorNames.normalise("Stripe, Inc.")).isEqualTo("stripe");
    assertThat(dev.secaudit.policy.VendorNames.normalise("Hetzner Online GmbH"))
        .isEqualTo("hetzner online");
    assertThat(dev.secaudit.policy.VendorNames.normalise("Mollie B.V.")).isEqualTo("mollie");
    assertThat(dev.secaudit.policy.VendorNames.normalise("Scaleway SAS")).isEqualTo("scaleway");
    assertThat(dev.secaudit.policy.VendorNames.normalise("Ünïcode Ltd"))
        .isEqualTo("unicode");
  }
}
