import type { Response } from '../../api/contract.ts';

export type SampleSpan = Response<'datasets:samples'>['samples'][number]['spans'][number];
/** How a highlighted word is shown: a training label, a pruned synset, or a synset while no vocabulary exists. */
export type SpanKind = 'kept' | 'pruned' | 'candidate';

export interface CaptionSegment {
  text: string;
  span: SampleSpan | null;
}

/**
 * The caption cut into plain text and highlighted spans. Spans are UTF-16 offsets from the engine; any
 * that overlap an earlier one or fall outside the caption are dropped rather than garbling the text.
 */
export function captionSegments(caption: string, spans: readonly SampleSpan[]): CaptionSegment[] {
  const ordered = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: CaptionSegment[] = [];
  let last = 0;
  for (const span of ordered) {
    if (span.start < last || span.end > caption.length || span.end <= span.start) continue;
    if (span.start > last) out.push({ text: caption.slice(last, span.start), span: null });
    out.push({ text: caption.slice(span.start, span.end), span });
    last = span.end;
  }
  if (last < caption.length) out.push({ text: caption.slice(last), span: null });
  return out;
}

export function spanKind(span: SampleSpan, hasVocabulary: boolean): SpanKind {
  if (!hasVocabulary) return 'candidate';
  return span.in_vocabulary ? 'kept' : 'pruned';
}
