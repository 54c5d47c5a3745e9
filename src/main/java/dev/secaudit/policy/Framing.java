package dev.secaudit.policy;

@Doc("Clickjacking protection.")
public record Framing(
    @Doc(value = "Framing by other origins must be refused.", defaultValue = "true") Boolean required) {
  public Framing {
    required = Unset.or(required, Boolean.TRUE);
  }
}
