// Dtype objects, their storage layout, and PyTorch's type-promotion rules.

export type DTypeName = 'float32' | 'float64' | 'float16' | 'int32' | 'int64' | 'uint8' | 'int8' | 'int16' | 'bool';

export type TypedArray =
  | Float32Array | Float64Array | Uint16Array | Int32Array | BigInt64Array | Uint8Array | Int8Array | Int16Array;

type ArrayCtor = { new (n: number): TypedArray; new (b: ArrayBufferLike, off: number, len: number): TypedArray };

const SCALAR_NAMES: Record<DTypeName, string> = {
  float32: 'Float', float64: 'Double', float16: 'Half', int32: 'Int', int64: 'Long',
  uint8: 'Byte', int8: 'Char', int16: 'Short', bool: 'Bool',
};

/** PyTorch's `torch.dtype`: `torch.float32`, `torch.int64`, ...; compare with ===. Example: `x.dtype === torch.float32` */
export class DType {
  /** 0 bool, 1 integer, 2 floating: PyTorch's promotion categories. */
  readonly category: 0 | 1 | 2;
  constructor(
    readonly name: DTypeName,
    /** the dtype code shared with the WebAssembly core (assembly/ABI.md) */
    readonly code: number,
    readonly itemsize: number,
    /** the TypedArray that holds this dtype's bits (float16 is held as raw Uint16 bits) */
    readonly array: ArrayCtor,
    /** rank in the promotion lattice within a category */
    readonly rank: number,
  ) {
    this.category = name === 'bool' ? 0 : name.startsWith('float') ? 2 : 1;
  }
  /** PyTorch's `dtype.is_floating_point`. Example: `torch.float64.is_floating_point` */
  get is_floating_point(): boolean { return this.category === 2; }
  /** PyTorch's ScalarType name, as its error messages spell it ('Float', 'Long', ...) */
  get scalarName(): string { return SCALAR_NAMES[this.name]; }
  /** PyTorch's `dtype.is_signed`. Example: `torch.uint8.is_signed` is false */
  get is_signed(): boolean { return this.name !== 'uint8' && this.name !== 'bool'; }
  /** PyTorch's repr of a dtype. Example: `String(torch.float32)` is 'torch.float32' */
  toString(): string { return `torch.${this.name}`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

/** PyTorch's `torch.float32`, the default dtype. Example: `torch.ones(2, { dtype: torch.float32 })` */
export const float32 = new DType('float32', 0, 4, Float32Array as unknown as ArrayCtor, 2);
export const float64 = new DType('float64', 1, 8, Float64Array as unknown as ArrayCtor, 3);
export const float16 = new DType('float16', 2, 2, Uint16Array as unknown as ArrayCtor, 1);
export const int32 = new DType('int32', 3, 4, Int32Array as unknown as ArrayCtor, 3);
export const int64 = new DType('int64', 4, 8, BigInt64Array as unknown as ArrayCtor, 4);
export const uint8 = new DType('uint8', 5, 1, Uint8Array as unknown as ArrayCtor, 1);
export const int8 = new DType('int8', 6, 1, Int8Array as unknown as ArrayCtor, 1);
export const int16 = new DType('int16', 7, 2, Int16Array as unknown as ArrayCtor, 2);
export const bool = new DType('bool', 8, 1, Uint8Array as unknown as ArrayCtor, 0);

export const ALL_DTYPES: readonly DType[] = [float32, float64, float16, int32, int64, uint8, int8, int16, bool];
const BY_NAME = new Map<string, DType>(ALL_DTYPES.map((d) => [d.name, d]));
const ALIASES: Record<string, DType> = { float: float32, double: float64, half: float16, int: int32, long: int64, short: int16 };

export const defaultFloat = float32;

export type DTypeLike = DType | DTypeName | 'float' | 'double' | 'half' | 'int' | 'long' | 'short';

export function toDType(d: DTypeLike | string): DType {
  if (d instanceof DType) return d;
  const name = typeof d === 'string' && d.startsWith('torch.') ? d.slice(6) : d;
  const found = BY_NAME.get(name) ?? ALIASES[name];
  if (!found) throw new TypeError(`unknown dtype ${JSON.stringify(d)}; expected one of ${ALL_DTYPES.map(String).join(', ')}`);
  return found;
}

/** PyTorch's promoteTypes for the dtypes webtorch has. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a.category !== b.category) return a.category > b.category ? a : b;
  if (a.category === 2) return a.rank >= b.rank ? a : b;
  if (a.category === 0) return a;
  // integers: uint8 with a signed 8-bit type widens to int16
  if ((a === uint8 && b === int8) || (a === int8 && b === uint8)) return int16;
  const rankOf = (d: DType) => (d === uint8 || d === int8 ? 1 : d === int16 ? 2 : d === int32 ? 3 : 4);
  return rankOf(a) >= rankOf(b) ? a : b;
}

/** One operand as torch.result_type sees it: a tensor with dims, a 0-d tensor, or a wrapped number. */
export interface PromotionOperand {
  dtype: DType;
  kind: 'dim' | 'zero' | 'number';
}

function combineCategories(higher: DType | null, lower: DType | null): DType | null {
  if (higher === null) return lower;
  if (lower === null) return higher;
  if (higher.category === 2) return higher;
  if (higher === bool || lower.category === 2) return promoteTypes(higher, lower);
  return higher;
}

/** torch.result_type: tensors with dims outrank 0-d tensors, which outrank plain numbers, within a category. */
export function resultType(ops: readonly PromotionOperand[]): DType {
  let dim: DType | null = null;
  let zero: DType | null = null;
  let wrapped: DType | null = null;
  for (const o of ops) {
    if (o.kind === 'dim') dim = dim ? promoteTypes(dim, o.dtype) : o.dtype;
    else if (o.kind === 'zero') zero = zero ? promoteTypes(zero, o.dtype) : o.dtype;
    else {
      // a Python float counts as the default dtype, an int as int64
      const d = o.dtype.category === 2 ? defaultFloat : o.dtype;
      wrapped = wrapped ? promoteTypes(wrapped, d) : d;
    }
  }
  return combineCategories(dim, combineCategories(zero, wrapped)) ?? defaultFloat;
}

/** The dtype a kernel computes in: float16 in float32, narrow integers and bool in int32. */
export function computeDType(d: DType): DType {
  if (d === float16) return float32;
  if (d === uint8 || d === int8 || d === int16 || d === bool) return int32;
  return d;
}
