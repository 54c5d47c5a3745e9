package dev.secaudit.policy;

import java.util.List;

@Doc("Headers that leak software and versions.")
public record InfoLeak(
    @Doc("Run the check when the section is present (without the section it does not run).")
        Boolean enabled,
    @Doc("More header names to treat as banners.") List<String> headers) {
  public InfoLeak {
    enabled = Unset.or(enabled, Boolean.TRUE);
    headers = Unset.orEmpty(headers);
  }
}
