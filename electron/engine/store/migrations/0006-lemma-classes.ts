/**
 * Business vocabularies: an edited vocabulary is a new immutable version that names its parent and keeps
 * its whole edit list (what the user asked, and the class-level operations it resolved to).
 * Lemma classes: a noun no wordnet maps (`ja:公園`, `en:ourbrand`) can be a vocabulary class of its own.
 * Cached labels from before lack the lemma classes and the Japanese captions' synsets; they are only a
 * cache, so they are dropped and relabelled on demand.
 */
export const sql = `
ALTER TABLE item_labels ADD COLUMN lemmas TEXT NOT NULL DEFAULT '';  -- space-separated lemma classes
DELETE FROM item_labels;
-- A lemma class row has lemma = its key (also its name) and offset 0, which no WordNet synset has.
ALTER TABLE vocabulary_synsets ADD COLUMN lemma TEXT;
ALTER TABLE vocabularies ADD COLUMN lemma_classes INTEGER NOT NULL DEFAULT 0;  -- lemma classes among size
ALTER TABLE vocabularies ADD COLUMN synset_coverage REAL;  -- share of captions with >= 1 synset class (NULL: = coverage)
ALTER TABLE vocabularies ADD COLUMN with_lemmas INTEGER NOT NULL DEFAULT 0;  -- built with lemma classes allowed
ALTER TABLE vocabularies ADD COLUMN parent_id INTEGER REFERENCES vocabularies(id);  -- NULL: built from labels
ALTER TABLE vocabularies ADD COLUMN edits_json TEXT;  -- edit list from the built root to this version (NULL: none)
`;
