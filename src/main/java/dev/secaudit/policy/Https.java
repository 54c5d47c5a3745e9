package dev.secaudit.policy;

@Doc("HTTP to HTTPS redirection rules.")
public record Https(
    @Doc("Plain HTTP must first redirect to HTTPS on the same host.")
        Boolean redirect,
    @Doc("Most redirects allowed before the final page.")
        Integer maxRedirects) {
  public Https {
    redirect = Unset.or(redirect, Boolean.TRUE);
    maxRedirects = Unset.or(maxRedirects, 3);
  }

  void validate(PolicyProblems problems) {
    problems.range("/https/max_redirects", maxRedirects, 0, 10);
  }
}
