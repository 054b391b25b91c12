// torch.utils.data: datasets, samplers, DataLoader, collate (as PyTorch 1.13), plus two browser
// helpers PyTorch does not have: from_image (pixels to a tensor) and from_csv (text to a tensor).
import { Tensor, fromArray } from '../../tensor.js';
import { float32, toDType, uint8, type DTypeLike } from '../../dtype.js';
import { checkKeys } from './_util.js';

export { Dataset, IterableDataset, TensorDataset, ConcatDataset, ChainDataset, Subset, random_split, get_worker_info, ValueError, AssertionError } from './dataset.js';
export { Sampler, SequentialSampler, RandomSampler, SubsetRandomSampler, WeightedRandomSampler, BatchSampler } from './sampler.js';
export { DataLoader, type DataLoaderOptions } from './dataloader.js';
export { default_collate, default_convert } from './collate.js';

/** Pixels as ImageData has them: RGBA bytes, row by row. */
export interface ImageLike { data: ArrayLike<number>; width: number; height: number }

/**
 * webtorch: an image (a canvas's ImageData, or `{data, width, height}`) as a tensor. `layout: 'CHW'`
 * (default) gives float32 in [0, 1] shaped [C, H, W], as torchvision's ToTensor; `'HWC'` the raw
 * uint8 bytes shaped [H, W, C]. `channels` defaults to data.length / (width * height) (4 for
 * ImageData: RGBA); 3 drops alpha.
 * `const x = torch.utils.data.from_image(ctx.getImageData(0, 0, 28, 28), {channels: 1})`
 */
export function from_image(image: ImageLike, opts: { layout?: 'CHW' | 'HWC'; channels?: number } = {}): Tensor {
  checkKeys('from_image', opts, ['layout', 'channels']);
  const { data, width: w, height: h } = image;
  const layout = opts.layout ?? 'CHW';
  if (layout !== 'CHW' && layout !== 'HWC') throw new Error(`from_image: layout must be 'CHW' or 'HWC', got '${String(layout)}'`);
  const stored = data.length / (w * h);
  if (!Number.isInteger(stored) || stored < 1) throw new Error(`from_image: ${data.length} values do not make ${h}x${w} pixels`);
  const c = opts.channels ?? stored;
  if (!(c >= 1 && c <= stored)) throw new Error(`from_image: channels must be between 1 and ${stored}, got ${c}`);
  const n = w * h;
  if (layout === 'HWC') {
    const out = new Uint8Array(n * c);
    for (let p = 0; p < n; p++) for (let k = 0; k < c; k++) out[p * c + k] = data[p * stored + k];
    return fromArray(out, [h, w, c], uint8, 'cpu');
  }
  const out = new Float32Array(n * c);
  for (let k = 0; k < c; k++) for (let p = 0; p < n; p++) out[k * n + p] = data[p * stored + k] / 255;
  return fromArray(out, [c, h, w], float32, 'cpu');
}

/**
 * webtorch: comma-separated numbers as a 2-D tensor [rows, columns]. `header: true` skips the
 * first line (its names are on the result's `columns` property); blank lines are skipped; a
 * value that is not a number is an Error naming its line and column.
 * `const t = torch.utils.data.from_csv('a,b\n1,2\n3,4', {header: true})`
 */
export function from_csv(text: string, opts: { header?: boolean; dtype?: DTypeLike; delimiter?: string } = {}): Tensor & { columns?: string[] } {
  checkKeys('from_csv', opts, ['header', 'dtype', 'delimiter']);
  const delimiter = opts.delimiter ?? ',';
  const lines = text.split(/\r?\n/);
  let columns: string[] | undefined;
  const rows: number[][] = [];
  lines.forEach((line, ln) => {
    if (line.trim() === '') return;
    const cells = line.split(delimiter).map((s) => s.trim());
    if (opts.header && columns === undefined) { columns = cells; return; }
    rows.push(cells.map((s, col) => {
      const v = s === '' ? NaN : Number(s);
      if (Number.isNaN(v) && !/^nan$/i.test(s)) throw new Error(`from_csv: line ${ln + 1}, column ${col + 1}: '${s}' is not a number`);
      return v;
    }));
    if (rows[rows.length - 1].length !== rows[0].length) {
      throw new Error(`from_csv: line ${ln + 1} has ${rows[rows.length - 1].length} values, expected ${rows[0].length}`);
    }
  });
  const ncol = rows.length ? rows[0].length : columns?.length ?? 0;
  const t = fromArray(rows.flat(), [rows.length, ncol], opts.dtype ? toDType(opts.dtype) : float32, 'cpu') as Tensor & { columns?: string[] };
  if (columns) t.columns = columns;
  return t;
}
