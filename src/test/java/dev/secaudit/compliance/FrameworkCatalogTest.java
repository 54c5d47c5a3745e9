package dev.secaudit.compliance;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.model.Mapping;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FrameworkCatalogTest {

  /**
   * The 2017 Trust Services Criteria as ranges (prefix, first, last), transcribed from the
   * criteria's numbering; the test expands them rather than listing 61 ids by hand.
   */
  private static final List<Object[]> SOC2_RANGES = List.of(
      new Object[] {"CC1.", 1, 5}, new Object[] {"CC2.", 1, 3}, new Object[] {"CC3.", 1, 4},
      new Object[] {"CC4.", 1, 2}, new Object[] {"CC5.", 1, 3}, new Object[] {"CC6.", 1, 8},
      new Object[] {"CC7.", 1, 5}, new Object[] {"CC8.", 1, 1}, new Object[] {"CC9.", 1, 2},
      new Object[] {"A1.", 1, 3}, new Object[] {"C1.", 1, 2}, new Object[] {"PI1.", 1, 5},
      new Object[] {"P1.", 1, 1}, new Object[] {"P2.", 1, 1}, new Object[] {"P3.", 1, 2},
      new Object[] {"P4.", 1, 3}, new Object[] {"P5.", 1, 2}, new Object[] {"P6.", 1, 7},
      new Object[] {"P7.", 1, 1}, new Object[] {"P8.", 1, 1});

  /** ISO/IEC 27001:2022 Annex A themes and their control counts. */
  private static final List<Object[]> ISO_RANGES = List.of(
      new Object[] {"5.", 1, 37}, new Object[] {"6.", 1, 8}, new Object[] {"7.", 1, 14},
      new Object[] {"8.", 1, 34});

  private static List<String> expand(List<Object[]> ranges) {
    List<String> ids = new ArrayList<>();
    for (Object[] r : ranges) {
      for (int n = (Integer) r[1]; n <= (Integer) r[2]; n++) {
        ids.add(r[0] + Integer.toString(n));
      }
    }
    return ids;
  }

  private static List<String> ids(Framework framework) {
    return framework.requirements().stream().map(Framework.Requirement::id).toList();
  }

  @Test
  void listsTheThreeFrameworksInReportOrder() {
    List<Framework> all = FrameworkCatalog.all();

    assertThat(all).extracting(Framework::id).containsExactly("soc2", "gdpr", "iso27001");
    assertThat(all).allSatisfy(f -> {
      assertThat(f.name()).isNotBlank();
      assertThat(f.version()).isNotBlank();
      assertThat(f.note()).as("%s scope note", f.id()).isNotBlank();
    });
  }

  @Test
  void soc2ListsEveryTrustServicesCriterionInOrder() {
    List<String> expected = expand(SOC2_RANGES);

    assertThat(expected).hasSize(61);
    assertThat(ids(FrameworkCatalog.get("soc2"))).containsExactlyElementsOf(expected);
  }

  @Test
  void iso27001ListsAll93AnnexAControlsInOrder() {
    List<String> expected = expand(ISO_RANGES);

    assertThat(expected).hasSize(93);
    assertThat(ids(FrameworkCatalog.get("iso27001"))).containsExactlyElementsOf(expected);
  }

  @Test
  void gdprIdsAreWellFormedInArticleOrderAndCoverTheReferenceMappings() {
    Framework gdpr = FrameworkCatalog.get("gdpr");
    Pattern id = Pattern.compile("(\\d+)(\\(\\d+\\))?(\\([a-z]\\))?");

    int previousArticle = 0;
    for (String requirement : ids(gdpr)) {
      Matcher m = id.matcher(requirement);
      assertThat(m.matches()).as("GDPR id %s is ARTICLE(PARAGRAPH)(POINT)", requirement).isTrue();
      int article = Integer.parseInt(m.group(1));
      assertThat(article).as("%s is in article order", requirement)
          .isGreaterThanOrEqualTo(previousArticle).isBetween(5, 49);
      previousArticle = article;
    }
    // Granularity named in REFERENCE.md §5 and in the task.
    assertThat(ids(gdpr)).contains("5(1)(a)", "5(1)(b)", "5(1)(c)", "5(1)(d)", "5(1)(e)",
        "5(1)(f)", "5(2)", "6", "7", "24", "25(1)", "25(2)", "28(1)", "28(2)", "28(3)", "28(4)",
        "30", "32(1)(a)", "32(1)(b)", "32(1)(c)", "32(1)(d)", "32(2)", "33", "34", "35", "37",
        "44", "45", "46");
    for (int article = 12; article <= 22; article++) {
      assertThat(ids(gdpr)).as("data-subject right, Art. %d", article)
          .contains(Integer.toString(article));
    }
  }

  @Test
  void noArticleIsListedBothWholeAndByParagraph() {
    // If "32" and "32(1)(a)" were both listed, a mapping could pick either and the report would
    // split the same evidence over two rows.
    Map<String, List<String>> byArticle = ids(FrameworkCatalog.get("gdpr")).stream()
        .collect(Collectors.groupingBy(i -> i.replaceAll("\\(.*", ""), TreeMap::new,
            Collectors.toList()));

    byArticle.forEach((article, listed) -> {
      if (listed.size() > 1) {
        assertThat(listed).as("Art. %s", article).doesNotContain(article);
      }
    });
  }

  @Test
  void everyRequirementHasAUniqueIdATitleAndAnArea() {
    for (Framework f : FrameworkCatalog.all()) {
      Set<String> seen = new HashSet<>();
      for (Framework.Requirement r : f.requirements()) {
        assertThat(seen.add(r.id())).as("%s:%s is unique", f.id(), r.id()).isTrue();
        assertThat(r.title()).as("%s:%s title", f.id(), r.id()).isNotBlank();
        assertThat(r.area()).as("%s:%s area", f.id(), r.id()).isNotBlank();
      }
    }
  }

  @Test
  void everyCheckMappingNamesAListedRequirement() {
    Map<String, Set<String>> known = new TreeMap<>();
    for (Framework f : FrameworkCatalog.all()) {
      known.put(f.id(), new HashSet<>(ids(f)));
    }

    List<String> unknown = new ArrayList<>();
    int mappings = 0;
    for (CheckInfo check : StandardChecks.catalog().all()) {
      for (Mapping m : check.mappings()) {
        mappings++;
        if (!known.getOrDefault(m.framework(), Set.of()).contains(m.requirement())) {
          unknown.add(check.id() + " -> " + m);
        }
      }
    }

    assertThat(mappings).as("the catalog maps its checks at all").isPositive();
    assertThat(unknown).as("check mappings that name no listed requirement").isEmpty();
  }

  @Test
  void getIgnoresCaseAndNamesTheKnownIdsWhenItFails() {
    assertThat(FrameworkCatalog.get("ISO27001").id()).isEqualTo("iso27001");

    assertThatThrownBy(() -> FrameworkCatalog.get("pci-dss"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pci-dss")
        .hasMessageContaining("soc2, gdpr, iso27001");
    assertThatThrownBy(() -> FrameworkCatalog.get(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readOnceAndImmutable() {
    List<Framework> first = FrameworkCatalog.all();
    List<Framework> second = FrameworkCatalog.all();

    // Shared between callers, so nobody may change it.
    assertThat(second).isSameAs(first);
    assertThatThrownBy(() -> first.add(first.get(0)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> first.get(0).requirements().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void readRejectsDuplicateIds() {
    assertThatThrownBy(() -> read("""
        id: x
        name: "X"
        version: "1"
        note: "all"
        requirements:
          - {id: "A.1", area: "a", title: "one"}
          - {id: "A.2", area: "a", title: "two"}
          - {id: "A.1", area: "a", title: "again"}
        """))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("test.yaml")
        .hasMessageContaining("duplicate requirement ids: A.1");
  }

  @Test
  void readRejectsAnUnquotedNumericIdRatherThanTurning510Into51() {
    assertThatThrownBy(() -> read("""
        id: x
        name: "X"
        version: "1"
        note: "all"
        requirements:
          - {id: 5.10, area: "a", title: "ten"}
        """))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("test.yaml:6:");
  }

  @Test
  void readRejectsUnknownKeysMissingFieldsAndBlankIds() {
    assertThatThrownBy(() -> read("""
        id: x
        name: "X"
        version: "1"
        note: "all"
        requirements:
          - {id: "A.1", area: "a", titel: "typo"}
        """))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("titel");
    assertThatThrownBy(() -> read("""
        id: x
        name: "X"
        version: "1"
        requirements:
          - {id: " ", area: "a", title: "t"}
          - {id: "A 2", area: "", title: "t"}
        """))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'note' is missing")
        .hasMessageContaining("requirements[0]: 'id' is missing")
        .hasMessageContaining("requirements[1] (A 2): 'id' must not contain white space")
        .hasMessageContaining("requirements[1] (A 2): 'area' is missing");
    assertThatThrownBy(() -> read("""
        id: x
        name: "X"
        version: "1"
        note: "all"
        """))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("test.yaml");
  }

  @Test
  void readRejectsBooleansNestedValuesAndASecondDocument() {
    String head = "id: x\nname: \"X\"\nversion: \"1\"\nnote: \"all\"\nrequirements:\n";
    assertThatThrownBy(() -> read(head + "  - {id: \"A.1\", area: true, title: \"t\"}\n"))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("test.yaml:6:")
        .hasMessageContaining("'area' must be text");
    assertThatThrownBy(() -> read(head + "  - {id: \"A.1\", area: {a: b}, title: \"t\"}\n"))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("test.yaml:6:");
    assertThatThrownBy(() -> read(head + "  - {id: \"A.1\", area: \"a\", title: \"t\"}\n"
        + "---\nid: y\n"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("more than one document");
  }

  /** The three files read token by token are what Jackson's YAML binding made of them. */
  @Test
  void theCatalogueReadsAsDatabindBoundIt() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper bound =
        com.fasterxml.jackson.dataformat.yaml.YAMLMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature
                .FAIL_ON_UNKNOWN_PROPERTIES).build();
    for (Framework read : FrameworkCatalog.all()) {
      try (InputStream in = FrameworkCatalog.class.getResourceAsStream(
          "/dev/secaudit/compliance/" + read.id() + ".yaml")) {
        assertThat(read).isEqualTo(bound.readValue(in, Framework.class));
      }
    }
  }

  private static Framework read(String yaml) throws Exception {
    try (InputStream in = new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))) {
      return FrameworkCatalog.read("test.yaml", in);
    }
  }
}
