package dev.secaudit.claim;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides a question from the claims: "Yes" only when every part of the question is entailed by a
 * verified, or attested and not refuted, claim whose amount meets the question's threshold and
 * whose scope covers the question's; "No" when a failing check or a stated gap contradicts it;
 * review otherwise, with the reason. A scan's verdict outranks a person's word: an attestation
 * the same scan refutes entails nothing.
 */
public final class Entailment {

  public enum Outcome {
    YES,
    NO,
    NA,
    REVIEW
  }

  /**
   * @param explanation the question as read, the evidence, and the conclusion
   * @param evidence claim ids and finding references behind the decision
   * @param reason why a person must look, or empty
   */
  public record Decision(Outcome outcome, String explanation, List<String> evidence,
      String reason) {}

  private record PartDecision(ClaimPart asked, Outcome outcome, String because,
      List<Claim> behind) {}

  private final ClaimBook book;

  public Entailment(ClaimBook book) {
    this.book = book;
  }

  public Decision decide(Reading question) {
    String asked = "asked: " + (question.parts().isEmpty() ? "(no topic read)"
        : question.describe());
    List<PartDecision> parts = new ArrayList<>();
    for (ClaimPart p : question.parts()) {
      parts.add(decidePart(p));
    }
    Set<String> evidence = new LinkedHashSet<>();
    List<String> because = new ArrayList<>();
    for (PartDecision d : parts) {
      because.add(d.asked().topic().title() + ": " + d.because());
      for (Claim c : d.behind()) {
        evidence.add("claim " + c.id() + " (" + book.state(c) + ")");
        evidence.addAll(c.evidence());
      }
    }
    // A waiver accepts a risk and changes nothing seen: the answer stays what was observed, and
    // says first that the finding behind it is waived, by whom and until when.
    Set<String> waivers = new LinkedHashSet<>();
    parts.forEach(d -> d.behind().stream().map(book::waivedBy).filter(w -> !w.isEmpty())
        .forEach(waivers::add));
    String waived = waivers.isEmpty() ? "" : String.join("; ", waivers) + "; ";
    String evidenceText = String.join("; ", because);
    // A cookie's Set-Cookie channel, asked as "sent", answers only a lapse (PartRules).
    Outcome combined = combine(parts.stream().filter(d -> d.outcome() != Outcome.REVIEW
        || !PartRules.channelOfSent(d.asked(), question.parts())).toList(), question.anyOf());
    if (question.documentRequest()) {
      return new Decision(Outcome.REVIEW, asked + "; evidence: " + evidenceText,
          List.copyOf(evidence), "a document is requested: attach it by hand");
    }
    if (question.partial()) {
      // No answer is hinted: the words not read may turn it ("internet-facing", "ever
      // committed"), and beside a failed check a hinted No reads as a verdict.
      return new Decision(Outcome.REVIEW, asked + "; evidence: " + evidenceText
          + "; read only in part (" + question.whyPartial() + "): the evidence above is for the"
          + " words read, and no answer is drawn from it",
          // The evidence on the words read goes in the reason too: a stale attestation beside
          // "not read: 'restored'" is what the person acts on (a blind review found it only in
          // the explanation).
          List.copyOf(evidence), waived + "the question was read only in part: "
              + question.whyPartial() + (evidenceText.isEmpty() ? ""
                  : "; on the words read: " + evidenceText));
    }
    if (combined == Outcome.REVIEW) {
      List<String> open = parts.stream().filter(d -> d.outcome() == Outcome.REVIEW)
          .map(d -> d.asked().topic().title() + ": " + d.because()).toList();
      return new Decision(Outcome.REVIEW, waived + asked + "; evidence: " + evidenceText,
          List.copyOf(evidence), waived + String.join("; ", open));
    }
    String word = switch (combined) {
      case YES -> "Yes";
      case NO -> "No";
      case NA -> "NA";
      case REVIEW -> "review";
    };
    return new Decision(combined, waived + asked + "; evidence: " + evidenceText + " -> "
        + word, List.copyOf(evidence), "");
  }

  private static Outcome combine(List<PartDecision> parts, boolean anyOf) {
    if (parts.isEmpty()) {
      return Outcome.REVIEW;
    }
    if (parts.stream().allMatch(d -> d.outcome() == Outcome.NA)) {
      return Outcome.NA;
    }
    if (anyOf) {
      if (parts.stream().anyMatch(d -> d.outcome() == Outcome.YES)) {
        return Outcome.YES;
      }
      return parts.stream().allMatch(d -> d.outcome() == Outcome.NO) ? Outcome.NO
          : Outcome.REVIEW;
    }
    if (parts.stream().anyMatch(d -> d.outcome() == Outcome.NO)) {
      return Outcome.NO;
    }
    return parts.stream().allMatch(d -> d.outcome() == Outcome.YES) ? Outcome.YES
        : Outcome.REVIEW;
  }

  private enum Support {
    ENTAILS,
    CONTRADICTS,
    /** A stated gap over some of what a question names no scope for: never Yes, nor No. */
    LAPSE,
    /**
     * Refuted where its checks failed and in place where they passed, asked with no scope: never
     * Yes, nor No, whatever else speaks for where it was seen.
     */
    IN_PART,
    /**
     * Holds where its checks looked, a sample of what the question asks of (one plain-HTTP
     * request per target, asked whether a page is ever served so): beside evidence against it
     * the evidence disagrees; alone it answers nothing.
     */
    SAMPLE,
    OPEN,
    UNRELATED
  }

  private record Weighed(Claim claim, Support support, String note) {}

  private PartDecision decidePart(ClaimPart part) {
    String configs = NginxConfigs.unsure(part, book.nginxConfigs(), book.on(part.topic()));
    ClaimPart asked = NginxConfigs.asked(part, book.on(part.topic()));
    if (asked.topic().isAbstract() || configs != null) {
      return new PartDecision(asked, Outcome.REVIEW, configs != null ? configs
          : "too vague to decide", List.of());
    }
    if (asked.polarity() == Polarity.PLANNED) {
      return new PartDecision(asked, Outcome.REVIEW, "asks about plans, which evidence cannot"
          + " show", List.of());
    }
    List<Claim> on = NginxConfigs.judging(part, book.on(asked.topic()));
    if (on.isEmpty()) {
      return new PartDecision(asked, Outcome.REVIEW, "the policy makes no claim on "
          + asked.topic().title() + " (" + asked.topic().id() + ")" + (NginxConfigs.named(part)
              ? " that the nginx configs' findings alone judge" : ""), List.of());
    }
    List<Claim> notApplicable = on.stream().filter(c -> !c.applies()).toList();
    if (notApplicable.size() == on.size()) {
      boolean current = notApplicable.stream().allMatch(c -> c.standing() == Standing.ATTESTED);
      return new PartDecision(asked, current ? Outcome.NA : Outcome.REVIEW,
          current ? "does not apply, attested" : "marked as not applying, but its attestation"
              + " is not current", notApplicable);
    }
    List<Weighed> weighed = new ArrayList<>();
    for (Claim c : on) {
      if (c.applies()) {
        weighed.add(weigh(c, asked));
      }
    }
    if (asked.some()) {
      return decideSome(asked, weighed);
    }
    List<Weighed> contra = weighed.stream().filter(w -> w.support() == Support.CONTRADICTS)
        .toList();
    List<Weighed> entail = weighed.stream().filter(w -> w.support() == Support.ENTAILS
        || w.support() == Support.SAMPLE).toList();
    List<Weighed> refutedHere = weighed.stream()
        .filter(w -> w.claim().standing() == Standing.REFUTED).toList();
    if (!refutedHere.isEmpty() && entail.stream().anyMatch(w -> w.claim().checked())) {
      // As disputed() weighs a page's statement: a person's word does not stand beside a claim
      // the scan refuted on its topic, whatever scope either names ("All endpoints are rate
      // limited" beside a password reset that took the whole burst). Checks may still answer.
      entail = entail.stream().filter(w -> w.claim().checked()).toList();
    }
    // A scan's verdict and a stated gap outrank an attestation.
    List<Weighed> strongContra = contra.stream().filter(w -> w.claim().checked()
        || w.claim().standing() == Standing.STATED_GAP).toList();
    List<Weighed> checkedEntail = entail.stream().filter(w -> w.claim().checked()).toList();
    Outcome control;
    List<Weighed> deciding;
    List<Weighed> amounts = checkedEntail.stream()
        .filter(w -> w.claim().part().quantity() != null).toList();
    if (asked.quantity() != null && asked.polarity() == Polarity.IN_PLACE && !amounts.isEmpty()
        && !strongContra.isEmpty()
        && strongContra.stream().allMatch(w -> w.claim().standing() == Standing.REFUTED
            && w.claim().part().quantity() == null)) {
      // "Is HSTS max-age at least a year?" beside "HSTS sent" refuted by one path without the
      // header: the amount is read where the control was seen, by the claim that reads it; the
      // missing header is another question (were it missing everywhere, that claim would fail).
      return new PartDecision(asked, Outcome.YES, notes(amounts) + "; not asked here: "
          + notes(strongContra), claims(amounts));
    }
    // "Accept TLS 1.1 anywhere?": one amount seen outside it is the lapse asked of (E21).
    if (!strongContra.isEmpty() && !checkedEntail.isEmpty() && !(asked.anywhere()
        && asked.quantity() != null && strongContra.stream().allMatch(w -> w.claim().checked()
            && w.claim().part().quantity() != null))) {
      return new PartDecision(asked, Outcome.REVIEW, "the evidence disagrees: "
          + notes(strongContra) + " but " + notes(checkedEntail), claims(weighed));
    } else if (!strongContra.isEmpty()) {
      control = Outcome.NO;
      deciding = strongContra;
    } else if (!entail.isEmpty()
        && weighed.stream().anyMatch(w -> w.support() == Support.IN_PART)) {
      // The same gap answers every header alike: an nginx location that drops the server's
      // headers left "Is HSTS enabled?" to a person, while "Is a Referrer-Policy header set?" was
      // Yes from the pages that sent it (auditor21 M1), as if the gap were not there.
      return new PartDecision(asked, Outcome.REVIEW, notes(weighed.stream()
          .filter(w -> w.support() == Support.IN_PART).toList()) + "; what shows it in place"
          + " speaks only of where it was seen: " + notes(entail), claims(weighed));
    } else if (weighed.stream().anyMatch(w -> w.support() == Support.LAPSE)) {
      return new PartDecision(asked, Outcome.REVIEW, "a stated gap or a window covers some of"
          + " it, or what may hold it: "
          + notes(weighed.stream().filter(w -> w.support() == Support.LAPSE).toList())
          + (entail.isEmpty() ? "" : "; in place elsewhere: " + notes(entail)), claims(weighed));
    } else if (checkedEntail.isEmpty() && !entail.isEmpty() && weighed.stream()
        .anyMatch(w -> w.claim().standing() == Standing.REFUTED)) {
      // A person's word does not stand against a scan that refuted a claim on the same topic.
      return new PartDecision(asked, Outcome.REVIEW, "the scan refutes a claim on this topic: "
          + notes(weighed.stream().filter(w -> w.claim().standing() == Standing.REFUTED)
              .toList()), claims(weighed));
    } else if (!entail.isEmpty() && contra.isEmpty()
        && entail.stream().allMatch(w -> w.support() == Support.SAMPLE)) {
      return new PartDecision(asked, Outcome.REVIEW, notes(entail), claims(weighed));
    } else if (!entail.isEmpty() && contra.isEmpty()) {
      control = Outcome.YES;
      deciding = entail;
    } else if (!contra.isEmpty() && entail.isEmpty()) {
      control = Outcome.NO;
      deciding = contra;
    } else if (!contra.isEmpty()) {
      return new PartDecision(asked, Outcome.REVIEW, "the claims disagree: " + notes(contra)
          + " but " + notes(entail), claims(weighed));
    } else {
      List<Weighed> open = weighed.stream().filter(w -> w.support() != Support.UNRELATED)
          .toList();
      List<String> pages = asked.scope().nouns().stream().filter(n -> n.startsWith("page."))
          .map(n -> n.substring(5) + " page").toList();
      // "Is HTTPS enforced on your API?" with no API target: which kind, and that none was
      // probed, rather than that no claim names it.
      List<String> kinds = asked.scope().nouns().stream()
          .filter(n -> n.startsWith(Scope.ENDPOINT_KIND)).map(book::kindNotProbed)
          .filter(k -> !k.isEmpty()).toList();
      String why = pages.isEmpty() && !kinds.isEmpty()
          ? String.join("; ", kinds) + "; probed: " + (book.probed().isEmpty()
              ? "no web target" : String.join(", ", book.probed())) + " ("
              + notes(open.isEmpty() ? weighed : open) + ")"
          : open.isEmpty() && !pages.isEmpty()
          // "Is HSTS sent on the login page?": the checks read each target at its address.
          ? "the question asks about the " + String.join(", ", pages) + "; the scan probed "
              + (book.probed().isEmpty() ? "no web target" : String.join(", ", book.probed()))
              + ", none of them that page (" + notes(weighed) + ")"
          : open.isEmpty() ? "no claim on " + asked.topic().title() + " speaks of "
              + asked.scope().describe() + " (" + notes(weighed) + ")" : notes(open);
      return new PartDecision(asked, Outcome.REVIEW, why, claims(weighed));
    }
    Outcome outcome = control;
    if (asked.polarity() == Polarity.NOT_IN_PLACE) {
      // The question asks whether the control is missing ("Do you ever log card numbers?").
      if (control == Outcome.NO && !asked.anywhere()
          && deciding.stream().allMatch(w -> w.claim().standing() == Standing.REFUTED)) {
        // A failed check is one lapse: it shows the control missing somewhere, not that it is
        // missing throughout ("never sent", "not encrypted"), and the rest may pass.
        return new PartDecision(asked, Outcome.REVIEW, notes(deciding) + "; a failed check"
            + " shows it missing where it was checked, not that it is missing throughout",
            claims(deciding));
      }
      outcome = control == Outcome.YES ? Outcome.NO : Outcome.YES;
    }
    return new PartDecision(asked, outcome, notes(deciding), claims(deciding));
  }

  /**
   * "Is any endpoint rate limited to 100 a day?" asks whether one thing has the control: a claim
   * that shows it on some of them answers Yes, whatever failed elsewhere. No needs evidence over
   * all of them: a stated gap, or a verified or attested amount over every one outside the
   * threshold. A failed check shows a lapse where it was checked, which says nothing of the rest.
   */
  private PartDecision decideSome(ClaimPart asked, List<Weighed> weighed) {
    List<Weighed> entail = weighed.stream().filter(w -> w.support() == Support.ENTAILS).toList();
    List<Weighed> checkedEntail = entail.stream().filter(w -> w.claim().checked()).toList();
    boolean refuted = weighed.stream().anyMatch(w -> w.claim().standing() == Standing.REFUTED);
    List<Weighed> everywhere = weighed.stream().filter(w -> w.support() == Support.CONTRADICTS
        && w.claim().standing() != Standing.REFUTED
        && (w.claim().part().scope().isEmpty() || (w.claim().part().scope().universal()
            && w.claim().part().scope().covers(new Scope(true, asked.scope().nouns())))))
        .toList();
    List<Weighed> yes = refuted ? checkedEntail : entail;
    if (!yes.isEmpty() && everywhere.isEmpty()) {
      return new PartDecision(asked, Outcome.YES, notes(yes), claims(yes));
    }
    if (!everywhere.isEmpty() && entail.isEmpty()) {
      return new PartDecision(asked, Outcome.NO, notes(everywhere), claims(everywhere));
    }
    if (!everywhere.isEmpty()) {
      return new PartDecision(asked, Outcome.REVIEW, "the claims disagree: " + notes(everywhere)
          + " but " + notes(entail), claims(weighed));
    }
    List<Weighed> open = weighed.stream().filter(w -> w.support() != Support.UNRELATED).toList();
    List<Weighed> heldSomewhere = open.stream().filter(w -> w.claim().standing()
        == Standing.REFUTED && !w.claim().heldOn().isEmpty() && asked.quantity() == null
        && asked.value().isEmpty() && w.claim().part().quantity() == null
        && asked.polarity() == Polarity.IN_PLACE && w.claim().part().scope().coversSome(
            asked.scope())).toList();
    if (entail.isEmpty() && !heldSomewhere.isEmpty()) {
      // Refuted where it lapsed, yet its checks passed elsewhere: "Is OCSP stapling enabled on
      // any endpoint?" is Yes where one endpoint staples (before: No, as if it lapsed on all).
      return new PartDecision(asked, Outcome.YES, notes(heldSomewhere) + "; yet it holds on "
          + String.join("; ", heldSomewhere.stream().flatMap(w -> w.claim().heldOn().stream())
              .distinct().limit(3).toList()), claims(heldSomewhere));
    }
    if (entail.isEmpty() && !open.isEmpty()
        && open.stream().allMatch(w -> w.support() == Support.CONTRADICTS)) {
      // Every claim on it speaks against it, as a check failing wherever it ran answers "Do you
      // send a CSP?" No: "Is there a CSP header?" is the same question.
      return new PartDecision(asked, Outcome.NO, notes(open), claims(open));
    }
    String some = asked.scope().isEmpty() ? "anywhere" : "on any "
        + String.join(", ", asked.scope().nouns());
    return new PartDecision(asked, Outcome.REVIEW, "asked whether it is in place " + some
        + ": no claim shows it in place on any one of them, and no evidence covers all of them"
        + " (a failure shows a lapse only where it was checked): "
        + notes(open.isEmpty() ? weighed : open), claims(weighed));
  }

  /**
   * Why the evidence speaks against a claim the company states, or "" when nothing does: another
   * claim on its topic that contradicts it at its threshold and scope (a check's verdict, a
   * stated gap), or, for a claim that rests on a person's word, any check on its topic that
   * failed. The same weighing answers a question; a page asks it of each statement it would
   * publish, so the page and the questionnaire cannot disagree.
   */
  public String disputed(Claim stated) {
    List<String> against = new ArrayList<>();
    for (Claim other : book.on(stated.part().topic())) {
      if (other.id().equals(stated.id()) || !other.applies()
          || OwnRules.apart(stated, other, book)) {
        continue;
      }
      Weighed w = weigh(other, stated.part());
      // As an answer weighs it: a person's word does not stand beside any refuted claim on its
      // topic, whatever scope either names ("all servers" and the endpoints the scan checked).
      if (w.support() == Support.CONTRADICTS
          || (!stated.checked() && other.standing() == Standing.REFUTED)) {
        against.add(w.support() == Support.UNRELATED ? "claim " + other.id() + " '"
            + shortened(other.statement()) + "' (refuted): " + other.why() : w.note());
      }
    }
    return String.join("; ", against.stream().distinct().toList());
  }

  private static List<Claim> claims(List<Weighed> w) {
    return w.stream().map(Weighed::claim).toList();
  }

  private static String notes(List<Weighed> w) {
    return String.join("; ", w.stream().map(Weighed::note).distinct().toList());
  }

  /** What one claim says about the control the question asks of, at the question's threshold. */
  private Weighed weigh(Claim c, ClaimPart asked) {
    ClaimPart p = c.part();
    String name = "claim " + c.id() + " '" + shortened(c.statement()) + "' ("
        + book.state(c) + (p.quantity() == null ? "" : ", " + p.quantity().describe())
        + (p.value().isEmpty() ? "" : ", " + p.topic().valueWord(p.value())) + ")";
    String layer = StorageLayer.mismatch(p, asked);
    if (layer != null) {
      return new Weighed(c, Support.OPEN, name + " " + layer);
    }
    if (!asked.scope().isEmpty() && p.scope().disjoint(asked.scope())) {
      if (ScopeWithin.mayHold(p.scope(), asked.scope())) {
        // "Is all customer data deleted within 30 days?" beside "Automated deletion of uploaded
        // files: not yet in place": what would refute "all data" is kept where customer data
        // may be, so it is a reason for review, never hidden under a Yes (a tenth blind review).
        Weighed asAllData = weigh(c, new ClaimPart(asked.topic(), asked.polarity(),
            asked.quantity(), new Scope(true, Set.of("data"), Set.of(), true), asked.value(),
            asked.text(), asked.anywhere(), asked.some()));
        if (asAllData.support() == Support.CONTRADICTS) {
          return new Weighed(c, Support.LAPSE, asAllData.note() + "; " + p.scope().describe()
              + " may hold " + asked.scope().describe().replaceFirst("^all ", ""));
        }
      }
      return new Weighed(c, Support.UNRELATED, name + " is about " + p.scope().describe());
    }
    String unread = book.logsRead().beyond(c, asked);
    if (!unread.isEmpty()) {
      return new Weighed(c, Support.OPEN, name + " " + unread + ": " + c.why());
    }
    if (c.valueOnly() && asked.quantity() == null) {
      return new Weighed(c, Support.UNRELATED, name + " records a value seen, not where "
          + p.topic().title() + " is in place");
    }
    boolean holds;
    Quantity q = p.quantity();
    switch (c.standing()) {
      case VERIFIED, ATTESTED -> holds = true;
      case REFUTED -> {
        holds = false;
      }
      case STATED_GAP -> {
        if (!asked.value().isEmpty() && !p.value().isEmpty() && !asked.value().equals(p.value())) {
          // A plan for a SOC 2 Type II report says nothing of a Type I report.
          return new Weighed(c, Support.OPEN, name + " speaks of "
              + p.topic().valueWord(p.value()) + ", not "
              + asked.topic().valueWord(asked.value()));
        }
        if (asked.value().isEmpty() && !p.value().isEmpty()
            && asked.polarity() == Polarity.IN_PLACE) {
          // "Automated backups: not configured yet" against "Are backups taken daily?": the gap
          // is in the automated kind, and backups may still be taken another way.
          return new Weighed(c, Support.OPEN, name + ": " + c.why() + ", of "
              + p.topic().valueWord(p.value()) + " " + p.topic().title() + " only, which the"
              + " question does not ask about");
        }
        if (!ScopeWithin.gapWithin(p.scope(), asked.scope())) {
          // "Backups are not yet encrypted" against "Is data encrypted at rest?": the gap is a
          // lapse in some of what is asked, not its absence; it must not be hidden by a Yes.
          return new Weighed(c, Support.LAPSE, name + ": " + c.why() + ", for "
              + p.scope().describe() + " only, which the question does not single out");
        }
        return new Weighed(c, Support.CONTRADICTS, name + ": " + c.why());
      }
      default -> {
        return new Weighed(c, Support.OPEN, name + ": " + c.why());
      }
    }
    Quantity want = asked.quantity();
    if (!holds && !asked.value().isEmpty() && !p.value().isEmpty()
        && !asked.value().equals(p.value())) {
      // Email addresses found in logs say nothing of card numbers there.
      return new Weighed(c, Support.OPEN, name + " failed on " + p.topic().valueWord(p.value())
          + ", not " + asked.topic().valueWord(asked.value()) + ": " + c.why());
    }
    if (!holds && asked.value().isEmpty() && !p.value().isEmpty()
        && p.topic().id().equals("cookies.same_site")) {
      // A Lax rule failed on SameSite=None: the cookie is not Lax, and may still carry SameSite
      // (a tenth blind review: "Do session cookies carry a SameSite attribute?" was No).
      return new Weighed(c, Support.OPEN, name + " failed on its value " + p.value()
          + ", which does not say whether SameSite is set: " + c.why());
    }
    // A refutation that holds only for its own value ("not every cookie is SameSite=Strict")
    // still answers a question asking that very value.
    if (!holds && !c.refutesAll()
        && (p.value().isEmpty() || !p.value().equals(asked.value()))) {
      return new Weighed(c, Support.OPEN, name + ": " + c.why());
    }
    String offKind = holds ? null : FailedKinds.offKind(book.failedOn(c), p.scope(),
        asked.scope());
    if (offKind != null && !offKind.isEmpty()) {
      return new Weighed(c, Support.OPEN, name + " failed on " + offKind + ": " + c.why());
    }
    if (!holds && offKind == null && !ScopeWithin.failureWithin(p.scope(), asked.scope())) {
      // "cookies * are Secure" failed on a tracking cookie: that says nothing of session cookies.
      return new Weighed(c, Support.OPEN, name + " failed on " + p.scope().describe()
          + ", which may lie outside " + asked.scope().describe() + ": " + c.why());
    }
    if (!holds && q == null && asked.polarity() == Polarity.IN_PLACE && want == null
        && asked.scope().unquantified() && asked.value().isEmpty()
        && asked.topic().id().equals("hsts")) {
      // "Is HSTS enabled?" is weaker than "HSTS is sent on every response": the refutation of
      // the stronger claim by a static file answers nothing of it (a blind review got No for a
      // site whose every page sent HSTS). Enabled is what the pages show.
      HstsInForce inForce = book.hstsInForce(c);
      if (inForce.everyTarget()) {
        return new Weighed(c, Support.ENTAILS, name + ": " + c.why() + "; yet "
            + inForce.describe() + ", and browsers keep it for the whole host: enabled, though"
            + " not on every response");
      }
      if (!inForce.on().isEmpty()) {
        return new Weighed(c, Support.IN_PART, name + ": " + c.why() + "; yet "
            + inForce.describe() + ": in place there, not on every target, and the question"
            + " does not say which it asks");
      }
    }
    if (!holds && q == null && !c.heldOn().isEmpty() && asked.polarity() == Polarity.IN_PLACE
        && asked.scope().unquantified()
        && (asked.value().isEmpty() || p.value().isEmpty() || asked.value().equals(p.value()))) {
      // "Is HSTS enabled?" names no scope: where the checks passed it is, where they failed it
      // is not. No would deny what was seen working, Yes would hide the lapse; an amount asked
      // ("max-age at least a day?") is for the claims that read it. A value asked ("set to
      // DENY?") is the same question where the value seen there is that one or unknown: DENY on
      // /login and no header on / was No.
      return new Weighed(c, want == null ? Support.IN_PART : Support.OPEN, name + ": " + c.why()
          + "; yet it holds on "
          + String.join("; ", c.heldOn().stream().limit(3).toList()) + ": in place there, not"
          + " everywhere, and the question does not say which it asks");
    }
    if (!holds) {
      if (want == null || q == null) {
        // A claim without an amount refuted means the control is not in place; one with an
        // amount refuted says only that the amount was missed.
        return q == null ? new Weighed(c, Support.CONTRADICTS, name + ": " + c.why())
            : new Weighed(c, Support.OPEN, name + " was refuted at its own threshold: "
                + c.why());
      }
      Quantity rest = q.complement();
      if (rest == null) {
        return new Weighed(c, Support.OPEN, name + ": " + c.why());
      }
      return switch (rest.relationTo(want)) {
        case DISJOINT -> new Weighed(c, Support.CONTRADICTS, name + ": " + c.why());
        case INSIDE -> overMany(c) && !asked.some() && !asked.anywhere()
            // A window over many files refuted by one that outlived it: some report was kept
            // longer, not every report kept at least that long (others were 3 and 8 days old).
            ? new Weighed(c, Support.OPEN, name + " failed: some of " + p.scope().describe()
                + " outlived it, which shows nothing of how long each is kept: " + c.why())
            : new Weighed(c, Support.ENTAILS, name + ": " + c.why());
        default -> new Weighed(c, Support.OPEN, name + " failed, which does not settle "
            + want.describe() + ": " + c.why());
      };
    }
    if (!c.readWhole()) {
      return new Weighed(c, Support.OPEN, name + ": its statement was read only in part");
    }
    if (!asked.value().isEmpty() && !asked.value().equals(p.value())) {
      return new Weighed(c, Support.OPEN, name + " does not state " + asked.value());
    }
    if (want != null) {
      if (q == null) {
        return new Weighed(c, Support.OPEN, name + " states no amount; asked "
            + want.describe());
      }
      switch (q.relationTo(want)) {
        case DISJOINT -> {
          if (!p.scope().covers(asked.scope()) && !ScopeWithin.failureWithin(p.scope(), asked.scope())
              && !ScopeWithin.allData(asked.scope())) {
            // A window on application logs says nothing of audit logs, nor of data a question
            // names no scope for: the amounts differ on things that may not be the same.
            return new Weighed(c, Support.OPEN, name + " is about " + p.scope().describe()
                + ", which may not be " + (asked.scope().isEmpty() ? "what is asked"
                    : asked.scope().describe()));
          }
          return new Weighed(c, Support.CONTRADICTS, name + " is outside " + want.describe()
              + (p.scope().covers(asked.scope()) || asked.scope().isEmpty()
                  || p.scope().describe().isEmpty() ? ""
                  : ", for " + p.scope().describe() + ", some of " + asked.scope().describe()));
        }
        case OVERLAPS, INCOMPARABLE -> {
          return new Weighed(c, Support.OPEN, name + " does not show " + want.describe());
        }
        case INSIDE -> { }
      }
    }
    if (p.scope().nouns().contains(ObservedResponses.JUDGED) && !asked.some()
        && ObservedResponses.overEveryResponse(asked)) {
      // "Do your responses ever include version banners?", "never": of every response.
      return new Weighed(c, Support.OPEN, name + " does not cover every response: " + c.why());
    }
    if (c.checkIds().contains("https.redirect") && !asked.some()
        && asked.topic().checks().contains("https.redirect")
        && ObservedResponses.everOrNever(asked)) {
      // "Do you ever serve pages over plain HTTP?" asks of every page: the redirect was asked of
      // one plain-HTTP URL per target (auditor21 N01 was No from the redirect of / alone).
      return new Weighed(c, Support.SAMPLE, name + " rests on one plain-HTTP request per target"
          + " (probed: " + String.join(", ", book.probed()) + "), while the question asks of"
          + " every page ever served: " + c.why());
    }
    if (asked.some() ? !p.scope().coversSome(asked.scope()) : !p.scope().covers(asked.scope())) {
      List<String> missing = p.scope().missing(asked.scope());
      List<String> limits = p.scope().limits(asked.scope());
      // A question naming no class asks of the topic's whole domain (every token and link).
      return new Weighed(c, Support.OPEN, name + " does not cover " + (asked.scope().isEmpty()
          ? "all of " + p.topic().title() + " the question asks of" : asked.scope().describe())
          // Over some of what is asked: what it was verified on says which.
          + (missing.isEmpty() && (limits.isEmpty()
              || p.scope().nouns().contains(ObservedResponses.JUDGED)) ? ": " + c.why()
              : !limits.isEmpty() ? " (it speaks only of " + String.join(", ", limits) + ")"
              : !missing.isEmpty() ? " (it names no " + String.join(", ", missing) + ")"
              : ""));
    }
    return new Weighed(c, Support.ENTAILS, name + ": " + c.why());
  }

  /**
   * Whether a claim's amount bounds each of many things (a retention window over files and
   * records), so its refutation shows one of them past it; a minimum TLS version or a max-age is
   * one value, whose refutation bounds it.
   */
  private static boolean overMany(Claim c) {
    return c.part().topic().id().equals("retention");
  }

  private static String shortened(String s) {
    String t = s == null ? "" : s.strip();
    return t.length() > 80 ? t.substring(0, 77) + "..." : t;
  }
}
