package dev.secaudit.report;

import dev.secaudit.model.Finding;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which findings' row anchors can differ from {@link Anchors#base}: the others' anchors are made
 * again where they are written instead of being kept, one per finding, with a set of every
 * anchor made (a fleet's 427,000 findings held ~100 MB of them).
 *
 * <p>Why that is exact. Every id {@link Anchors#make} gives a finding begins with its {@link
 * Anchors#stem}, followed by '-' or nothing (a hash and a counter only ever follow a '-'). If two
 * findings' ids are the same string, both stems begin it at a '-' or its end, so one stem is the
 * other or begins it followed by '-': the stems are <em>related</em>. A finding whose stem is
 * related to no other finding's can meet no id made for another finding, and no other finding
 * can meet its base, whatever the order: its anchor is its base. (Sharper: what follows the
 * shorter stem in an id is a hash or a counter, so the longer stem must go on with one of those
 * words; see {@link #countsOrHashes}.) Findings with related stems
 * (the same object twice, the same check and subject twice on a target, "a"+"b-c" beside
 * "a-b"+"c", a subject that is another's hash) keep the full rule, in the same order as before,
 * so their "-2", "-3" come out as they did.
 *
 * <p>The stems are compared target by target: a target's stems all begin with its name's slug
 * (its key) followed by '-' or nothing, so findings of two targets can only be related when the
 * keys are related ("web" and "web-2", or two names with the same slug). Those targets, and the
 * findings whose target has no slug (policy-wide ones), are compared together in one group.
 */
final class FindingAnchors {
  private FindingAnchors() {}

  /**
   * The findings (by identity) whose anchor may not be their base, among {@code byTarget}'s,
   * whose keys are the findings' targets as they are written into anchors.
   */
  static Set<Finding> related(Map<String, List<Finding>> byTarget, Anchors anchors) {
    Set<Finding> related = Collections.newSetFromMap(new IdentityHashMap<>());
    Map<String, Integer> keys = new HashMap<>();
    Map<String, List<Finding>> loose = new HashMap<>();
    for (Map.Entry<String, List<Finding>> e : byTarget.entrySet()) {
      String key = anchors.slugOf(e.getKey());
      if (!key.isEmpty()) {
        keys.merge(key, 1, Integer::sum);
        continue;
      }
      for (Finding f : e.getValue()) {
        loose.computeIfAbsent(stem(f, anchors), k -> new ArrayList<>()).add(f);
      }
    }
    Set<String> together = new HashSet<>();
    for (Map.Entry<String, Integer> k : keys.entrySet()) {
      String key = k.getKey();
      if (k.getValue() > 1 || loose.containsKey(key)) {
        together.add(key);
      }
      for (int i = key.indexOf('-'); i >= 0; i = key.indexOf('-', i + 1)) {
        String begins = key.substring(0, i);
        if (keys.containsKey(begins)) {
          together.add(key);
          together.add(begins);
        }
        if (loose.containsKey(begins)) {
          together.add(key);
        }
      }
    }
    for (String stem : loose.keySet()) {
      for (int i = stem.indexOf('-'); i >= 0; i = stem.indexOf('-', i + 1)) {
        String begins = stem.substring(0, i);
        if (keys.containsKey(begins)) {
          together.add(begins);
        }
      }
    }
    Map<String, List<Finding>> shared = loose;
    for (Map.Entry<String, List<Finding>> e : byTarget.entrySet()) {
      String key = anchors.slugOf(e.getKey());
      if (key.isEmpty()) {
        continue;
      }
      if (together.contains(key)) {
        for (Finding f : e.getValue()) {
          shared.computeIfAbsent(stem(f, anchors), s -> new ArrayList<>()).add(f);
        }
      } else {
        Map<String, List<Finding>> stems = new HashMap<>();
        for (Finding f : e.getValue()) {
          stems.computeIfAbsent(stem(f, anchors), s -> new ArrayList<>(1)).add(f);
        }
        mark(stems, key.length(), related);
      }
    }
    mark(shared, 0, related);
    return related;
  }

  /**
   * Whether the word of {@code stem} at {@code at} (up to the next '-') could be what follows a
   * shorter stem in one of its ids: a counter (digits) or a hash (8 hex digits). When it is
   * neither, the shorter stem's ids ("stem", "stem-HASH", "stem-N", "stem-HASH-N") cannot be the
   * longer one's, which go on with that word: "on" beside "on-login" is no clash.
   */
  static boolean countsOrHashes(String stem, int at) {
    int end = stem.indexOf('-', at);
    end = end < 0 ? stem.length() : end;
    boolean digits = end > at;
    boolean hex = end - at == 8;
    for (int i = at; i < end && (digits || hex); i++) {
      char c = stem.charAt(i);
      digits &= c >= '0' && c <= '9';
      hex &= c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
    }
    return digits || hex;
  }

  /** The stem of a finding's row anchor, from the parts the builder makes it of. */
  static String stem(Finding f, Anchors anchors) {
    return anchors.stem(ReportModel.text(f.target()), ReportModel.text(f.checkId()),
        f.subject());
  }

  /**
   * Marks the findings whose stem is another's, or begins another's followed by '-'; {@code from}:
   * every stem begins with the same {@code from} characters, and shorter beginnings are no stem.
   */
  private static void mark(Map<String, List<Finding>> stems, int from, Set<Finding> related) {
    for (Map.Entry<String, List<Finding>> e : stems.entrySet()) {
      String stem = e.getKey();
      if (e.getValue().size() > 1) {
        related.addAll(e.getValue());
      }
      for (int i = stem.indexOf('-', from); i >= 0; i = stem.indexOf('-', i + 1)) {
        if (!countsOrHashes(stem, i + 1)) {
          continue;
        }
        List<Finding> shorter = stems.get(stem.substring(0, i));
        if (shorter != null) {
          related.addAll(shorter);
          related.addAll(e.getValue());
        }
      }
    }
  }
}
