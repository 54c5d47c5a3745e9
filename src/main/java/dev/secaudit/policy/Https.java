package dev.secaudit.policy;

@Doc("HTTP to HTTPS redirection rules.")
public record Https(
    @Doc(value = "Plain HTTP must first redirect to HTTPS on the same host.", defaultValue = "true")
        Boolean redirect,
    @Doc(value = "Most redirects allowed before the final page.", defaultValue = "3")
        Integer maxRedirects) {
  public Https {
    redirect = Unset.or(redirect, Boolean.TRUE);
    maxRedirects = Unset.or(maxRedirects, 3);
  }

  void validate(PolicyProblems problems) {
    problems.range("/https/max_redirects", maxRedirects, 0, 10);
  }
}
