package dev.secaudit.check.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secaudit.check.http.StructuredDictionary.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 9651 §4.2.2 dictionaries: what parses, and where what does not fails. */
class StructuredDictionaryTest {
  @Test
  void readsItemsInnerListsParametersAndBareKeys() throws Exception {
    StructuredDictionary d = StructuredDictionary.parse(
        "  camera=(), geolocation=(self \"https://a.example\");report-to=main,\tfullscreen=*, b ");
    assertThat(d.members()).containsOnlyKeys("camera", "geolocation", "fullscreen", "b");
    assertThat(d.members().get("camera").innerList()).isTrue();
    assertThat(d.members().get("camera").items()).isEmpty();
    assertThat(d.members().get("geolocation").items()).extracting(StructuredDictionary.Item::kind)
        .containsExactly(Kind.TOKEN, Kind.STRING);
    assertThat(d.members().get("geolocation").parameters()).containsKey("report-to");
    assertThat(d.members().get("fullscreen").items().get(0).text()).isEqualTo("*");
    assertThat(d.members().get("b").items().get(0).kind()).isEqualTo(Kind.BOOLEAN);
  }

  @Test
  void aRepeatedKeyKeepsItsLastValue() throws Exception {
    StructuredDictionary d = StructuredDictionary.parse("camera=(), usb=(), camera=*");
    assertThat(d.members().keySet()).containsExactly("usb", "camera");
    assertThat(d.members().get("camera").innerList()).isFalse();
  }

  @Test
  void readsEveryKindOfBareItem() throws Exception {
    StructuredDictionary d = StructuredDictionary.parse(
        "a=-12, b=3.25, c=:aGk=:, d=?0, e=@1700000000, f=%\"x\", g=\"q\\\"\", h=tok/en:1");
    assertThat(d.members().values()).extracting(m -> m.items().get(0).kind())
        .containsExactly(Kind.INTEGER, Kind.DECIMAL, Kind.BYTES, Kind.BOOLEAN, Kind.DATE,
            Kind.DISPLAY_STRING, Kind.STRING, Kind.TOKEN);
    assertThat(d.members().get("g").items().get(0).text()).isEqualTo("q\"");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Camera=()|1",
      "camera=(),|11",
      "camera=(self|13",
      "camera=(self)x|14",
      "camera=\"abc|12",
      "camera=1.2345|8",
      "camera=(self,*)|13",
      "camera=()  ,, usb=()|13",
      "=()|1"})
  void failsWholeAtTheFirstError(String field, int character) {
    assertThatThrownBy(() -> StructuredDictionary.parse(field))
        .isInstanceOf(StructuredDictionary.SyntaxError.class)
        .hasMessageEndingWith("at character " + character);
  }
}
