import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emojiCaption, emojiSource } from './emoji-source.js';

describe('emoji demo source', () => {
  it('captions an emoji with its name and short names', () => {
    expect(emojiCaption({ name: 'Dog Face', short_names: ['dog'] })).toBe('dog face, dog');
    expect(emojiCaption({ name: 'Norway Flag', short_names: ['flag-no'] })).toBe('norway flag, flag no');
    expect(emojiCaption({ name: null, short_names: ['hot_pepper'] })).toBe('hot pepper');
  });

  it('yields real image files: captioned Google images and Twitter images labelled by category', async () => {
    const captions: { caption?: string; path: string }[] = [];
    for await (const r of emojiSource('google', 'captions').records()) {
      if (r.kind === 'item' && 'path' in r.image) captions.push({ caption: r.caption, path: r.image.path });
    }
    expect(captions.length).toBeGreaterThan(1800);
    expect(captions.every((c) => existsSync(c.path))).toBe(true);
    expect(captions.map((c) => c.caption)).toContain('dog face, dog');

    const labels = new Set<string>();
    for await (const r of emojiSource('twitter', 'categories').records()) if (r.kind === 'item') labels.add(r.label!);
    expect([...labels].sort()).toEqual([
      'Activities',
      'Animals & Nature',
      'Flags',
      'Food & Drink',
      'Objects',
      'People & Body',
      'Smileys & Emotion',
      'Symbols',
      'Travel & Places',
    ]);
  });
});
