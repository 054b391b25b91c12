// Reductions (sum, prod, max, min, argmax, argmin, all, any) and scans (cumsum, cumprod) over
// strided inputs: see ABI.md, section "reduce.ts".
//
// Every export instantiates one generic routine. `op` is always a literal handed to @inline
// helpers, so after inlining the branches on it fold away and each export gets its own tight
// loops while the loops are written once. Type-dependent branches test the type (isFloat,
// sizeof), which the compiler resolves statically.
//
// Strategies, picked per call from the reduction descriptor:
//  - run:    the last reduced dim has stride 1 -> SIMD over the run, 8 independent accumulators;
//  - column: the last kept dim has stride 1 (reduced dims strided) -> each reduced index adds a
//            contiguous row of inputs into a tile of outputs (reads memory in order, SIMD across
//            outputs);
//  - scalar: anything else, a strided scalar loop per run.

const SUM = 0;
const PROD = 1;
const MAX = 2;
const MIN = 3;
const ALL = 4; // min over u8, result normalised to 0/1
const ANY = 5; // max over u8, result normalised to 0/1
const ARGMAX = 6; // max, then the first index holding it
const ARGMIN = 7;

// Contiguous runs are reduced in blocks: each of the 32 f32 lanes of a block sees BLOCK/32
// values, and block sums are added pairwise, so float error grows like log(n), not n.
const BLOCK = 4096;
// Strided runs use one scalar accumulator: shorter blocks keep that sequential chain short.
const BLOCK_STRIDED = 128;
// Width of the output tile in the column path: small enough to stay in L1 with its partials.
const TILE = 1024;
// Rows per partial-sum level in the column path (float sums): 64 rows -> part, 64 parts -> mid.
const COL_PART = 63; // mask: flush every 64 rows
const COL_MID = 4095; // mask: flush every 4096 rows
const MAXDIM = 64; // PyTorch's limit on tensor rank

// Static work memory, since kernels never allocate: the normalised dims of the current call,
// odometer counters, column tiles and the stack of the pairwise summation.
const KSHAPE = memory.data(MAXDIM * 4);
const KSTR = memory.data(MAXDIM * 4);
const KSTR2 = memory.data(MAXDIM * 4);
const RSHAPE = memory.data(MAXDIM * 4);
const RSTR = memory.data(MAXDIM * 4);
const KCTR = memory.data(MAXDIM * 4);
const RCTR = memory.data(MAXDIM * 4);
const TILE_A = memory.data(TILE * 8, 16);
const TILE_B = memory.data(TILE * 8, 16);
const STACK = memory.data(64 * 8, 16);

// Shape of the current reduction (set by parseReduce): dim counts (at least 1 each) and sizes.
let gNo = 0;
let gNr = 0;
let gNout = 0;
let gNred = 0;
// Offset change of the second operand from the last odoStep.
let gStepB: isize = 0;
// Length and stride of the runs along the last reduced dim (set by beginRuns).
let gRunN = 0;
let gRunS: isize = 0;

// ---------------------------------------------------------------------------------------------
// Descriptor handling (cold, shared by every export)

@inline function dimAt(p: usize, k: i32): i32 {
  return load<i32>(p + (<usize>k << 2));
}

// Copies n sizes and n strides from src into shp/str; an empty list becomes one size-1 dim so
// every path sees at least one. Returns the element count.
function copyDims(src: usize, n: i32, shp: usize, str: usize): i32 {
  if (n == 0) {
    store<i32>(shp, 1);
    store<i32>(str, 0);
    return 1;
  }
  memory.copy(shp, src, <usize>n << 2);
  memory.copy(str, src + (<usize>n << 2), <usize>n << 2);
  let count = 1;
  for (let k = 0; k < n; k++) count *= dimAt(shp, k);
  return count;
}

// Loads a reduction descriptor into KSHAPE/KSTR (kept) and RSHAPE/RSTR (reduced). With
// `reorder` (ops whose result ignores the visiting order) a unit-stride reduced dim is moved
// last, so e.g. the full sum of a transposed matrix still takes the SIMD run path.
function parseReduce(desc: usize, reorder: bool): void {
  const no = load<i32>(desc);
  gNout = copyDims(desc + 4, no, KSHAPE, KSTR);
  gNo = max(no, 1);
  const rd = desc + 4 + (<usize>no << 3);
  const nr = load<i32>(rd);
  gNred = copyDims(rd + 4, nr, RSHAPE, RSTR);
  gNr = max(nr, 1);
  const last = gNr - 1;
  if (!reorder || dimAt(RSTR, last) == 1) return;
  for (let k = 0; k < last; k++) {
    if (dimAt(RSTR, k) == 1 && dimAt(RSHAPE, k) > 1) {
      swapDim(RSHAPE, k, last);
      swapDim(RSTR, k, last);
      return;
    }
  }
}

function swapDim(p: usize, a: i32, b: i32): void {
  const t = dimAt(p, a);
  store<i32>(p + (<usize>a << 2), dimAt(p, b));
  store<i32>(p + (<usize>b << 2), t);
}

// Advances a row-major multi-index over nd dims by one and returns the element-offset change
// for strides sa (for strides sb it goes to gStepB). Called once per run, never per element.
function odoStep(ctr: usize, shp: usize, sa: usize, sb: usize, nd: i32): isize {
  let da: isize = 0;
  let db: isize = 0;
  for (let k = nd - 1; k >= 0; k--) {
    const c = dimAt(ctr, k) + 1;
    if (c < dimAt(shp, k)) {
      store<i32>(ctr + (<usize>k << 2), c);
      gStepB = db + dimAt(sb, k);
      return da + dimAt(sa, k);
    }
    store<i32>(ctr + (<usize>k << 2), 0);
    da -= <isize>(c - 1) * dimAt(sa, k);
    db -= <isize>(c - 1) * dimAt(sb, k);
  }
  gStepB = db;
  return da;
}

@inline function resetCounters(ctr: usize, nd: i32): void {
  if (nd > 0) memory.fill(ctr, 0, <usize>nd << 2);
}

// Starts a walk over the runs of the reduced dims (the last reduced dim is the run); returns
// the number of runs. nextRun() then gives the offset change to the next run's start.
function beginRuns(): i32 {
  const nd = gNr - 1;
  gRunN = dimAt(RSHAPE, nd);
  gRunS = dimAt(RSTR, nd);
  resetCounters(RCTR, nd);
  return gNred / gRunN;
}

@inline function nextRun(): isize {
  return odoStep(RCTR, RSHAPE, RSTR, RSTR, gNr - 1);
}

// Address of element i (stride-scaled, possibly negative) of a T array at p.
@inline function elt<T>(p: usize, i: isize): usize {
  return p + <usize>(i * <isize>sizeof<T>());
}

// ---------------------------------------------------------------------------------------------
// Scalar and vector building blocks, generic in the element type and the (literal) op

@inline function isMaxOp(op: i32): bool {
  return op == MAX || op == ANY || op == ARGMAX;
}

// The value reduction behind an op (argmax first finds the max).
@inline function valueOp(op: i32): i32 {
  return op == ARGMAX ? MAX : op == ARGMIN ? MIN : op;
}

@inline function isI64<T>(): bool {
  return isInteger<T>() && sizeof<T>() == 8;
}

// Identity of op: 0, 1, or the lowest/highest value of T for max/min.
@inline function ident<T>(op: i32): T {
  if (op == SUM) return <T>0;
  if (op == PROD) return <T>1;
  const hi = !isMaxOp(op);
  if (isFloat<T>()) return hi ? <T>Infinity : <T>-Infinity;
  const lo: T = isSigned<T>() ? <T>(<i64>1 << (<i64>sizeof<T>() * 8 - 1)) : <T>0;
  return hi ? <T>~lo : lo;
}

// a op b; max/min return the NaN operand if either is NaN (PyTorch propagates NaN).
@inline function comb<T>(op: i32, a: T, b: T): T {
  if (op == SUM) return a + b;
  if (op == PROD) return a * b;
  if (isMaxOp(op)) return a > b || a != a ? a : b;
  return a < b || a != a ? a : b;
}

// Lane-wise comb. Wasm's f32x4.max/min already propagate NaN; i64x2 has no max/min.
@inline function vcomb<T>(op: i32, a: v128, b: v128): v128 {
  if (op == SUM) return v128.add<T>(a, b);
  if (op == PROD) {
    if (isI64<T>()) return i64x2.mul(a, b);
    if (sizeof<T>() == 1) return a; // no u8 products exist (they widen to i64)
    return v128.mul<T>(a, b);
  }
  if (isI64<T>()) return v128.bitselect(a, b, isMaxOp(op) ? i64x2.gt_s(a, b) : i64x2.lt_s(a, b));
  if (isFloat<T>()) {
    // pmax(a, b) is one instruction and keeps a NaN a; a NaN b is selected explicitly. Cheaper
    // in V8 than the IEEE f32x4.max sequence.
    const m = isMaxOp(op) ? v128.pmax<T>(a, b) : v128.pmin<T>(a, b);
    return v128.bitselect(b, m, v128.ne<T>(b, b));
  }
  return isMaxOp(op) ? v128.max<T>(a, b) : v128.min<T>(a, b);
}

// Folds the lanes of v with op, halving the width each step (a pairwise tree for sums).
@inline function hred<T>(op: i32, v: v128): T {
  v = vcomb<T>(op, v, i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
  if (sizeof<T>() <= 4) {
    v = vcomb<T>(op, v, i8x16.shuffle(v, v, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11));
  }
  if (sizeof<T>() <= 2) {
    v = vcomb<T>(op, v, i8x16.shuffle(v, v, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13));
  }
  if (sizeof<T>() == 1) {
    v = vcomb<T>(op, v, i8x16.shuffle(v, v, 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14));
  }
  return v128.extract_lane<T>(v, 0);
}

// Loads 16 / sizeof<TAcc> elements of TIn at p as TAcc lanes (reads only those bytes).
@inline function loadAs<TIn, TAcc>(p: usize): v128 {
  if (sizeof<TIn>() == sizeof<TAcc>()) return v128.load(p);
  if (isFloat<TIn>()) return f64x2.promote_low_f32x4(v128.load64_zero(p));
  if (sizeof<TIn>() == 4) return v128.load32x2_s(p);
  // u8 -> i64: two bytes, zero-extended 8 -> 16 -> 32 -> 64
  return i64x2.extend_low_i32x4_u(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load16_splat(p))));
}

// Stores TAcc lanes v at p as TOut (only the f64 -> f32 narrowing of f32 scans differs).
@inline function storeAs<TAcc, TOut>(p: usize, v: v128): void {
  if (sizeof<TAcc>() == sizeof<TOut>()) v128.store(p, v);
  else v128.store64_lane(p, f32x4.demote_f64x2_zero(v), 0);
}

// Sums 16 bytes of TIn into TAcc lanes. Lanes get mixed, which only a full sum may do; it lets
// a widening sum consume a whole vector per step.
@inline function fold16<TIn, TAcc>(v: v128): v128 {
  if (sizeof<TIn>() == sizeof<TAcc>()) return v;
  if (sizeof<TIn>() == 4) return i64x2.add(i64x2.extend_low_i32x4_s(v), i64x2.extend_high_i32x4_s(v));
  const w = i32x4.extadd_pairwise_i16x8_u(i16x8.extadd_pairwise_i8x16_u(v));
  return i64x2.add(i64x2.extend_low_i32x4_u(w), i64x2.extend_high_i32x4_u(w));
}

// Input elements per vector step of a run reduction.
@inline function stepLen<TIn, TAcc>(op: i32): i32 {
  return op == SUM ? 16 / sizeof<TIn>() : 16 / sizeof<TAcc>();
}

@inline function vstep<TIn, TAcc>(op: i32, p: usize): v128 {
  return op == SUM ? fold16<TIn, TAcc>(v128.load(p)) : loadAs<TIn, TAcc>(p);
}

// ---------------------------------------------------------------------------------------------
// Run path: one output at a time, reducing runs along the last reduced dim

// Reduces n elements at p with stride s. s == 1: 8 independent SIMD accumulators (hides the
// add/max latency and keeps each float lane's chain at n/32 terms), then a lane tree. Float
// max/min use the bare pmax/pmin in the main loop and OR together a NaN mask on the side (3
// instructions per vector instead of 5 for the NaN-exact vcomb).
@inline function block<TIn, TAcc>(op: i32, p: usize, n: i32, s: isize): TAcc {
  const loose = isFloat<TAcc>() && (op == MAX || op == MIN);
  let r = ident<TAcc>(op);
  let i = 0;
  if (s == 1) {
    const e = stepLen<TIn, TAcc>(op);
    const sb = <usize>e * sizeof<TIn>();
    const id = v128.splat<TAcc>(r);
    let a0 = id, a1 = id, a2 = id, a3 = id, a4 = id, a5 = id, a6 = id, a7 = id;
    let nan = i32x4.splat(0);
    for (; i + 8 * e <= n; i += 8 * e) {
      const q = p + <usize>i * sizeof<TIn>();
      const v0 = vstep<TIn, TAcc>(op, q);
      const v1 = vstep<TIn, TAcc>(op, q + sb);
      const v2 = vstep<TIn, TAcc>(op, q + 2 * sb);
      const v3 = vstep<TIn, TAcc>(op, q + 3 * sb);
      const v4 = vstep<TIn, TAcc>(op, q + 4 * sb);
      const v5 = vstep<TIn, TAcc>(op, q + 5 * sb);
      const v6 = vstep<TIn, TAcc>(op, q + 6 * sb);
      const v7 = vstep<TIn, TAcc>(op, q + 7 * sb);
      a0 = vacc<TAcc>(op, loose, a0, v0);
      a1 = vacc<TAcc>(op, loose, a1, v1);
      a2 = vacc<TAcc>(op, loose, a2, v2);
      a3 = vacc<TAcc>(op, loose, a3, v3);
      a4 = vacc<TAcc>(op, loose, a4, v4);
      a5 = vacc<TAcc>(op, loose, a5, v5);
      a6 = vacc<TAcc>(op, loose, a6, v6);
      a7 = vacc<TAcc>(op, loose, a7, v7);
      if (loose) {
        const n0 = v128.or(v128.or(isNan<TAcc>(v0), isNan<TAcc>(v1)), v128.or(isNan<TAcc>(v2), isNan<TAcc>(v3)));
        const n1 = v128.or(v128.or(isNan<TAcc>(v4), isNan<TAcc>(v5)), v128.or(isNan<TAcc>(v6), isNan<TAcc>(v7)));
        nan = v128.or(nan, v128.or(n0, n1));
      }
    }
    for (; i + e <= n; i += e) a0 = vcomb<TAcc>(op, a0, vstep<TIn, TAcc>(op, p + <usize>i * sizeof<TIn>()));
    a0 = vcomb<TAcc>(op, vcomb<TAcc>(op, a0, a1), vcomb<TAcc>(op, a2, a3));
    a4 = vcomb<TAcc>(op, vcomb<TAcc>(op, a4, a5), vcomb<TAcc>(op, a6, a7));
    r = hred<TAcc>(op, vcomb<TAcc>(op, a0, a4));
    if (loose && v128.any_true(nan)) r = <TAcc>NaN;
  }
  for (; i < n; i++) r = comb<TAcc>(op, r, <TAcc>load<TIn>(elt<TIn>(p, <isize>i * s)));
  return r;
}

// Accumulator update of the main run loop: vcomb, or the NaN-blind pmax/pmin when `loose`.
@inline function vacc<T>(op: i32, loose: bool, a: v128, v: v128): v128 {
  if (isFloat<T>() && loose) return isMaxOp(op) ? v128.pmax<T>(a, v) : v128.pmin<T>(a, v);
  return vcomb<T>(op, a, v);
}

@inline function isNan<T>(v: v128): v128 {
  return v128.ne<T>(v, v);
}

// Pairwise summation of block results: STACK is a binary counter of partial sums (the k-th
// push merges ctz(k) times), so each value passes through O(log blocks) additions.
@inline function pairPush<T>(b: T, sp: i32, k: i32): i32 {
  store<T>(STACK + (<usize>sp << alignof<T>()), b);
  sp++;
  for (let m = k; (m & 1) == 0; m >>= 1) {
    sp--;
    const at = STACK + (<usize>(sp - 1) << alignof<T>());
    store<T>(at, load<T>(at) + load<T>(at + sizeof<T>()));
  }
  return sp;
}

@inline function pairFold<T>(sp: i32): T {
  let r = <T>0;
  for (let i = sp - 1; i >= 0; i--) r = load<T>(STACK + (<usize>i << alignof<T>())) + r;
  return r;
}

// Reduces all reduced dims for the output whose first input element is at p.
@inline function reduceOne<TIn, TAcc>(op: i32, p: usize): TAcc {
  const runs = beginRuns();
  const n = gRunN;
  const s = gRunS;
  const bl = s == 1 ? BLOCK : BLOCK_STRIDED;
  const pairwise = isFloat<TAcc>() && op == SUM;
  let acc = ident<TAcc>(op);
  let sp = 0;
  let k = 0;
  let off: isize = 0;
  for (let r = 0; r < runs; r++) {
    for (let j = 0; j < n; j += bl) {
      const b = block<TIn, TAcc>(op, elt<TIn>(p, off + <isize>j * s), min(bl, n - j), s);
      if (pairwise) sp = pairPush<TAcc>(b, sp, ++k);
      else acc = comb<TAcc>(op, acc, b);
    }
    off += nextRun();
  }
  return pairwise ? pairFold<TAcc>(sp) : acc;
}

// Output value as stored: all/any give 0/1.
@inline function finish<T>(op: i32, v: T): T {
  return op == ALL || op == ANY ? <T>(v != 0) : v;
}

// One bit per lane of a comparison mask (v128.bitmask has no float variants).
@inline function laneMask<T>(m: v128): i32 {
  if (sizeof<T>() == 8) return i64x2.bitmask(m);
  if (sizeof<T>() == 4) return i32x4.bitmask(m);
  return i8x16.bitmask(m);
}

@inline function hits<T>(nan: bool, v: v128, mv: v128): v128 {
  return nan ? isNan<T>(v) : v128.eq<T>(v, mv);
}

// Index of the first element of a run equal to m (the first NaN when m is NaN), or -1.
@inline function findRun<T>(p: usize, n: i32, s: isize, m: T): i32 {
  const nan = m != m;
  let i = 0;
  if (s == 1) {
    const e = 16 / sizeof<T>();
    const mv = v128.splat<T>(m);
    // Test 4 vectors per branch; the 1-vector loop below then pins the lane.
    for (; i + 4 * e <= n; i += 4 * e) {
      const q = p + (<usize>i << alignof<T>());
      const h0 = v128.or(hits<T>(nan, v128.load(q), mv), hits<T>(nan, v128.load(q, 16), mv));
      const h1 = v128.or(hits<T>(nan, v128.load(q, 32), mv), hits<T>(nan, v128.load(q, 48), mv));
      if (v128.any_true(v128.or(h0, h1))) break;
    }
    for (; i + e <= n; i += e) {
      const hit = hits<T>(nan, v128.load(p + (<usize>i << alignof<T>())), mv);
      if (v128.any_true(hit)) return i + ctz(laneMask<T>(hit));
    }
  }
  for (; i < n; i++) {
    const v = load<T>(elt<T>(p, <isize>i * s));
    if (nan ? v != v : v == m) return i;
  }
  return -1;
}

// Flat index (row-major over the reduced dims, in the descriptor's order) of the first m.
@inline function findFirst<T>(p: usize, m: T): i64 {
  const runs = beginRuns();
  let off: isize = 0;
  for (let r = 0; r < runs; r++) {
    const j = findRun<T>(elt<T>(p, off), gRunN, gRunS, m);
    if (j >= 0) return <i64>r * gRunN + j;
    off += nextRun();
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Column path: SIMD across outputs, one contiguous input row per reduced index

@inline function rowFill<T>(dst: usize, w: i32, v: T): void {
  for (let j = 0; j < w; j++) store<T>(dst + (<usize>j << alignof<T>()), v);
}

// acc[j] = acc[j] op src[j] for j < w, converting TIn to TAcc; when outp != 0 also stores the
// new acc (as TIn) to outp[j], which is what a scan along rows needs.
@inline function rowComb<TIn, TAcc>(op: i32, acc: usize, src: usize, w: i32, outp: usize): void {
  const e = 16 / sizeof<TAcc>();
  let j = 0;
  // 4 vectors per trip: the loop is L1-bound (two loads and a store per vector).
  for (; j + 4 * e <= w; j += 4 * e) {
    rowVec<TIn, TAcc>(op, acc, src, outp, j);
    rowVec<TIn, TAcc>(op, acc, src, outp, j + e);
    rowVec<TIn, TAcc>(op, acc, src, outp, j + 2 * e);
    rowVec<TIn, TAcc>(op, acc, src, outp, j + 3 * e);
  }
  for (; j + e <= w; j += e) rowVec<TIn, TAcc>(op, acc, src, outp, j);
  for (; j < w; j++) {
    const a = acc + (<usize>j << alignof<TAcc>());
    const v = comb<TAcc>(op, load<TAcc>(a), <TAcc>load<TIn>(src + (<usize>j << alignof<TIn>())));
    store<TAcc>(a, v);
    if (outp) store<TIn>(outp + (<usize>j << alignof<TIn>()), <TIn>v);
  }
}

@inline function rowVec<TIn, TAcc>(op: i32, acc: usize, src: usize, outp: usize, j: i32): void {
  const a = acc + (<usize>j << alignof<TAcc>());
  const v = vcomb<TAcc>(op, v128.load(a), loadAs<TIn, TAcc>(src + (<usize>j << alignof<TIn>())));
  v128.store(a, v);
  if (outp) storeAs<TAcc, TIn>(outp + (<usize>j << alignof<TIn>()), v);
}

// v beats the current best b: strictly greater (less), or the first NaN.
@inline function better<T>(isMax: bool, v: T, b: T): bool {
  return (isMax ? v > b : v < b) || (v != v && b == b);
}

@inline function vbetter<T>(isMax: bool, v: v128, b: v128): v128 {
  let m: v128;
  if (isI64<T>()) m = isMax ? i64x2.gt_s(v, b) : i64x2.lt_s(v, b);
  else m = isMax ? v128.gt<T>(v, b) : v128.lt<T>(v, b);
  if (isFloat<T>()) m = v128.or(m, v128.andnot(isNan<T>(v), isNan<T>(b)));
  return m;
}

// One row (reduced index r) of the column argmax: vals/idx tiles keep each output's best
// value and its index. Index lanes match the value lanes (i32 for 4-byte, i64 for 8-byte
// types) so one mask selects both; 1-byte types take the scalar loop with i32 indices.
@inline function rowArg<T>(isMax: bool, vals: usize, idx: usize, src: usize, w: i32, r: i32): void {
  let j = 0;
  if (sizeof<T>() >= 4) {
    const e = 16 / sizeof<T>();
    const ri = sizeof<T>() == 8 ? i64x2.splat(r) : i32x4.splat(r);
    for (; j + e <= w; j += e) {
      const o = <usize>j << alignof<T>();
      const v = v128.load(src + o);
      const b = v128.load(vals + o);
      const m = vbetter<T>(isMax, v, b);
      v128.store(vals + o, v128.bitselect(v, b, m));
      v128.store(idx + o, v128.bitselect(ri, v128.load(idx + o), m));
    }
  }
  for (; j < w; j++) {
    const o = <usize>j << alignof<T>();
    const v = load<T>(src + o);
    if (better<T>(isMax, v, load<T>(vals + o))) {
      store<T>(vals + o, v);
      if (sizeof<T>() == 8) store<i64>(idx + o, r);
      else store<i32>(idx + (<usize>j << 2), r);
    }
  }
}

// Reduction whose last kept dim is contiguous in the input (and, as the output is dense, in
// the output): stream the input row by row into a tile of outputs. Float sums go through two
// partial tiles (64 rows, then 64 of those) so each output's chain of additions stays short;
// argmax/argmin keep best values in TILE_A and indices in TILE_B.
@inline function columnReduce<TIn, TAcc>(op: i32, x: usize, out: usize): void {
  const arg = op == ARGMAX || op == ARGMIN;
  const vop = valueOp(op);
  const osz = arg ? 8 : sizeof<TAcc>();
  const no = gNo - 1;
  const nr = gNr;
  const K = dimAt(KSHAPE, no);
  const outer = gNout / K;
  const pairwise = isFloat<TAcc>() && op == SUM;
  let kb: isize = 0;
  resetCounters(KCTR, no);
  for (let o = 0; o < outer; o++) {
    for (let t0 = 0; t0 < K; t0 += TILE) {
      const w = min(TILE, K - t0);
      const dst = out + <usize>(o * K + t0) * osz;
      const src0 = elt<TIn>(x, kb + t0);
      rowFill<TAcc>(arg ? TILE_A : dst, w, ident<TAcc>(vop));
      if (arg) memory.fill(TILE_B, 0, <usize>w << 3);
      if (pairwise) {
        rowFill<TAcc>(TILE_A, w, 0);
        rowFill<TAcc>(TILE_B, w, 0);
      }
      let roff: isize = 0;
      resetCounters(RCTR, nr);
      for (let r = 0; r < gNred; r++) {
        const src = elt<TIn>(src0, roff);
        if (arg) {
          rowArg<TIn>(op == ARGMAX, TILE_A, TILE_B, src, w, r);
        } else if (pairwise) {
          rowComb<TIn, TAcc>(SUM, TILE_A, src, w, 0);
          if (((r + 1) & COL_PART) == 0) {
            rowComb<TAcc, TAcc>(SUM, TILE_B, TILE_A, w, 0);
            rowFill<TAcc>(TILE_A, w, 0);
            if (((r + 1) & COL_MID) == 0) {
              rowComb<TAcc, TAcc>(SUM, dst, TILE_B, w, 0);
              rowFill<TAcc>(TILE_B, w, 0);
            }
          }
        } else {
          rowComb<TIn, TAcc>(op, dst, src, w, 0);
        }
        roff += odoStep(RCTR, RSHAPE, RSTR, RSTR, nr);
      }
      if (pairwise) {
        rowComb<TAcc, TAcc>(SUM, TILE_B, TILE_A, w, 0);
        rowComb<TAcc, TAcc>(SUM, dst, TILE_B, w, 0);
      }
      for (let j = 0; j < w && (arg || op == ALL || op == ANY); j++) {
        if (arg) {
          const i = sizeof<TIn>() == 8 ? load<i64>(TILE_B + (<usize>j << 3)) : <i64>load<i32>(TILE_B + (<usize>j << 2));
          store<i64>(dst + (<usize>j << 3), i);
        } else {
          const a = dst + (<usize>j << alignof<TAcc>());
          store<TAcc>(a, finish<TAcc>(op, load<TAcc>(a)));
        }
      }
    }
    kb += odoStep(KCTR, KSHAPE, KSTR, KSTR, no);
  }
}

// ---------------------------------------------------------------------------------------------
// Reductions

@inline function useColumns(): bool {
  const no = gNo - 1;
  return dimAt(RSTR, gNr - 1) != 1 && dimAt(KSTR, no) == 1 && dimAt(KSHAPE, no) > 1;
}

// Every reduction export. argmax/argmin: the column path, or per output the extreme value
// (visiting order free) and then the first index holding it (descriptor order), which is why
// only they keep the reduced dims unreordered.
@inline function reduce<TIn, TAcc>(op: i32, x: usize, out: usize, desc: usize): void {
  const arg = op == ARGMAX || op == ARGMIN;
  parseReduce(desc, !arg);
  if (gNout == 0) return;
  if (gNred == 0) {
    if (arg) rowFill<i64>(out, gNout, 0);
    else rowFill<TAcc>(out, gNout, finish<TAcc>(op, ident<TAcc>(op)));
    return;
  }
  if (useColumns()) {
    columnReduce<TIn, TAcc>(op, x, out);
    return;
  }
  const no = gNo;
  let off: isize = 0;
  resetCounters(KCTR, no);
  for (let o = 0; o < gNout; o++) {
    const p = elt<TIn>(x, off);
    const v = reduceOne<TIn, TAcc>(valueOp(op), p);
    if (arg) store<i64>(out + (<usize>o << 3), findFirst<TIn>(p, <TIn>v));
    else store<TAcc>(out + (<usize>o << alignof<TAcc>()), finish<TAcc>(op, v));
    off += odoStep(KCTR, KSHAPE, KSTR, KSTR, no);
  }
}

// ---------------------------------------------------------------------------------------------
// Scans: [ndim, shape, inStrides, outStrides, dim]. TAcc is f64 for f32 (as PyTorch's CPU
// cumsum/cumprod accumulate floats in double).

@inline function scan<T, TAcc>(op: i32, x: usize, out: usize, desc: usize): void {
  const nd = load<i32>(desc);
  if (nd == 0) {
    store<T>(out, load<T>(x));
    return;
  }
  const shp = desc + 4;
  const sin = shp + (<usize>nd << 2);
  const sout = sin + (<usize>nd << 2);
  const dim = dimAt(sout, nd);
  const last = nd - 1;
  const L = dimAt(shp, dim);
  const si = <isize>dimAt(sin, dim);
  const so = <isize>dimAt(sout, dim);
  const W = dimAt(shp, last);
  // Scanning along an outer dim with a contiguous last dim: scan whole rows at once (SIMD).
  const rows = dim != last && dimAt(sin, last) == 1 && dimAt(sout, last) == 1 && W > 1;
  // The remaining dims are iterated by an odometer over KSHAPE with strides KSTR / KSTR2.
  let m = 0;
  let total = 1;
  for (let k = 0; k < nd; k++) {
    total *= dimAt(shp, k);
    if (k == dim || (rows && k == last)) continue;
    store<i32>(KSHAPE + (<usize>m << 2), dimAt(shp, k));
    store<i32>(KSTR + (<usize>m << 2), dimAt(sin, k));
    store<i32>(KSTR2 + (<usize>m << 2), dimAt(sout, k));
    m++;
  }
  if (total == 0) return;
  const outer = total / L / (rows ? W : 1);
  let oi: isize = 0;
  let oo: isize = 0;
  resetCounters(KCTR, m);
  for (let o = 0; o < outer; o++) {
    const xp = elt<T>(x, oi);
    const yp = elt<T>(out, oo);
    if (rows) {
      for (let t0 = 0; t0 < W; t0 += TILE) {
        const w = min(TILE, W - t0);
        rowFill<TAcc>(TILE_A, w, ident<TAcc>(op));
        for (let k = 0; k < L; k++) {
          rowComb<T, TAcc>(op, TILE_A, elt<T>(xp, <isize>k * si + t0), w, elt<T>(yp, <isize>k * so + t0));
        }
      }
    } else {
      let acc = ident<TAcc>(op);
      for (let k = 0; k < L; k++) {
        acc = comb<TAcc>(op, acc, <TAcc>load<T>(elt<T>(xp, <isize>k * si)));
        store<T>(elt<T>(yp, <isize>k * so), <T>acc);
      }
    }
    oi += odoStep(KCTR, KSHAPE, KSTR, KSTR2, m);
    oo += gStepB;
  }
}

// ---------------------------------------------------------------------------------------------
// Exports (ABI.md): (x, out, desc)

export function sum_f32(x: usize, out: usize, desc: usize): void { reduce<f32, f32>(SUM, x, out, desc); }
export function sum_f64(x: usize, out: usize, desc: usize): void { reduce<f64, f64>(SUM, x, out, desc); }
export function sum_i64(x: usize, out: usize, desc: usize): void { reduce<i64, i64>(SUM, x, out, desc); }
export function sum_i32_i64(x: usize, out: usize, desc: usize): void { reduce<i32, i64>(SUM, x, out, desc); }
export function sum_u8_i64(x: usize, out: usize, desc: usize): void { reduce<u8, i64>(SUM, x, out, desc); }

export function prod_f32(x: usize, out: usize, desc: usize): void { reduce<f32, f32>(PROD, x, out, desc); }
export function prod_f64(x: usize, out: usize, desc: usize): void { reduce<f64, f64>(PROD, x, out, desc); }
export function prod_i64(x: usize, out: usize, desc: usize): void { reduce<i64, i64>(PROD, x, out, desc); }
export function prod_i32_i64(x: usize, out: usize, desc: usize): void { reduce<i32, i64>(PROD, x, out, desc); }
export function prod_u8_i64(x: usize, out: usize, desc: usize): void { reduce<u8, i64>(PROD, x, out, desc); }

export function max_f32(x: usize, out: usize, desc: usize): void { reduce<f32, f32>(MAX, x, out, desc); }
export function max_f64(x: usize, out: usize, desc: usize): void { reduce<f64, f64>(MAX, x, out, desc); }
export function max_i32(x: usize, out: usize, desc: usize): void { reduce<i32, i32>(MAX, x, out, desc); }
export function max_i64(x: usize, out: usize, desc: usize): void { reduce<i64, i64>(MAX, x, out, desc); }
export function max_u8(x: usize, out: usize, desc: usize): void { reduce<u8, u8>(MAX, x, out, desc); }

export function min_f32(x: usize, out: usize, desc: usize): void { reduce<f32, f32>(MIN, x, out, desc); }
export function min_f64(x: usize, out: usize, desc: usize): void { reduce<f64, f64>(MIN, x, out, desc); }
export function min_i32(x: usize, out: usize, desc: usize): void { reduce<i32, i32>(MIN, x, out, desc); }
export function min_i64(x: usize, out: usize, desc: usize): void { reduce<i64, i64>(MIN, x, out, desc); }
export function min_u8(x: usize, out: usize, desc: usize): void { reduce<u8, u8>(MIN, x, out, desc); }

export function argmax_f32(x: usize, out: usize, desc: usize): void { reduce<f32, f32>(ARGMAX, x, out, desc); }
export function argmax_f64(x: usize, out: usize, desc: usize): void { reduce<f64, f64>(ARGMAX, x, out, desc); }
export function argmax_i32(x: usize, out: usize, desc: usize): void { reduce<i32, i32>(ARGMAX, x, out, desc); }
export function argmax_i64(x: usize, out: usize, desc: usize): void { reduce<i64, i64>(ARGMAX, x, out, desc); }
export function argmax_u8(x: usize, out: usize, desc: usize): void { reduce<u8, u8>(ARGMAX, x, out, desc); }

export function argmin_f32(x: usize, out: usize, desc: usize): void { reduce<f32, f32>(ARGMIN, x, out, desc); }
export function argmin_f64(x: usize, out: usize, desc: usize): void { reduce<f64, f64>(ARGMIN, x, out, desc); }
export function argmin_i32(x: usize, out: usize, desc: usize): void { reduce<i32, i32>(ARGMIN, x, out, desc); }
export function argmin_i64(x: usize, out: usize, desc: usize): void { reduce<i64, i64>(ARGMIN, x, out, desc); }
export function argmin_u8(x: usize, out: usize, desc: usize): void { reduce<u8, u8>(ARGMIN, x, out, desc); }

export function all_u8(x: usize, out: usize, desc: usize): void { reduce<u8, u8>(ALL, x, out, desc); }
export function any_u8(x: usize, out: usize, desc: usize): void { reduce<u8, u8>(ANY, x, out, desc); }

export function cumsum_f32(x: usize, out: usize, desc: usize): void { scan<f32, f64>(SUM, x, out, desc); }
export function cumsum_f64(x: usize, out: usize, desc: usize): void { scan<f64, f64>(SUM, x, out, desc); }
export function cumsum_i64(x: usize, out: usize, desc: usize): void { scan<i64, i64>(SUM, x, out, desc); }
export function cumprod_f32(x: usize, out: usize, desc: usize): void { scan<f32, f64>(PROD, x, out, desc); }
export function cumprod_f64(x: usize, out: usize, desc: usize): void { scan<f64, f64>(PROD, x, out, desc); }
export function cumprod_i64(x: usize, out: usize, desc: usize): void { scan<i64, i64>(PROD, x, out, desc); }
