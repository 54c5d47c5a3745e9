// The same categories from secaudit's CspEvaluator, as "index category". Run by
// bench/csp-evaluator.sh.
import dev.secaudit.check.csp.*;
import java.nio.file.*;
import java.util.*;

List<String> policies = Files.readAllLines(Path.of(System.getProperty("policies"))).stream().filter(l -> !l.isEmpty()).toList();
for (int i = 0; i < policies.size(); i++) {
  Set<String> seen = new TreeSet<>();
  for (CspIssue issue : CspEvaluator.evaluate(CspParser.parse(policies.get(i)), false)) {
    switch (issue.type()) {
      case UNSAFE_INLINE -> seen.add("unsafe_inline");
      case UNSAFE_EVAL -> seen.add("unsafe_eval");
      case PLAIN_WILDCARD, PLAIN_URL_SCHEME -> seen.add("wildcard");
      case ALLOWLIST_BYPASS -> seen.add("bypass");
      case MISSING_DIRECTIVE -> seen.add("missing:" + issue.directive());
      case NONCE_LENGTH -> seen.add("nonce_length");
      case SRC_HTTP -> seen.add("http");
      case IP_SOURCE -> seen.add("ip");
      default -> { }
    }
  }
  for (String c : seen) System.out.println(i + " " + c);
}
/exit
