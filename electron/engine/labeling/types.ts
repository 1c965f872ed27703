/** Caption → WordNet-synset labelling, the first step of CatLIP (paper §3.1; ../../../../shared/research/catlip.md). */
export type LabelMode = 'paper' | 'corenet';
export const LABEL_MODES: readonly LabelMode[] = ['paper', 'corenet'];
/** The paper's noun-only labelling; 'corenet' reproduces CoreNet's released code (catlip.md §1). */
export const DEFAULT_LABEL_MODE: LabelMode = 'paper';

export interface SynsetLabel {
  /** NLTK-style synset name, e.g. `dog.n.01`. */
  name: string;
  /** WordNet 3.0 noun offset as an ImageNet-style id, zero-padded to 8 digits: `n02084071`. */
  offset: string;
  /** The caption word (after preprocessing) that produced the label. */
  word: string;
}

export interface Labeler {
  readonly mode: LabelMode;
  /** Labels of one raw caption (preprocessing included), de-duplicated, in order of first appearance. */
  label(caption: string): SynsetLabel[];
}
