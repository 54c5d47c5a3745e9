package dev.secaudit.probe.manifest;

/**
 * One dependency as a manifest writes it: probes that list vendors read the name and line,
 * probes that judge pinning read the version as written too.
 *
 * @param section where it is declared (package.json's dependencies or devDependencies, go.mod's
 *     require), so a caller can keep only the sections it judges
 * @param name the package or module
 * @param spec the version as written ("" when the manifest gives none or not as text)
 * @param line 1-based line of the declaration
 */
public record Declaration(String section, String name, String spec, int line) {}
