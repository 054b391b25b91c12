// torch.utils.data.default_collate / default_convert (mirrors torch/utils/data/_utils/collate.py).
// JavaScript has one number type, so a batch of numbers that are all integers becomes int64 (as a
// batch of Python ints), any other batch of numbers float64 (as Python floats); booleans become
// bool, bigints int64.
import { Tensor } from '../../tensor.js';
import { tensor } from '../../creation.js';
import { stack } from '../../functional.js';
import { bool, float64, int64 } from '../../dtype.js';

const ERR = 'default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found ';

function typeName(x: unknown): string {
  if (x === null || x === undefined) return "<class 'NoneType'>";
  if (typeof x === 'object') return `<class '${(x as object).constructor?.name ?? 'object'}'>`;
  return `<class '${typeof x}'>`;
}

const isMapping = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Tensor) && !ArrayBuffer.isView(x)
  && (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null || x instanceof Map);

/**
 * torch.utils.data.default_collate(batch): tensors stacked on a new first dim, numbers into a 1-D
 * tensor (int64 when all are integers, else float64), strings kept, arrays transposed and
 * collated per position, objects and Maps per key, recursively.
 * `default_collate([[x0, 1], [x1, 0]])` gives `[stack([x0, x1]), tensor([1, 0])]`.
 */
export function default_collate(batch: readonly unknown[]): unknown {
  // batches are made on the cpu whatever torch.set_default_device says (float64 has no GPU form); move them with .to()
  const elem = batch[0];
  if (elem instanceof Tensor) return stack(batch as Tensor[], 0);
  if (typeof elem === 'number') {
    const ints = (batch as number[]).every((v) => Number.isInteger(v));
    return tensor(batch as number[], { dtype: ints ? int64 : float64, device: 'cpu' });
  }
  if (typeof elem === 'boolean') return tensor(batch as boolean[], { dtype: bool, device: 'cpu' });
  if (typeof elem === 'bigint') return tensor(BigInt64Array.from(batch as bigint[]), { dtype: int64, device: 'cpu' });
  if (typeof elem === 'string') return batch.slice();
  if (ArrayBuffer.isView(elem) && !(elem instanceof DataView)) {
    // a TypedArray plays numpy's part: each becomes a tensor, then they are stacked
    return stack((batch as ArrayLike<number>[]).map((a) => tensor(a as never, { device: 'cpu' })), 0);
  }
  if (elem instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const k of elem.keys()) out.set(k, default_collate((batch as Map<unknown, unknown>[]).map((d) => d.get(k))));
    return out;
  }
  if (isMapping(elem)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(elem)) out[k] = default_collate((batch as Record<string, unknown>[]).map((d) => d[k]));
    return out;
  }
  if (Array.isArray(elem)) {
    const n = elem.length;
    if (!(batch as unknown[][]).every((e) => Array.isArray(e) && e.length === n)) {
      throw new Error('each element in list of batch should be of equal size');
    }
    return Array.from({ length: n }, (_, i) => default_collate((batch as unknown[][]).map((e) => e[i])));
  }
  throw new TypeError(ERR + typeName(elem));
}

/**
 * torch.utils.data.default_convert(data): the collate function when batch_size is null; TypedArrays
 * become tensors, containers are converted recursively, everything else is returned as is.
 */
export function default_convert(data: unknown): unknown {
  if (data instanceof Tensor) return data;
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) return tensor(data as never, { device: 'cpu' });
  if (data instanceof Map) return new Map(Array.from(data, ([k, v]) => [k, default_convert(v)]));
  if (isMapping(data)) return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, default_convert(v)]));
  if (Array.isArray(data)) return data.map(default_convert);
  return data;
}
