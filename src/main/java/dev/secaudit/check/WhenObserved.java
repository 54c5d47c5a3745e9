package dev.secaudit.check;

/**
 * A check no policy section turns on: it judges what the scan observes for the other checks
 * ({@link Check#needs()}), whenever all of that is observed, and never makes the scan observe
 * more. A fault the observations already show is reported whatever the policy asked (a blind
 * review: a page's redirect from https:// to http:// was found only when the policy had an
 * {@code https:} section), and a policy that probes no page sends no request for it.
 */
public interface WhenObserved extends Check {
  /** No section asks for it: the scan runs it whenever what it {@link #needs()} is observed. */
  @Override
  default boolean appliesTo(dev.secaudit.policy.Policy policy) {
    return false;
  }
}
