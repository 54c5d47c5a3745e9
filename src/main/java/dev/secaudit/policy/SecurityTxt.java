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
    required = Unset.or(required, Boolean.TRUE);
    maxExpiresIn = Unset.or(maxExpiresIn, PolicyDuration.parse("366d"));
    contacts = Unset.orEmpty(contacts);
    requireSignature = Unset.or(requireSignature, Boolean.FALSE);
  }
}
