package dev.secaudit.check.securitytxt;

import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import dev.secaudit.probe.securitytxt.SecurityTxtParser.Document;
import dev.secaudit.probe.securitytxt.SecurityTxtParser.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges the disclosure policy security.txt links (RFC 9116 §2.5.7). A contact is where to write;
 * a policy is what a reporter may do and expect: "we have a vulnerability disclosure policy" is
 * shown by a Policy: link that answers, not by a Contact line. The field is optional, so a file
 * without one is told (INFO), not failed; a link that does not answer is a WARN, since the file
 * then points reporters at nothing.
 */
final class SecurityTxtPolicyLink {
  private SecurityTxtPolicyLink() {}

  static void judge(CheckContext ctx, Document doc, HttpFetch policy, String notFetched,
      List<String> evidence, List<Finding> out) {
    List<Field> links = doc.all("Policy");
    Finding.Builder f = SecurityTxtCheck.finding(ctx, SecurityTxtCheck.POLICY,
        Subject.directive("Policy"), "Policy", evidence)
        .expected("a Policy field whose page answers 200");
    if (links.isEmpty()) {
      List<String> contacts = doc.values("Contact");
      out.add(f.status(Status.INFO).observed(contacts.isEmpty() ? "no Policy field"
          : "no Policy field: the file names a contact (" + contacts.get(0)
              + (contacts.size() > 1 ? " and " + (contacts.size() - 1) + " more" : "")
              + ") but links no disclosure policy", new Value.Presence("Policy", false))
          .build());
      return;
    }
    Field link = links.get(0);
    String named = "Policy: " + link.value() + " (line " + link.line() + ")"
        + (links.size() > 1 ? ", the first of " + links.size() : "");
    if (policy == null || policy.hops().isEmpty()) {
      out.add(f.status(Status.INFO).observed(named + " not fetched: " + (notFetched.isEmpty()
          ? "no fetch was recorded" : notFetched), new Value.Text(link.value())).build());
      return;
    }
    List<String> cited = new ArrayList<>(evidence);
    policy.hops().forEach(h -> cited.add(h.id()));
    f = f.evidence(cited);
    HttpExchange last = policy.last();
    Value answered = new Value.Setting("status", String.valueOf(last.status()));
    if (last.failed()) {
      out.add(f.status(Status.WARN).observed(named + " could not be fetched: " + last.error(),
          answered).build());
    } else if (last.isRedirect()) {
      out.add(f.status(Status.WARN).observed(named + " answered HTTP " + last.status() + " to "
          + last.header("Location") + ", not followed: " + policy.stop(), answered).build());
    } else if (last.status() != 200) {
      out.add(f.status(Status.WARN).observed(named + " answered HTTP " + last.status()
          + (policy.redirects() > 0 ? " at " + last.url() : ""), answered).build());
    } else {
      out.add(f.status(Status.PASS).observed(named + " answered 200"
          + (policy.redirects() > 0 ? " at " + last.url() : ""), answered).build());
    }
  }
}
