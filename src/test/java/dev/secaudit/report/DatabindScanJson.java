package dev.secaudit.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.annotation.JsonAppend;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import dev.secaudit.model.ContractJson;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanSummary;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * scan.json as Jackson's databind writes it from the records with the contract's mapper: how
 * secaudit wrote it before {@link dev.secaudit.model.ScanJsonWriter}, kept as the measure of that
 * writer. Databind finds every record component by itself, so a component the streaming writer
 * leaves out shows as a difference here.
 */
public final class DatabindScanJson {
  private static final String SUMMARY = "summary";

  private DatabindScanJson() {}

  /** The scan with {@code summary} after its run, or without one when it is null. */
  public static String write(ScanResult scan, ScanSummary summary) throws IOException {
    StringWriter out = new StringWriter();
    ObjectMapper m = ContractJson.mapper();
    m.addMixIn(ScanResult.class, WithSummary.class);
    m.registerModule(new SimpleModule().setSerializerModifier(new SummaryAfterRun()));
    m.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).withAttribute(SUMMARY, summary)
        .writeValue(out, scan);
    out.write('\n');
    return out.toString();
  }

  @JsonAppend(attrs = @JsonAppend.Attr(value = SUMMARY, include = JsonInclude.Include.NON_NULL))
  private abstract static class WithSummary {}

  private static final class SummaryAfterRun extends BeanSerializerModifier {
    @Override
    public List<BeanPropertyWriter> orderProperties(SerializationConfig config,
        BeanDescription bean, List<BeanPropertyWriter> properties) {
      if (bean.getBeanClass() != ScanResult.class) {
        return properties;
      }
      List<BeanPropertyWriter> ordered = new ArrayList<>(properties);
      BeanPropertyWriter summary = ordered.stream().filter(p -> p.getName().equals(SUMMARY))
          .findFirst().orElseThrow();
      ordered.remove(summary);
      int run = 0;
      while (run < ordered.size() && !ordered.get(run).getName().equals("run")) {
        run++;
      }
      ordered.add(Math.min(run + 1, ordered.size()), summary);
      return ordered;
    }
  }
}
