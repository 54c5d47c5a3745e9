package dev.secaudit.policy;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.secaudit.check.CheckCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The schema users get from 'secaudit schema' and the loader accept the same policies. */
class PolicySchemaTest {
  private static final JsonSchema SCHEMA = JsonSchemaFactory
      .getInstance(SpecVersion.VersionFlag.V202012)
      .getSchema(PolicySchema.tree());

  static Stream<Path> policies() throws IOException {
    List<Path> all = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of("policies"))) {
      s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(all::add);
    }
    all.add(Path.of("src/test/resources/policies/kitchen-sink.yaml"));
    return all.stream();
  }

  private static Set<ValidationMessage> validate(String file, String yaml) {
    JsonNode node = SourceTree.parse(file, yaml).root();
    return SCHEMA.validate(node);
  }

  @ParameterizedTest
  @MethodSource("policies")
  void everyShippedPolicyLoadsAndValidatesAgainstTheSchema(Path file) throws IOException {
    new PolicyLoader(name -> "value-of-" + name, StandardChecks.catalog().ids()).load(file);
    assertThat(validate(file.toString(), Files.readString(file, StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void schemaRejectsWhatTheLoaderRejects() {
    assertThat(validate("x", "version: 1\nname: x\ntargets: [{name: a, url: 'https://a', pathz: []}]\n"))
        .isNotEmpty();
    assertThat(validate("x", "version: 1\nname: x\nhsts: {min_max_age: 3 months}\n")).isNotEmpty();
    assertThat(validate("x", "version: 1\nname: x\ncookies: [{name: a, same_site: Sometimes}]\n"))
        .isNotEmpty();
    assertThat(validate("x", "name: x\n")).isNotEmpty();
  }

  @Test
  void everyRecordFieldIsInTheSchema() {
    JsonNode props = PolicySchema.tree().get("properties");
    for (var c : Policy.class.getRecordComponents()) {
      assertThat(props.has(PolicySchema.jsonName(c))).as(c.getName()).isTrue();
      assertThat(props.get(PolicySchema.jsonName(c)).path("description").asText()).isNotBlank();
    }
  }
}
