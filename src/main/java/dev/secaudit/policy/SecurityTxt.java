package dev.secaudit.policy;

import java.util.List;

@Doc("security.txt rules (RFC 9116).")
public record SecurityTxt(
    @Doc("The file must be published.") Boolean required,
    @Doc("Longest time until Expires accepted; further ahead fails.")
        PolicyDuration maxExpiresIn,
    @Doc(value = "Contact values that must be listed.", example = "[mailto:security@example.com]")
        List<String> contacts,
    @Doc("The file must carry an OpenPGP signature.")
        Boolean requireSignature) {
  public SecurityTxt {
    required = Unset.or(required, Boolean.TRUE);
    maxExpiresIn = Unset.or(maxExpiresIn, PolicyDuration.parse("366d"));
    contacts = Unset.orEmpty(contacts);
    requireSignature = Unset.or(requireSignature, Boolean.FALSE);
  }
}
