// Small helpers shared by torch.utils.data: Python-style keyword checks and values in messages.

import { checkKeywords, isOptions } from '../../args.js';

/** @internal Rejects keys outside `allowed`, as Python rejects an unknown keyword argument (src/args.ts); no options is none. */
export function checkKeys(fname: string, opts: object | undefined | null, allowed: readonly string[]): void {
  if (opts !== undefined && opts !== null) checkKeywords(fname, opts as Record<string, unknown>, allowed);
}

/** @internal A plain options object: src/args.ts's isOptions. */
export const isPlainObject = isOptions;

/** @internal Python's int check (not bool) for arguments such as batch_size. */
export const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);

/** @internal Python's repr of a JS value in messages (True/False/None). */
export function pyRepr(x: unknown): string {
  if (x === true) return 'True';
  if (x === false) return 'False';
  if (x === null || x === undefined) return 'None';
  if (typeof x === 'string') return `'${x}'`;
  return String(x);
}
