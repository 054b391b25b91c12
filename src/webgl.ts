// torch.webgl: the GPU device's namespace, and its registration as device 'webgl'. The WebGL2
// context is created on first use (is_available(), or the first tensor moved there), never at import,
// so importing webtorch costs nothing where no GPU is wanted (Node has none: is_available() is false).
import { registerDevice } from './backends/index.js';
import { WebGLBackend } from './backends/webgl.js';

const backend = new WebGLBackend();
registerDevice('webgl', backend);

export interface WebGLMemoryStats {
  /** textures holding live storages, and their bytes on the GPU */
  textures: number;
  bytes: number;
  /** freed textures kept for reuse (at most pool_limit bytes), and their bytes */
  pooled_textures: number;
  pooled_bytes: number;
  /** textures created and deleted since start-up */
  created: number;
  deleted: number;
  /** compiled shader programs */
  programs: number;
}

/** The 'webgl' device's module, as `torch.cuda` is CUDA's. Example: `if (torch.webgl.is_available()) x = x.to('webgl')` */
export const webgl = {
  /** Whether the 'webgl' device works here: WebGL2 with EXT_color_buffer_float. */
  is_available(): boolean {
    return backend.available();
  },
  /** As torch.cuda.device_count(): 1 where WebGL2 works, else 0. Example: `torch.webgl.device_count()` */
  device_count(): number {
    return backend.available() ? 1 : 0;
  },
  /** The GPU's name as WebGL reports it (e.g. "ANGLE (..., SwiftShader driver)"). */
  get_device_name(): string {
    return backend.ctx.renderer;
  },
  /** Blocks until every queued GPU command has run (for timing, as torch.cuda.synchronize). */
  synchronize(): void {
    backend.started?.finish();
  },
  /** Deletes the freed textures kept for reuse (as torch.cuda.empty_cache). */
  empty_cache(): void {
    backend.started?.trim(0);
  },
  /** Caps the bytes of freed textures kept for reuse (default 64 MiB); 0 frees them at once. */
  set_pool_limit(bytes: number): void {
    if (!(bytes >= 0)) throw new Error('set_pool_limit expects a number of bytes >= 0');
    const ctx = backend.ctx;
    ctx.poolLimit = bytes;
    ctx.trim(bytes);
  },
  /** GPU memory held by the device: live and pooled textures (torch.memory() counts tensors). */
  memory_stats(): WebGLMemoryStats {
    const c = backend.started;
    if (!c) return { textures: 0, bytes: 0, pooled_textures: 0, pooled_bytes: 0, created: 0, deleted: 0, programs: 0 };
    return {
      textures: c.liveTextures, bytes: c.liveBytes, pooled_textures: c.pooledTextures, pooled_bytes: c.pooledBytes,
      created: c.created, deleted: c.deleted, programs: c.programCount,
    };
  },
};
