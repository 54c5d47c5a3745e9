package dev.secaudit.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An absent field takes its documented default; a given collection is the record's own copy. */
class UnsetTest {
  @Test
  void absentFieldsTakeTheDocumentedDefaults() {
    Tls tls = new Tls(null, null, null);
    assertThat(tls.minVersion()).isEqualTo("1.2");
    assertThat(tls.minDhBits()).isEqualTo(2048);
    assertThat(tls.forbiddenVersions()).isEmpty();
    assertThat(tls.certificate().ocspStapling()).isEqualTo("optional");
    assertThat(tls.certificate().requireTrusted()).isTrue();
  }

  @Test
  void aGivenListIsCopiedAndCannotBeChangedThroughTheRecord() {
    List<String> versions = new ArrayList<>(List.of("1.0"));
    Tls tls = new Tls("1.2", versions, null);
    versions.add("1.1");
    assertThat(tls.forbiddenVersions()).containsExactly("1.0");
    assertThatThrownBy(() -> tls.forbiddenVersions().add("1.1"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aGivenMapKeepsTheFileOrderAndIsCopied() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Zeta", "1");
    headers.put("Authorization", "2");
    headers.put("X-Alpha", "3");
    Target t = new Target("app", "https://app.acme.test", null, null, null, headers, null, null);
    headers.clear();
    assertThat(t.requestHeaders().keySet()).containsExactly("X-Zeta", "Authorization", "X-Alpha");
    assertThatThrownBy(() -> t.requestHeaders().put("X", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
