package dev.secaudit.policy;

import java.util.List;

@Doc("security.txt rules (RFC 9116).")
public record SecurityTxt(
    @Doc(value = "The file must be published.", defaultValue = "true") Boolean required,
    @Doc(value = "Longest time until Expires accepted.", defaultValue = "366d")
        PolicyDuration maxExpiresIn,
    @Doc(value = "Contact values that must be listed.", example = "[mailto:security@example.com]")
        List<String> contacts,
    @Doc(value = "The file must carry an OpenPGP signature.", defaultValue = "false")
        Boolean requireSignature) {
  public SecurityTxt {
    required = required == null ? Boolean.TRUE : required;
    maxExpiresIn = maxExpiresIn == null ? PolicyDuration.parse("366d") : maxExpiresIn;
    contacts = contacts == null ? List.of() : List.copyOf(contacts);
    requireSignature = requireSignature == null ? Boolean.FALSE : requireSignature;
  }
}
