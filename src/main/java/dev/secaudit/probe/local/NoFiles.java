package dev.secaudit.probe.local;

/**
 * A place a policy names (a glob, a folder with its glob) where the scan found no file to judge.
 * Retention and data hygiene report it the same way, so an empty or mistyped location is never
 * taken for a clean one.
 *
 * @param place the glob or folder as the scan resolved it
 * @param why what was found there ("no file under /srv/x matches", "/srv/x does not exist")
 * @param unreadable the location itself could not be read (missing, not a folder, denied), as
 *     opposed to read and empty
 */
public record NoFiles(String place, String why, boolean unreadable) {}
