package dev.secaudit.check.subprocessors;

/**
 * A third-party resource a page refers to.
 *
 * @param page URL of the page it was found on
 * @param evidence artifact id of that page's exchange
 * @param element where: {@code <script src>}, {@code <link rel=preconnect>}, {@code CSP script-src}
 * @param url the resource URL (for CSP sources, the source expression)
 * @param host the resource's host, lower case
 * @param subresource a script or stylesheet, which Subresource Integrity can pin
 * @param integrity the integrity attribute, or null
 */
public record PageResource(String page, String evidence, String element, String url, String host,
    boolean subresource, String integrity) {

  /** "&lt;script src&gt; on https://app/ " style description for findings. */
  public String where() {
    return element + " on " + page;
  }
}
