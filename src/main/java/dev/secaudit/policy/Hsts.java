package dev.secaudit.policy;

@Doc("Strict-Transport-Security rules.")
public record Hsts(
    @Doc("The header must be sent on HTTPS responses.") Boolean required,
    @Doc(value = "Smallest accepted max-age; 0s states none (any max-age that keeps HSTS on)."
        + " A bare number is seconds, as in the header; a value in ms is refused.",
        defaultValue = "1y", example = "31536000")
        PolicyDuration minMaxAge,
    @Doc("includeSubDomains must be present (true) or absent (false); unset: not judged.")
        Boolean includeSubdomains,
    @Doc("The site must meet the HSTS preload list's requirements.") Boolean preload) {
  public Hsts {
    required = Unset.or(required, Boolean.TRUE);
    minMaxAge = Unset.or(minMaxAge, PolicyDuration.parse("365d"));
  }
}
