// The WebGL2 context behind the webgl device: start-up checks, the texture table and its pool,
// compiled programs, draws, and readback (synchronous readPixels, or a pixel-pack buffer and a
// fence for the asynchronous path). Everything GPU-facing is here; webgl.ts maps ops onto it.
import { VERTEX_SHADER, type Kind } from './glsl.js';

/** A texture holding a storage's elements, 4 per RGBA texel (glsl.ts describes the layout). */
export interface Tex {
  readonly gl: WebGLTexture;
  readonly kind: Kind;
  readonly w: number;
  readonly h: number;
  readonly bytes: number;
  readonly key: string;
}

export interface Program {
  readonly program: WebGLProgram;
  readonly locations: Map<string, WebGLUniformLocation | null>;
}

/** A uniform's value: an int, a float, or an int array. */
export type Uniform = readonly [name: string, type: 'i' | 'f' | 'iv', value: number | readonly number[]];

export const CONTEXT_LOST =
  'webtorch: the WebGL context was lost (the GPU was reset, the browser reclaimed it, or too many contexts were open); ' +
  'the values of tensors on the webgl device are gone. Move tensors you need to the cpu before such events, ' +
  'and reload the page to use the webgl device again.';

export const NO_WEBGL2 =
  "webtorch: the 'webgl' device needs WebGL2, which this environment does not have " +
  '(Node.js has no WebGL; in a browser, WebGL2 may be disabled or blocked). Use the cpu device instead.';

export const NO_FLOAT_RENDER =
  "webtorch: the 'webgl' device needs the WebGL2 extension EXT_color_buffer_float (to write float32 results), " +
  'and this browser/GPU does not offer it. Use the cpu device instead.';

/** Widest texture row (texels); capped by the GPU's limit. */
const MAX_ROW = 4096;

/**
 * Texel count rounded up to a size class (2^k, 1.25, 1.5, 1.75 x 2^k), so storages of nearby sizes
 * share pooled textures while wasting at most 25%.
 */
export function sizeClass(texels: number): number {
  if (texels <= 4) return 4;
  const k = Math.floor(Math.log2(texels - 1));
  const step = 2 ** Math.max(k - 2, 0);
  return Math.ceil(texels / step) * step;
}

export class GLContext {
  readonly gl: WebGL2RenderingContext;
  readonly maxRow: number;
  readonly maxSize: number;
  readonly renderer: string;
  private lost = false;
  /** the texture the last draw wrote (finish() waits on it) */
  private lastTarget: Tex | null = null;
  private readonly fbo: WebGLFramebuffer;
  private readonly vs: WebGLShader;
  private readonly programs = new Map<string, Program>();
  private readonly textures = new Map<number, Tex>();
  private nextId = 1;
  /** free textures by size key, oldest first within a key */
  private readonly pool = new Map<string, Tex[]>();
  /** free textures in the order they were freed: the eviction order */
  private poolOrder: Tex[] = [];
  pooledBytes = 0;
  liveBytes = 0;
  /** bytes of free textures kept for reuse; beyond it the oldest are deleted */
  poolLimit = 64 * 1024 * 1024;
  /** textures ever created / deleted (the memory-flatness tests watch these) */
  created = 0;
  deleted = 0;

  private constructor(gl: WebGL2RenderingContext, canvas: OffscreenCanvas | HTMLCanvasElement) {
    this.gl = gl;
    canvas.addEventListener('webglcontextlost', (e: Event) => {
      this.lost = true;
      e.preventDefault();
    });
    this.maxSize = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
    this.maxRow = Math.min(MAX_ROW, this.maxSize);
    const dbg = gl.getExtension('WEBGL_debug_renderer_info');
    this.renderer = String(gl.getParameter(dbg ? dbg.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    this.fbo = gl.createFramebuffer() as WebGLFramebuffer;
    this.vs = this.shader(gl.VERTEX_SHADER, VERTEX_SHADER);
    gl.disable(gl.DEPTH_TEST);
    gl.disable(gl.BLEND);
    gl.pixelStorei(gl.PACK_ALIGNMENT, 1);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    // both texture kinds must be renderable here, or nothing can run
    for (const kind of ['f', 'i'] as const) {
      const t = this.alloc(kind, 4);
      gl.bindFramebuffer(gl.FRAMEBUFFER, this.fbo);
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, t.gl, 0);
      const ok = gl.checkFramebufferStatus(gl.FRAMEBUFFER) === gl.FRAMEBUFFER_COMPLETE;
      this.destroy(t);
      if (!ok) throw new Error(kind === 'f' ? NO_FLOAT_RENDER : 'webtorch: this GPU cannot render to RGBA32I textures');
    }
  }

  /** A context, or the reason there is none (the messages above). */
  static create(): GLContext | string {
    let canvas: OffscreenCanvas | HTMLCanvasElement;
    if (typeof OffscreenCanvas !== 'undefined') canvas = new OffscreenCanvas(1, 1);
    else if (typeof document !== 'undefined') canvas = document.createElement('canvas');
    else return NO_WEBGL2;
    const gl = canvas.getContext('webgl2', {
      alpha: false, antialias: false, depth: false, stencil: false, premultipliedAlpha: false,
      preserveDrawingBuffer: false, powerPreference: 'high-performance', failIfMajorPerformanceCaveat: false,
    }) as WebGL2RenderingContext | null;
    if (!gl) return NO_WEBGL2;
    if (!gl.getExtension('EXT_color_buffer_float')) return NO_FLOAT_RENDER;
    try {
      return new GLContext(gl, canvas);
    } catch (e) {
      return (e as Error).message;
    }
  }

  /** Throws the context-lost Error instead of letting a lost context produce zeros. */
  check(): void {
    if (this.lost || this.gl.isContextLost()) {
      this.lost = true;
      throw new Error(CONTEXT_LOST);
    }
  }
  get isLost(): boolean { return this.lost || this.gl.isContextLost(); }

  // ---- textures ---------------------------------------------------------------------------

  /** Texture geometry for `numel` elements: width and height in texels. */
  layout(numel: number): { w: number; h: number } {
    const texels = sizeClass(Math.ceil(numel / 4));
    const w = Math.min(texels, this.maxRow);
    return { w, h: Math.ceil(texels / w) };
  }

  /** A texture for `numel` elements: a pooled one of the same size class, or a new one. */
  alloc(kind: Kind, numel: number): Tex {
    const { w, h } = this.layout(numel);
    const key = `${kind}${w}x${h}`;
    const free = this.pool.get(key);
    if (free && free.length) {
      const t = free.pop() as Tex;
      this.poolOrder.splice(this.poolOrder.lastIndexOf(t), 1);
      this.pooledBytes -= t.bytes;
      this.liveBytes += t.bytes;
      return t;
    }
    const gl = this.gl;
    if (h > this.maxSize) {
      throw new RangeError(`webtorch: ${numel} elements do not fit in one WebGL texture on this GPU`);
    }
    const tex = gl.createTexture();
    if (!tex) { this.check(); throw new Error('webtorch: WebGL could not create a texture'); }
    gl.bindTexture(gl.TEXTURE_2D, tex);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
    gl.texStorage2D(gl.TEXTURE_2D, 1, kind === 'f' ? gl.RGBA32F : gl.RGBA32I, w, h);
    gl.bindTexture(gl.TEXTURE_2D, null);
    this.created++;
    const t: Tex = { gl: tex, kind, w, h, bytes: w * h * 16, key };
    this.liveBytes += t.bytes;
    return t;
  }

  /** Returns a texture to the pool (deleting the oldest free ones beyond the pool limit). */
  release(t: Tex): void {
    this.liveBytes -= t.bytes;
    if (this.isLost) return;
    let list = this.pool.get(t.key);
    if (!list) { list = []; this.pool.set(t.key, list); }
    list.push(t);
    this.poolOrder.push(t);
    this.pooledBytes += t.bytes;
    this.trim(this.poolLimit);
  }

  /** Deletes free textures, oldest first, until at most `limit` bytes stay pooled. */
  trim(limit: number): void {
    let i = 0;
    while (this.pooledBytes > limit && i < this.poolOrder.length) {
      const t = this.poolOrder[i++];
      const list = this.pool.get(t.key) as Tex[];
      list.splice(list.indexOf(t), 1);
      this.pooledBytes -= t.bytes;
      this.gl.deleteTexture(t.gl);
      this.deleted++;
      if (t === this.lastTarget) this.lastTarget = null;
    }
    if (i) this.poolOrder = this.poolOrder.slice(i);
  }

  private destroy(t: Tex): void {
    this.liveBytes -= t.bytes;
    this.gl.deleteTexture(t.gl);
  }

  /** The texture table: storage ptr -> texture. A storage keeps its id when its texture is swapped. */
  register(t: Tex): number {
    const id = this.nextId++;
    this.textures.set(id, t);
    return id;
  }
  tex(id: number): Tex {
    const t = this.textures.get(id);
    if (!t) throw new Error('webtorch: webgl storage used after it was freed');
    return t;
  }
  swap(id: number, t: Tex): void {
    const old = this.tex(id);
    this.textures.set(id, t);
    this.release(old);
  }
  unregister(id: number): void {
    const t = this.textures.get(id);
    if (!t) return;
    this.textures.delete(id);
    this.release(t);
  }
  get liveTextures(): number { return this.textures.size; }
  get pooledTextures(): number { return this.poolOrder.length; }

  // ---- programs ---------------------------------------------------------------------------

  private shader(type: number, src: string): WebGLShader {
    const gl = this.gl;
    const s = gl.createShader(type) as WebGLShader;
    gl.shaderSource(s, src);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) {
      this.check();
      const log = gl.getShaderInfoLog(s);
      gl.deleteShader(s);
      throw new Error(`webtorch: a webgl shader failed to compile: ${log}\n${src}`);
    }
    return s;
  }

  /** The compiled program for `key`, building its source with `source()` the first time. */
  program(key: string, source: () => string): Program {
    let p = this.programs.get(key);
    if (p) return p;
    const gl = this.gl;
    const fs = this.shader(gl.FRAGMENT_SHADER, source());
    const program = gl.createProgram() as WebGLProgram;
    gl.attachShader(program, this.vs);
    gl.attachShader(program, fs);
    gl.linkProgram(program);
    gl.deleteShader(fs);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
      this.check();
      throw new Error(`webtorch: a webgl program failed to link: ${gl.getProgramInfoLog(program)}`);
    }
    p = { program, locations: new Map() };
    this.programs.set(key, p);
    return p;
  }
  get programCount(): number { return this.programs.size; }

  /**
   * Runs `p` once per texel of `target` over its first `rows` rows, with `inputs` bound to
   * samplers (name -> texture) and `uniforms` set.
   */
  draw(p: Program, target: Tex, rows: number, inputs: readonly (readonly [string, Tex])[], uniforms: readonly Uniform[]): void {
    this.check();
    const gl = this.gl;
    gl.useProgram(p.program);
    const loc = (name: string): WebGLUniformLocation | null => {
      let l = p.locations.get(name);
      if (l === undefined) { l = gl.getUniformLocation(p.program, name); p.locations.set(name, l); }
      return l;
    };
    inputs.forEach(([name, t], unit) => {
      if (t === target) throw new Error('webtorch internal error: a webgl kernel reads its own output texture');
      gl.activeTexture(gl.TEXTURE0 + unit);
      gl.bindTexture(gl.TEXTURE_2D, t.gl);
      gl.uniform1i(loc(name), unit);
    });
    for (const [name, type, value] of uniforms) {
      const l = loc(name);
      if (l === null) continue; // optimised away
      if (type === 'i') gl.uniform1i(l, value as number);
      else if (type === 'f') gl.uniform1f(l, value as number);
      else gl.uniform1iv(l, value as number[]);
    }
    gl.bindFramebuffer(gl.FRAMEBUFFER, this.fbo);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, target.gl, 0);
    gl.viewport(0, 0, target.w, rows);
    gl.drawArrays(gl.TRIANGLES, 0, 3);
    this.lastTarget = target;
  }

  // ---- transfers --------------------------------------------------------------------------

  /** Rows of `t` holding the first `numel` elements. */
  rows(t: Tex, numel: number): number {
    return Math.max(1, Math.ceil(Math.ceil(numel / 4) / t.w));
  }

  /** Uploads `data` (4 values per texel, whole rows) into `t`. */
  upload(t: Tex, data: Float32Array | Int32Array, rows: number): void {
    this.check();
    const gl = this.gl;
    gl.bindTexture(gl.TEXTURE_2D, t.gl);
    if (t.kind === 'f') gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, t.w, rows, gl.RGBA, gl.FLOAT, data);
    else gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, t.w, rows, gl.RGBA_INTEGER, gl.INT, data);
    gl.bindTexture(gl.TEXTURE_2D, null);
  }

  /** Synchronous readback of the first `rows` rows (blocks until the GPU has finished). */
  read(t: Tex, rows: number): Float32Array | Int32Array {
    this.check();
    const gl = this.gl;
    this.attach(t);
    const out = t.kind === 'f' ? new Float32Array(t.w * rows * 4) : new Int32Array(t.w * rows * 4);
    if (t.kind === 'f') gl.readPixels(0, 0, t.w, rows, gl.RGBA, gl.FLOAT, out);
    else gl.readPixels(0, 0, t.w, rows, gl.RGBA_INTEGER, gl.INT, out);
    // a context lost during the read leaves zeros in `out`: never hand those back as values
    this.check();
    return out;
  }

  /**
   * Synchronous readback of several textures with one wait: each readPixels goes into its own
   * range of one pixel-pack buffer, and a single getBufferSubData waits for them all.
   */
  readMany(list: readonly { t: Tex; rows: number }[]): (Float32Array | Int32Array)[] {
    this.check();
    const gl = this.gl;
    let bytes = 0;
    const offsets = list.map(({ t, rows }) => { const o = bytes; bytes += t.w * rows * 16; return o; });
    const buf = gl.createBuffer();
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, buf);
    gl.bufferData(gl.PIXEL_PACK_BUFFER, bytes, gl.STREAM_READ);
    list.forEach(({ t, rows }, i) => {
      this.attach(t);
      if (t.kind === 'f') gl.readPixels(0, 0, t.w, rows, gl.RGBA, gl.FLOAT, offsets[i]);
      else gl.readPixels(0, 0, t.w, rows, gl.RGBA_INTEGER, gl.INT, offsets[i]);
    });
    const all = new ArrayBuffer(bytes);
    gl.getBufferSubData(gl.PIXEL_PACK_BUFFER, 0, new Uint8Array(all));
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
    gl.deleteBuffer(buf);
    this.check();
    return list.map(({ t, rows }, i) => (t.kind === 'f' ? new Float32Array(all, offsets[i], t.w * rows * 4) : new Int32Array(all, offsets[i], t.w * rows * 4)));
  }

  /**
   * Asynchronous readback: readPixels into a pixel-pack buffer now, then wait on a fence without
   * blocking the main thread, then copy out. The values are those at the time of the call.
   */
  readAsync(t: Tex, rows: number): Promise<Float32Array | Int32Array> {
    this.check();
    const gl = this.gl;
    const n = t.w * rows * 4;
    const buf = gl.createBuffer() as WebGLBuffer;
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, buf);
    gl.bufferData(gl.PIXEL_PACK_BUFFER, n * 4, gl.STREAM_READ);
    this.attach(t);
    if (t.kind === 'f') gl.readPixels(0, 0, t.w, rows, gl.RGBA, gl.FLOAT, 0);
    else gl.readPixels(0, 0, t.w, rows, gl.RGBA_INTEGER, gl.INT, 0);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
    const sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0) as WebGLSync;
    gl.flush();
    return new Promise((resolve, reject) => {
      const poll = (): void => {
        if (this.isLost) { this.lost = true; reject(new Error(CONTEXT_LOST)); return; }
        const status = gl.clientWaitSync(sync, 0, 0);
        if (status === gl.TIMEOUT_EXPIRED) { setTimeout(poll, 1); return; }
        gl.deleteSync(sync);
        if (status === gl.WAIT_FAILED) { gl.deleteBuffer(buf); reject(new Error('webtorch: waiting for the GPU failed')); return; }
        const out = t.kind === 'f' ? new Float32Array(n) : new Int32Array(n);
        gl.bindBuffer(gl.PIXEL_PACK_BUFFER, buf);
        gl.getBufferSubData(gl.PIXEL_PACK_BUFFER, 0, out);
        gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
        gl.deleteBuffer(buf);
        if (this.isLost) { reject(new Error(CONTEXT_LOST)); return; }
        resolve(out);
      };
      poll();
    });
  }

  private attach(t: Tex): void {
    const gl = this.gl;
    gl.bindFramebuffer(gl.FRAMEBUFFER, this.fbo);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, t.gl, 0);
  }

  /**
   * Blocks until every queued command has run (for timing). Browsers make gl.finish() return
   * without waiting, so this reads one texel of the last draw's target: the read waits for that
   * draw, and draws complete in order.
   */
  finish(): void {
    this.check();
    const t = this.lastTarget;
    if (!t) return;
    const gl = this.gl;
    this.attach(t);
    if (t.kind === 'f') gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.FLOAT, new Float32Array(4));
    else gl.readPixels(0, 0, 1, 1, gl.RGBA_INTEGER, gl.INT, new Int32Array(4));
    this.check();
  }
}
