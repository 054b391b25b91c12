// torch.save / torch.load (PyTorch's checkpoint format) and torch.safetensors.
export { save, load, type LoadOptions, type MapLocation } from './checkpoint.js';
import * as st from './safetensors.js';

/**
 * torch.safetensors: Python's safetensors.torch, e.g.
 * `torch.safetensors.save_file({weight: w}, 'model.safetensors', {format: 'pt'})`.
 */
export const safetensors = {
  save: st.save,
  load: st.load,
  save_file: st.save_file,
  load_file: st.load_file,
  safe_open: st.safe_open,
  save_model: st.save_model,
  load_model: st.load_model,
};
