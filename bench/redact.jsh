// Redaction cost: one megabyte of page-like text (lines of words, hex, JSON) masked with 1, 10
// and 50 secrets, each secret also present once. Run: bench/redact.sh [JAR]
import dev.secaudit.model.Redactor;
import java.util.*;

var rnd = new Random(7);
var sb = new StringBuilder();
String words = "the quick brown fox jumps over a lazy dog session token key value data page";
String[] w = words.split(" ");
while (sb.length() < 1_000_000) {
  for (int i = 0; i < 12; i++) sb.append(w[rnd.nextInt(w.length)]).append(' ');
  sb.append(String.format("%08x", rnd.nextInt())).append(" {\"a\": \"b\\n\"} 0a 1f\n");
}
String base = sb.toString();
for (int n : new int[] {1, 10, 50}) {
  List<String> secrets = new ArrayList<>();
  for (int i = 0; i < n; i++) secrets.add("tok-" + Long.toString(rnd.nextLong() & Long.MAX_VALUE, 36));
  String text = base + String.join("\n", secrets);
  Redactor r = new Redactor(secrets);
  r.text(text.substring(0, 10_000));
  long best = Long.MAX_VALUE;
  for (int round = 0; round < 3; round++) {
    long t0 = System.nanoTime();
    String out = r.text(text);
    best = Math.min(best, System.nanoTime() - t0);
    if (out.contains(secrets.get(0))) throw new AssertionError("not masked");
  }
  System.out.printf("secrets %d: %.3f s for %d characters (best of 3)%n", n, best / 1e9, text.length());
}
/exit
