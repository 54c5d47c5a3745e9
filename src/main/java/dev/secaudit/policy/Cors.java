package dev.secaudit.policy;

import java.util.List;

@Doc("Cross-origin resource sharing.")
public record Cors(
    @Doc("The foreign Origin sent first; each path is also asked with Origin: null and two"
        + " look-alikes of the target's host (one beginning with it, one ending with it), which"
        + " a careless allow-list trusts.")
        String probeOrigin,
    @Doc("Paths probed.") List<String> paths,
    @Doc("Access-Control-Allow-Origin: * is acceptable (a public resource); false:"
        + " only the site's own origins may be allowed, so * fails.")
        Boolean allowAnyOrigin) {
  public Cors {
    allowAnyOrigin = Unset.or(allowAnyOrigin, Boolean.TRUE);
    probeOrigin = Unset.or(probeOrigin, "https://cors-probe.secaudit.invalid");
    paths = paths == null || paths.isEmpty() ? List.of("/") : List.copyOf(paths);
  }

  void validate(PolicyProblems problems) {
    problems.url("/cors/probe_origin", probeOrigin, false);
    problems.paths("/cors/paths", paths);
  }
}
