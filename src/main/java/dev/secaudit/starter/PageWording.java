package dev.secaudit.starter;

import java.util.regex.Pattern;

/** How a page words a gap, which init may write as one. */
final class PageWording {
  private PageWording() {}

  private static final Pattern GAP_HEADING = Pattern.compile("(?i)\\b(not (yet|in place|have)"
      + "|don'?t have|do not have|yet to|roadmap|planned|coming soon|gaps?|limitations?"
      + "|working on)\\b");
  private static final Pattern LABELLED_GAP = Pattern.compile(
      "(?i)^[^.:]{3,60}:\\s*(not|no|none|never|planned|coming)\\b");
  /** The label of a labelled gap ("Bug bounty" of "Bug bounty: no formal program"). */
  private static final Pattern LABEL = Pattern.compile("^([^.:]{3,60}):");

  /**
   * A gap init may write as one: the whole sentence was read, or it stands under a heading that
   * lists what is missing ("What we don't have yet"), or it is a label and its negation
   * ("Automated backups: not configured yet").
   */
  static boolean plainGap(PageClaims.Found f) {
    return statedGap(f, f.reading());
  }

  /**
   * Whether a gap is written as one: validate reads it whole, or the page states it plainly,
   * under a heading listing what is missing or as a label and its negation. Such a gap read in
   * part is still the page's gap; it is no attestation to uncomment (a blind review: "Disk
   * encryption at rest: ... not encrypted by default" was offered as one).
   */
  static boolean statedGap(PageClaims.Found f, dev.secaudit.claim.Reading alone) {
    return !alone.partial() || GAP_HEADING.matcher(f.heading()).find()
        || LABELLED_GAP.matcher(f.statement()).find();
  }

  /**
   * A labelled gap under a heading listing what is missing, whatever the reader made of its
   * label ("Bug bounty: no formal program", no topic of the vocabulary): its polarity, or null.
   */
  static dev.secaudit.claim.Polarity labelledGap(String statement, String heading) {
    var m = LABELLED_GAP.matcher(statement);
    if (!GAP_HEADING.matcher(heading).find() || !m.find()) {
      return null;
    }
    String word = m.group(1).toLowerCase(java.util.Locale.ROOT);
    return word.equals("planned") || word.equals("coming") ? dev.secaudit.claim.Polarity.PLANNED
        : dev.secaudit.claim.Polarity.NOT_IN_PLACE;
  }

  /**
   * A span or a frequency the page commits to, with its bound ("at least monthly", "within 48
   * hours"), as written, or null.
   */
  private static final Pattern AMOUNT = Pattern.compile("(?i)\\b((at least|at most|within|every"
      + "|no more than|no later than|up to|under)\\s+)?(\\d+(\\.\\d+)?\\s*-?\\s*(business\\s+)?"
      + "(minutes?|hours?|days?|weeks?|months?|years?)|hourly|daily|nightly|weekly|monthly"
      + "|quarterly|annually|yearly)\\b");

  static String amount(String statement) {
    var m = AMOUNT.matcher(statement);
    return m.find() ? m.group().strip() : null;
  }

  /** The id a labelled gap is written under: its label in lower case ("bug_bounty"). */
  static String labelId(String statement) {
    var m = LABEL.matcher(statement);
    String label = m.find() ? m.group(1) : statement;
    String id = label.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    // A sentence with no label names its claim by its first words, not all of them.
    id = id.substring(0, Math.min(id.length(), 40)).replaceAll("^_+|_+$", "");
    return id.isEmpty() ? "gap" : id;
  }

  /**
   * Words that bound a TLS sentence by what the handshake carries, not by whether HTTPS is used:
   * suites, key exchange, key types and sizes, the chain, stapling.
   */
  private static final Pattern TLS_DETAIL = Pattern.compile("(?i)\\b(aead|cbc|gcm|chacha20"
      + "|ciphers?|cipher suites?|suites?|ecdhe|dhe|forward secrecy|pfs|ecdsa|rsa|ed25519"
      + "|\\d+[- ]bits?|key sizes?|key exchange|certificate chain|chain|ocsp(?: stapling)?"
      + "|stapl\\w*)\\b");

  /** The TLS details a statement names ("AEAD", "OCSP stapling"), as written; empty if none. */
  static java.util.List<String> tlsDetails(String statement) {
    var m = TLS_DETAIL.matcher(statement);
    java.util.Set<String> named = new java.util.LinkedHashSet<>();
    while (m.find()) {
      named.add(m.group());
    }
    return java.util.List.copyOf(named);
  }

  private static final String EVENTS = "(clos(e|es|ed|ing|ure)|cancel\\w*|terminat\\w*"
      + "|leav(e|es|ing)|end(s|ed)?|delet(e|es|ion)|offboard\\w*|churn\\w*|requests?)";

  /** "When you close your account, ...": a window counted from an event of the customer's. */
  private static final Pattern EVENT = Pattern.compile("(?i)\\b(when|once|after|upon|following)"
      + "\\s+[^.,;]{0,40}?\\b" + EVENTS + "\\b[^.,;]{0,30}");

  /**
   * "Deleted within 30 days of account closure", "30 days from your request": the window's own
   * words name where it starts. Only right after the span, so "logs of deletion requests are
   * kept 90 days" (a log's age) is no event.
   */
  private static final Pattern SPAN_FROM_EVENT = Pattern.compile("(?i)\\b(hours?|days?|weeks?"
      + "|months?|years?)\\s+(of|from|after|following)\\s+[^.,;]{0,40}?\\b" + EVENTS
      + "\\b[^.,;]{0,30}");

  /** A request is always someone's: "a deletion request" names the customer's event. */
  private static final Pattern WHOSE = Pattern.compile("(?i)\\b(you|your|customers?|users?"
      + "|accounts?|subscriptions?|contracts?|agreements?|relationship|requests?)\\b");

  /** The event a retention window is counted from, as the page words it, or null. */
  static String event(String statement) {
    for (Pattern p : new Pattern[] {EVENT, SPAN_FROM_EVENT}) {
      var m = p.matcher(statement);
      // Whose event: "after the retention period ends" is the window itself, not an event.
      while (m.find()) {
        if (WHOSE.matcher(m.group()).find()) {
          return m.group().strip();
        }
      }
    }
    return null;
  }

  /** "Read operations: 60 requests per minute", "GET requests": a limit on reads. */
  private static final Pattern READS = Pattern.compile("\\b(?i:reads?|read-only|fetch(es)?"
      + "|downloads?|lookups?)\\b|\\bGET\\b");

  /**
   * The method a rate limit's probe sends: GET for a limit the page puts on reads, which a
   * POST would not meet (a blind review: "Read operations: 60 requests per minute" was probed
   * with POST), else POST, the method a sign-in or write limit guards.
   */
  static String method(PageClaims.Found f) {
    return READS.matcher(f.statement()).find() ? "GET" : "POST";
  }

  private static final Pattern TOO_MANY = Pattern.compile("\\b429\\b|(?i:too many requests)");

  /** Whether a sentence names the status a refused request gets: 429, Too Many Requests. */
  static boolean tooManyRequests(String statement) {
    return TOO_MANY.matcher(statement).find();
  }

  private static final Pattern NGINX = Pattern.compile("(?i)\\bnginx\\b");

  /** Whether a sentence says nginx enforces what it states ("Rate limiting via nginx"). */
  static boolean byNginx(String statement) {
    return NGINX.matcher(statement).find();
  }
}
