package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.secaudit.model.ControlCharacters;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Location;
import dev.secaudit.model.ProcessingRecord;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every text a scan holds is looked at before it is shown: a control character planted in any
 * text or key of the scan's JSON form, one place at a time, is found, and the scan made
 * printable has none left.
 */
class PrintableTextTest {
  private static final ObjectMapper JSON = ScanJson.mapper();

  @Test
  void aControlCharacterInAnyTextOfTheScanIsFound() throws Exception {
    JsonNode honest = JSON.valueToTree(everyPart());
    assertThat(PrintableText.isPrintable(JSON.treeToValue(honest, ScanResult.class))).isTrue();
    List<String> planted = new ArrayList<>();
    for (Consumer<JsonNode> plant : plantings(honest)) {
      JsonNode forged = honest.deepCopy();
      plant.accept(forged);
      ScanResult scan;
      try {
        scan = JSON.treeToValue(forged, ScanResult.class);
      } catch (Exception notAText) {
        continue; // a status, a time, a mapping: not a text, and refused as it is read
      }
      if (PrintableText.isPrintable(scan)) {
        planted.add(forged.toString());
      }
      ScanResult shown = PrintableText.of(scan);
      assertThat(JSON.writeValueAsString(shown).chars().noneMatch(ControlCharacters::isControl))
          .isTrue();
    }
    assertThat(planted).as("scans whose planted control character went unseen").isEmpty();
  }

  @Test
  void anHonestScanIsShownAsItIs() {
    ScanResult scan = everyPart();
    assertThat(PrintableText.of(scan)).isSameAs(scan);
  }

  /**
   * The fixture (made printable: it carries a hostile carriage return) with the parts it lacks:
   * a location, a baseline, parameters, waivers, records of processing.
   */
  private static ScanResult everyPart() {
    ScanResult scan = PrintableText.of(ReportFixture.scan());
    RunInfo r = scan.run();
    RunInfo run = new RunInfo(r.id(), r.tool(), r.toolVersion(), r.started(), r.finished(),
        r.policyFile(), r.policyName(), r.policySha256(), r.commandLine(), r.failOn(),
        r.frameworks(), new RunInfo.ShardPart(1, 2), Map.of("active", "false"));
    List<Finding> findings = new ArrayList<>(scan.findings());
    findings.set(0, findings.get(0).withLocation(new Location("nginx.conf", 4, "etc/nginx.conf"))
        .withBaseline(Finding.BaselineState.NEW));
    ScanResult withRun = new ScanResult(scan.schema(), run, scan.targets(), findings,
        scan.artifacts(), scan.claims(), List.of(new ScanResult.WaiverRecord("W-7", "cookie.secure",
            "app", "tracking", "vendor fix due", "ciso@acme.test", "2026-06-30",
            ScanResult.WaiverState.ACTIVE, 1, "waivers.yaml")),
        new ScanResult.Baseline("old.json", "run-1", r.started(), 1, 2, List.of(findings.get(1))));
    return withRun.withProcessing(List.of(new ProcessingRecord("Stripe", "payments",
        List.of("billing"), "US", "SCCs", "https://stripe.test/dpa", List.of("PCI DSS"),
        List.of("app"))));
  }

  /** One planting for each text value and each key of a map in the tree. */
  private static List<Consumer<JsonNode>> plantings(JsonNode root) {
    List<Consumer<JsonNode>> all = new ArrayList<>();
    collect(root, new ArrayList<>(), all);
    return all;
  }

  private static void collect(JsonNode node, List<Object> path, List<Consumer<JsonNode>> all) {
    if (node instanceof ObjectNode obj) {
      for (Iterator<String> names = obj.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        List<Object> at = new ArrayList<>(path);
        at.add(name);
        if (path.size() > 0 && path.get(path.size() - 1).equals("parameters")) {
          all.add(root -> {
            ObjectNode parent = (ObjectNode) find(root, path);
            parent.set(name + "\u001b[2J", parent.remove(name));
          });
        }
        collect(obj.get(name), at, all);
      }
    } else if (node instanceof ArrayNode arr) {
      for (int i = 0; i < arr.size(); i++) {
        List<Object> at = new ArrayList<>(path);
        at.add(i);
        collect(arr.get(i), at, all);
      }
    } else if (node.isTextual()) {
      all.add(root -> {
        JsonNode parent = find(root, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        TextNode planted = TextNode.valueOf(node.asText() + "\u202e\u009b");
        if (parent instanceof ObjectNode obj) {
          obj.set((String) last, planted);
        } else {
          ((ArrayNode) parent).set((Integer) last, planted);
        }
      });
    }
  }

  private static JsonNode find(JsonNode root, List<Object> path) {
    JsonNode node = root;
    for (Object step : path) {
      node = step instanceof Integer i ? node.get(i) : node.get((String) step);
    }
    return node;
  }
}
