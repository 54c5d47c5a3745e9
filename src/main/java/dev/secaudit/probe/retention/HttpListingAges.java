package dev.secaudit.probe.retention;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Redactor;
import dev.secaudit.policy.Retention;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpProbe;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Reads the timestamps of a JSON listing (an admin API's exports, a bucket index) page by page,
 * following a next-page URL in the body or a Link rel="next" header, up to a page cap. The request
 * headers (credentials) go only to the first page's origin.
 */
public final class HttpListingAges {
  /** Body excerpt kept per page in the evidence; the SHA-256 in the transcript covers all. */
  static final int EXCERPT = 4096;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LINK =
      Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");

  private final HttpProbe http;
  private final Redactor redactor;

  public HttpListingAges(HttpProbe http, Redactor redactor) {
    this.http = http;
    this.redactor = redactor;
  }

  public RetentionObservation read(String name, Retention.RetentionHttp spec) {
    String location = redactor.text(spec.url());
    HttpUrl origin = HttpUrl.parse(spec.url());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/json");
    headers.putAll(spec.requestHeaders());
    List<Artifact> artifacts = new ArrayList<>();
    List<RetentionObservation.Dated> dated = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    JsonPointer items = JsonPointer.compile(spec.items());
    JsonPointer field = JsonPointer.compile(spec.field());
    String url = spec.url();
    for (int page = 1; ; page++) {
      seen.add(url);
      HttpUrl here = HttpUrl.parse(url);
      boolean sameOrigin = here != null && origin != null && here.scheme().equals(origin.scheme())
          && here.host().equalsIgnoreCase(origin.host()) && here.port() == origin.port();
      HttpExchange ex = http.exchange(name + "/page-" + page, "GET", url,
          sameOrigin ? headers : Map.of("Accept", "application/json"));
      artifacts.add(ex.artifact(name, EXCERPT));
      String where = "page " + page + " (" + ex.url() + ")";
      if (ex.bodyUnjudged() != null) {
        return RetentionObservation.failed(name, location, where + ": " + ex.bodyUnjudged(),
            artifacts);
      }
      if (ex.status() != 200) {
        return RetentionObservation.failed(name, location, where + ": HTTP " + ex.status()
            + ", expected 200", artifacts);
      }
      if (ex.truncated()) {
        return RetentionObservation.failed(name, location, where + ": the body is larger than"
            + " settings.max_body_kb; ask for smaller pages", artifacts);
      }
      JsonNode doc;
      try {
        doc = JSON.readTree(ex.body());
      } catch (JsonProcessingException e) {
        return RetentionObservation.failed(name, location, where + ": not valid JSON ("
            + e.getOriginalMessage() + ")", artifacts);
      }
      JsonNode list = doc == null ? null : doc.at(items);
      if (list == null || !list.isArray()) {
        return RetentionObservation.failed(name, location, where + ": no array at '"
            + spec.items() + "'", artifacts);
      }
      for (int i = 0; i < list.size(); i++) {
        JsonNode value = list.get(i).at(field);
        Instant t = value.isNumber() ? Timestamps.epoch(new BigDecimal(value.asText()))
            : value.isTextual() ? Timestamps.parse(value.asText()) : null;
        if (t == null) {
          return RetentionObservation.failed(name, location, where + ": item " + i + " has no"
              + " timestamp at '" + spec.field() + "' (ISO-8601 or epoch seconds/ms)",
              artifacts);
        }
        dated.add(new RetentionObservation.Dated("page " + page + " item " + i, t));
      }
      String next = next(doc, spec.next(), ex);
      if (next == null) {
        break;
      }
      HttpUrl resolved = here == null ? null : here.resolve(next);
      if (resolved == null) {
        return RetentionObservation.failed(name, location, where + ": the next page's URL '"
            + redactor.text(next) + "' does not parse", artifacts);
      }
      if (seen.contains(resolved.toString())) {
        break; // a last page that links to itself (or back) has nothing new
      }
      if (page >= spec.maxPages()) {
        dated.sort(java.util.Comparator.comparing(RetentionObservation.Dated::time));
        return new RetentionObservation(name, location, null, dated, "stopped after "
            + spec.maxPages() + " pages (max_pages); the listing goes on", null, List.of(),
            artifacts);
      }
      url = resolved.toString();
    }
    dated.sort(java.util.Comparator.comparing(RetentionObservation.Dated::time));
    return new RetentionObservation(name, location, null, dated, null, null, List.of(),
        artifacts);
  }

  /** The next page: the body's pointer first (APIs put it there), then the Link header. */
  private static String next(JsonNode doc, String pointer, HttpExchange ex) {
    if (pointer != null) {
      JsonNode n = doc.at(JsonPointer.compile(pointer));
      if (n.isTextual() && !n.asText().isBlank()) {
        return n.asText();
      }
    }
    for (String link : ex.headers("Link")) {
      Matcher m = LINK.matcher(link);
      while (m.find()) {
        for (String param : m.group(2).split(";")) {
          String[] kv = param.strip().split("=", 2);
          if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("rel")
              && List.of(kv[1].strip().replace("\"", "").toLowerCase(java.util.Locale.ROOT)
                  .split("\\s+")).contains("next")) {
            return m.group(1);
          }
        }
      }
    }
    return null;
  }
}
