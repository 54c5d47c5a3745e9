// Runs the http-state parser vectors through secaudit's Set-Cookie parser and its Domain rule
// with a minimal cookie jar (RFC 6265bis §5.7 storage, §5.8.3 retrieval), and compares the
// cookie names sent back, in order, with each vector's expected Cookie header. Values are not
// compared: secaudit never keeps cookie values. Started by bench/http-state.sh.
import dev.secaudit.check.cookie.*;
import java.nio.file.*;
import java.time.*;
import java.util.*;

record Kept(String name, String domain, boolean hostOnly, String path, boolean secure, long created) {}

String dir = System.getProperty("vectors");
// The vectors' Expires dates are relative to when they were written (2011): 2019 was the future.
Instant now = Instant.parse("2012-01-01T00:00:00Z");
int agree = 0, total = 0, namelessOnly = 0;
List<String> differ = new ArrayList<>();

boolean domainMatch(String host, String domain) {
  return host.equals(domain) || host.endsWith("." + domain);
}
boolean pathMatch(String reqPath, String cookiePath) {
  if (reqPath.equals(cookiePath)) return true;
  if (!reqPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || reqPath.charAt(cookiePath.length()) == '/';
}
String defaultPath(String path) {
  if (path.isEmpty() || !path.startsWith("/")) return "/";
  int last = path.lastIndexOf('/');
  return last == 0 ? "/" : path.substring(0, last);
}

for (Path test : Files.list(Path.of(dir)).filter(p -> p.toString().endsWith("-test")).sorted().toList()) {
  String name = test.getFileName().toString().replace("-test", "");
  Path exp = test.resolveSibling(name + "-expected");
  if (!Files.exists(exp) || name.startsWith("disabled-")) continue;
  String reqUrl = "http://home.example.org:8888/cookie-parser?" + name;
  String readUrl = "http://home.example.org:8888/cookie-parser-result?" + name;
  List<String> setCookies = new ArrayList<>();
  for (String line : Files.readAllLines(test, java.nio.charset.StandardCharsets.ISO_8859_1)) {
    if (line.regionMatches(true, 0, "Set-Cookie:", 0, 11)) setCookies.add(line.substring(11).replaceFirst("^[ \t]+", ""));
    else if (line.regionMatches(true, 0, "Location:", 0, 9)) readUrl = line.substring(9).trim();
  }
  String host = "home.example.org";
  List<Kept> jar = new ArrayList<>();
  long t = 0;
  for (String sc : setCookies) {
    SetCookie c = SetCookieParser.parse(sc, reqUrl);
    if (c.ignored() || c.domainRejection(host) != null) continue;
    boolean hostOnly = c.hostOnly();
    String domain = hostOnly ? host : c.domain();
    String path = c.path() == null ? defaultPath("/cookie-parser") : c.path();
    Kept k = new Kept(c.name(), domain, hostOnly, path, c.secure(), t++);
    Optional<Kept> old = jar.stream().filter(o -> o.name().equals(k.name()) && o.domain().equals(k.domain()) && o.path().equals(k.path())).findFirst();
    old.ifPresent(jar::remove);
    if (c.effectiveLifetime(now).kind() == SetCookie.LifetimeKind.EXPIRED) continue;
    if (c.secure()) continue; // set over http://: RFC 6265bis §5.7 step 12 drops it
    jar.add(old.map(o -> new Kept(k.name(), k.domain(), k.hostOnly(), k.path(), k.secure(), o.created())).orElse(k));
  }
  java.net.URI read = java.net.URI.create(reqUrl).resolve(readUrl);
  String rh = read.getHost().toLowerCase(Locale.ROOT);
  String rp = read.getRawPath() == null || read.getRawPath().isEmpty() ? "/" : read.getRawPath();
  List<Kept> sent = new ArrayList<>();
  for (Kept k : jar) {
    boolean hostOk = k.hostOnly() ? rh.equals(k.domain()) : domainMatch(rh, k.domain());
    if (hostOk && pathMatch(rp, k.path())) sent.add(k);
  }
  sent.sort(Comparator.comparingInt((Kept k) -> -k.path().length()).thenComparingLong(Kept::created));
  // A nameless cookie is serialised as its bare value (RFC 6265bis §5.8.3), shown here as "(nameless)".
  List<String> ours = sent.stream().map(k -> k.name().isEmpty() ? "(nameless)" : k.name()).toList();
  String expected = Files.readString(exp, java.nio.charset.StandardCharsets.ISO_8859_1).strip();
  List<String> theirs = new ArrayList<>();
  if (expected.regionMatches(true, 0, "Cookie:", 0, 7)) {
    for (String pair : expected.substring(7).strip().split("; ")) {
      int eq = pair.indexOf('=');
      theirs.add(eq < 0 ? "" : pair.substring(0, eq));
    }
  }
  total++;
  if (ours.equals(theirs)) agree++;
  else {
    // RFC 6265 (the vectors' rules) dropped nameless cookies; RFC 6265bis keeps them.
    boolean onlyNameless = ours.stream().filter(n -> !n.equals("(nameless)")).toList().equals(theirs);
    if (onlyNameless) namelessOnly++;
    differ.add(name + ": secaudit " + ours + ", expected " + theirs + (onlyNameless
        ? " (RFC 6265bis keeps the nameless cookie)" : name.startsWith("optional-")
        ? " (a vector the suite marks optional: browsers differ)" : ""));
  }
}
System.out.printf("http-state parser vectors: %d compared, %d agree (%.1f %%); %d more differ only by a nameless cookie RFC 6265bis keeps (%.1f %% with them)%n",
    total, agree, 100.0 * agree / total, namelessOnly, 100.0 * (agree + namelessOnly) / total);
differ.forEach(d -> System.out.println("  differs: " + d));
/exit
