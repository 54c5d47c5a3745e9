package dev.secaudit.claim;

/** What a word of a sentence was read as; a word with none is unread and makes the reading partial. */
enum WordRole {
  TOPIC,
  QUANTITY,
  NEGATION,
  PLANNED,
  QUANTIFIER,
  SCOPE,
  DOCUMENT,
  VALUE,
  NEUTRAL,
  JOINER
}
