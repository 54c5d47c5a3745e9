package dev.secaudit.policy;

@Doc("Clickjacking protection.")
public record Framing(
    @Doc("Framing by other origins must be refused.") Boolean required) {
  public Framing {
    required = Unset.or(required, Boolean.TRUE);
  }
}
