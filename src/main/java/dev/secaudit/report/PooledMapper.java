package dev.secaudit.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import dev.secaudit.compliance.FrameworkCatalog;
import dev.secaudit.model.ContractJson;
import dev.secaudit.model.JsonFault;
import dev.secaudit.model.Mapping;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The mapper a {@link ScanReader} binds a scan.json with. */
final class PooledMapper {
  private PooledMapper() {}

  /**
   * The contract's mapper, keeping each repeated text and mapping once in {@code texts} and
   * {@code mappings}: a fleet's findings repeat titles, remediations, expectations and target
   * names thousands of times.
   */
  static ObjectMapper of(TextPool texts, Map<String, Mapping> mappings) {
    SimpleModule pool = new SimpleModule("secaudit-text-pool");
    pool.addDeserializer(String.class, new StdScalarDeserializer<String>(String.class) {
      @Override
      public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        return p.currentToken() == JsonToken.VALUE_STRING ? texts.of(p)
            : texts.of(StringDeserializer.instance.deserialize(p, ctxt));
      }
    });
    pool.addDeserializer(Mapping.class, new StdScalarDeserializer<Mapping>(Mapping.class) {
      @Override
      public Mapping deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String s = StringDeserializer.instance.deserialize(p, ctxt);
        Mapping known = mappings.get(s);
        if (known == null) {
          try {
            known = Mapping.parse(s);
          } catch (IllegalArgumentException e) {
            return (Mapping) ctxt.handleWeirdStringValue(Mapping.class, s, e.getMessage());
          }
          if (!FrameworkCatalog.known(known.framework())) {
            // A requirement of a framework secaudit does not hold cannot be shown as verified
            // (nor rendered by it): the file is refused, not the renderer left to fail.
            return (Mapping) ctxt.handleWeirdStringValue(Mapping.class, s, "expected a mapping"
                + " to a framework secaudit knows (" + String.join(", ", FrameworkCatalog.ids())
                + "), got " + JsonFault.quoted(s));
          }
          mappings.put(s, known);
        }
        return known;
      }
    });
    // Times outside the findings (each artifact's, the run's): read by hand when written as
    // secaudit writes them, each distinct one once; Jackson's parser of ISO-8601 was a third of
    // the time of binding a fleet's 29,060 artifacts. Any other form goes to Jackson as before.
    KeptValues<String, Instant> times = new KeptValues<>(new HashMap<>());
    pool.addDeserializer(Instant.class, new StdScalarDeserializer<Instant>(Instant.class) {
      @Override
      public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        Instant t = p.currentToken() == JsonToken.VALUE_STRING
            ? times.of(texts.of(p), FindingReader::utc) : null;
        return t != null ? t : InstantDeserializer.INSTANT.deserialize(p, ctxt);
      }
    });
    return ContractJson.mapper().registerModule(pool);
  }
}
