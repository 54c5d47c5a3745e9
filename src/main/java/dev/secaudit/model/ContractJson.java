package dev.secaudit.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.Writer;

/**
 * The JSON form of secaudit's public contracts: scan.json (written and read by the reports) and
 * the evidence bundle's manifest share it, so both agree on field names (snake_case), times
 * (ISO-8601 UTC), key order (sorted) and escapes, byte for byte. It lives with the result model
 * so that neither of its users has to import the other.
 */
public final class ContractJson {
  private ContractJson() {}

  public static ObjectMapper mapper() {
    return JsonMapper.builder(factory())
        .addModule(new JavaTimeModule())
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        // Newer secaudit versions may add fields; older readers keep working.
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        // ...and kinds of typed values (Value): one they do not know reads as no value.
        .disable(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE)
        .build();
  }

  /** The factory of the contract's parsers and generators: its escapes are the contract's. */
  public static JsonFactory factory() {
    JsonFactory json = new JsonFactory();
    json.setCharacterEscapes(new ControlEscapes());
    return json;
  }

  /**
   * A generator that writes as the contract's mapper writes (escapes, two-space indentation),
   * leaving {@code out} open: for the streaming writers of scan.json ({@link ScanJsonWriter}).
   */
  public static JsonGenerator generator(Writer out) throws IOException {
    JsonGenerator g = factory().createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.useDefaultPrettyPrinter();
    return g;
  }

  /**
   * JSON escapes C0 controls itself; DEL, C1 controls and bidirectional overrides would pass raw
   * and act on a terminal that shows the file. Escaped, they read back as the same values.
   */
  private static final class ControlEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii;

    ControlEscapes() {
      ascii = standardAsciiEscapesForJSON();
      ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ControlCharacters.isControl(ch)
          ? new SerializedString(String.format("\\u%04X", ch)) : null;
    }
  }
}
