package dev.secaudit.check.http;

import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.check.WhenObserved;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Redactor;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.Value;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.flow.FlowObservation;
import dev.secaudit.probe.http.Header;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A target the scan sent credentials to (request headers the redactor calls credentials: an
 * Authorization, a Cookie, an API key; the target's own or a flow step's) that answered every
 * such request with 401 or 403: the scan never saw the application, and every page check judged
 * the error page the server shows to strangers (a blind review: an expired token, and headers and
 * cookies reported PASS/FAIL as if the app had been seen). An ERROR, so the scan reads as
 * incomplete rather than passed; the findings that judged those answers are sent to review by
 * the scan ({@code CredentialsRefused}). Nothing is said of a target whose credentials met any
 * other answer: a 200 on a public page does not show they were accepted.
 */
public final class CredentialsCheck extends DeclaredCheck implements WhenObserved {
  public CredentialsCheck() {
    super(REPORTS, EnumSet.noneOf(Aspect.class));
  }

  public static final String ID = "target.credentials";

  /** The words a refusal starts with, which the findings sent to review repeat. */
  public static final String REFUSED = "credentials refused: every request answered 401/403;"
      + " checks judged the error page";

  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of(ID,
          "The credentials the scan sends are not refused on every request",
          Severity.HIGH,
          "targets",
          "",
          "Renew the credentials in targets[].request_headers (or the flow's) and check they are"
            + " valid for this target; until then the target's page checks judged its error page.",
          "secaudit: a scan that only met 401/403 observed no application (REFERENCE §6: the"
            + " population evaluated must be the one in scope)"));

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    TargetObservations obs = ctx.observations();
    if (obs == null) {
      return List.of();
    }
    List<String> refused = new ArrayList<>();
    List<String> evidence = new ArrayList<>();
    Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (HttpFetch page : obs.pages().values()) {
      HttpExchange asked = page.first();
      HttpExchange judged = page.lastResponse();
      if (credentials(asked).isEmpty()) {
        continue;
      }
      if (judged == null || !refusal(judged)) {
        return List.of(); // a page answered otherwise (or not at all): not refused everywhere
      }
      names.addAll(credentials(asked));
      refused.add("GET " + judged.url() + " " + judged.status());
      evidence.add(judged.id());
    }
    for (FlowObservation flow : obs.flows()) {
      boolean sent = false;
      for (FlowObservation.StepRun step : flow.steps()) {
        HttpExchange e = step.exchange();
        if (credentials(e).isEmpty() || e.failed()) {
          continue;
        }
        if (!refusal(e)) {
          return List.of();
        }
        sent = true;
        names.addAll(credentials(e));
        refused.add("the flow '" + flow.name() + "' step '" + step.name() + "': " + e.method()
            + " " + e.url() + " " + e.status());
      }
      if (sent) {
        evidence.add(flow.id());
      }
    }
    if (refused.isEmpty()) {
      return List.of();
    }
    return List.of(ctx.finding(ID).subject(String.join(", ", names))
        .status(Status.ERROR)
        .expected("an answer other than 401/403 to at least one request sent with the"
            + " credentials")
        .observed(REFUSED + " (" + String.join("; ", refused) + ")",
            new Value.Count(refused.size(), (long) refused.size()))
        .evidence(evidence).rule(pointer(ctx)).build());
  }

  private static boolean refusal(HttpExchange e) {
    return e.status() == 401 || e.status() == 403;
  }

  /** The names of the credential headers a request carried. */
  private static List<String> credentials(HttpExchange e) {
    return e.requestHeaders().stream().map(Header::name).filter(Redactor::credentialHeader)
        .toList();
  }

  /** The target's request headers when they hold credentials, else the target's entry. */
  private static String pointer(CheckContext ctx) {
    String at = ctx.targetPointer();
    boolean own = ctx.target().requestHeaders().keySet().stream()
        .anyMatch(Redactor::credentialHeader);
    return at.isEmpty() || !own ? at : at + "/request_headers";
  }
}
