// webtorch with 'webgl' as the default device (PyTorch 2's torch.set_default_device): the suite
// page maps the test files' import of src/index.js here, so cpu test suites run unchanged with
// every tensor they create (creation functions, nn modules' parameters and buffers) on webgl.
// The query string loads the real entry module under another URL (the import map remaps the plain one).
import * as torch from '../../../src/index.js?real';

torch.set_default_device('webgl');

export * from '../../../src/index.js?real';
