import { noteError } from '../../shared/errors.js';
import type { VocabEdit } from '../../shared/vocab-edit.js';
import type { JapaneseWordNet } from '../wordnet/japanese-wordnet.js';
import type { WordNet } from '../wordnet/wordnet.js';
import type { ClassKey } from './class-keys.js';

/** An edit resolved to class keys: what training and counting apply, with no wordnet needed. */
export type ClassOp =
  | { rename: ClassKey[]; to: ClassKey }
  | { remove: ClassKey[] }
  | { add: ClassKey; whenAny: ClassKey[]; phrases: string[] };

/** One stored edit: what the user asked, and what it resolved to. */
export interface StoredEdit {
  edit: VocabEdit;
  ops: ClassOp[];
}

const CLASS_KEY = /^(en|ja|custom):\S+$/;
const SYNSET_NAME = /^.+\.n\.\d+$/;

/** Resolves edits' class references against WordNet and the Japanese wordnet data. */
export class ClassResolver {
  constructor(
    private readonly wordnet: WordNet,
    private readonly japanese: JapaneseWordNet,
  ) {}

  /** The one class a target names: a synset name or a class key. */
  target(ref: string): ClassKey {
    if (CLASS_KEY.test(ref)) return ref;
    if (SYNSET_NAME.test(ref)) {
      const synset = this.wordnet.synsetByExactName(ref);
      if (!synset) throw noteError('invalid-request', 'vocab.noSynset', { ref });
      return String(synset.offset);
    }
    throw noteError('invalid-request', 'vocab.noClass', { ref });
  }

  /** Every class a reference stands for; a plain word gives what the labeller makes of it in either language. */
  classes(ref: string): ClassKey[] {
    if (CLASS_KEY.test(ref) || SYNSET_NAME.test(ref)) return [this.target(ref)];
    const keys = new Set<ClassKey>();
    const word = ref.toLowerCase();
    const english = this.wordnet.nounSensePositions(this.wordnet.lemmatizeNoun(word.replaceAll(' ', '_')));
    if (english && english.length > 0) keys.add(String(this.wordnet.synsetAt(english[0]).offset));
    const japanese = this.japanese.synsetOffsets(ref);
    if (japanese) keys.add(String(japanese[0]));
    keys.add(`en:${word}`);
    keys.add(`ja:${ref.normalize('NFKC')}`);
    return [...keys];
  }

  resolve(edit: VocabEdit): ClassOp[] {
    switch (edit.op) {
      case 'map':
        return [{ rename: this.classes(edit.term), to: this.target(edit.synset) }];
      case 'merge': {
        const to = this.target(edit.into);
        return [{ rename: edit.classes.flatMap((c) => this.classes(c)).filter((k) => k !== to), to }];
      }
      case 'custom':
        return [
          {
            add: `custom:${edit.name}`,
            whenAny: edit.triggers.flatMap((t) => this.classes(t)),
            phrases: edit.triggers.map((t) => t.toLowerCase()),
          },
        ];
      case 'stop':
        return [{ remove: edit.classes.flatMap((c) => this.classes(c)) }];
    }
  }
}

/** Applies resolved edits to one caption's classes, in order; the caption text is for custom-class phrases. */
export function applyClassOps(keys: readonly ClassKey[], caption: string, ops: readonly ClassOp[]): ClassKey[] {
  let out = keys.slice();
  let lowerCaption: string | undefined;
  for (const op of ops) {
    if ('rename' in op) {
      const from = new Set(op.rename);
      out = out.map((k) => (from.has(k) ? op.to : k));
    } else if ('remove' in op) {
      const gone = new Set(op.remove);
      out = out.filter((k) => !gone.has(k));
    } else {
      const when = new Set(op.whenAny);
      lowerCaption ??= caption.toLowerCase();
      if (out.some((k) => when.has(k)) || op.phrases.some((p) => lowerCaption!.includes(p))) out.push(op.add);
    }
  }
  return [...new Set(out)];
}

export function opsOf(edits: readonly StoredEdit[]): ClassOp[] {
  return edits.flatMap((e) => e.ops);
}
