/**
 * A Python pickle of one dict of str → int, written directly: what CoreNet's CatLIP vocabulary file is
 * (wordnet_tagged_classification.py: `pickle.load(f)`, then `list(vocab.keys())[:vocab_size]`). Protocol 2,
 * which every Python 3 (and 2.3+) loads; dicts keep insertion order in Python 3.7+, so the entries' order
 * is the class order. Opcodes (CPython Lib/pickle.py):
 *   PROTO 2, EMPTY_DICT, then per batch of ≤ 1000 items MARK … SETITEMS, STOP;
 *   keys BINUNICODE (4-byte little-endian length + UTF-8); values BININT1 / BININT2 / BININT (signed
 *   32-bit) / LONG1 (length byte + little-endian two's complement) for anything larger.
 */

export const OP = {
  PROTO: 0x80,
  EMPTY_DICT: 0x7d, // '}'
  MARK: 0x28, // '('
  SETITEMS: 0x75, // 'u'
  BINUNICODE: 0x58, // 'X'
  BININT1: 0x4b, // 'K'
  BININT2: 0x4d, // 'M'
  BININT: 0x4a, // 'J'
  LONG1: 0x8a,
  STOP: 0x2e, // '.'
} as const;

/** CPython batches SETITEMS by 1000 items; loaders accept any batch size, this keeps the stack small. */
const BATCH = 1000;

export function pickleStrIntDict(entries: Iterable<readonly [string, number]>): Buffer {
  const parts: Buffer[] = [Buffer.from([OP.PROTO, 2, OP.EMPTY_DICT])];
  let batch: Buffer[] = [];
  let inBatch = 0;
  const flush = () => {
    if (inBatch === 0) return;
    parts.push(Buffer.from([OP.MARK]), ...batch, Buffer.from([OP.SETITEMS]));
    batch = [];
    inBatch = 0;
  };
  for (const [key, value] of entries) {
    batch.push(unicode(key), int(value));
    if (++inBatch === BATCH) flush();
  }
  flush();
  parts.push(Buffer.from([OP.STOP]));
  return Buffer.concat(parts);
}

function unicode(s: string): Buffer {
  const utf8 = Buffer.from(s, 'utf8');
  const head = Buffer.alloc(5);
  head[0] = OP.BINUNICODE;
  head.writeUInt32LE(utf8.length, 1);
  return Buffer.concat([head, utf8]);
}

function int(n: number): Buffer {
  if (!Number.isSafeInteger(n)) throw new RangeError(`pickle: ${n} is not a safe integer`);
  if (n >= 0 && n < 0x100) return Buffer.from([OP.BININT1, n]);
  if (n >= 0 && n < 0x10000) {
    const b = Buffer.from([OP.BININT2, 0, 0]);
    b.writeUInt16LE(n, 1);
    return b;
  }
  if (n >= -0x80000000 && n <= 0x7fffffff) {
    const b = Buffer.alloc(5);
    b[0] = OP.BININT;
    b.writeInt32LE(n, 1);
    return b;
  }
  // LONG1: the shortest little-endian two's complement that keeps the sign bit right
  const bytes: number[] = [];
  let v = BigInt(n);
  for (;;) {
    const byte = Number(v & 0xffn);
    bytes.push(byte);
    v >>= 8n;
    if ((v === 0n && (byte & 0x80) === 0) || (v === -1n && (byte & 0x80) !== 0)) break;
  }
  return Buffer.from([OP.LONG1, bytes.length, ...bytes]);
}
