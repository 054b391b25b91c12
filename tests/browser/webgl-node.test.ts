// The webgl device where there is no WebGL2 (Node): unavailable, and a clear Error on use.
import { expect, test } from 'vitest';
import * as torch from '../../src/index.js';

test('torch.webgl.is_available() is false in Node, and cuda too', () => {
  expect(torch.webgl.is_available()).toBe(false);
  expect(torch.webgl.device_count()).toBe(0);
  expect(torch.cuda.is_available()).toBe(false);
  expect(torch.webgl.memory_stats().textures).toBe(0);
});

test("to('webgl') and device: 'webgl' throw an Error that says WebGL2 is missing", () => {
  const x = torch.tensor([1, 2, 3]);
  expect(() => x.to('webgl')).toThrow(/'webgl' device needs WebGL2.*Node\.js has no WebGL/);
  expect(() => torch.zeros(2, { device: 'webgl' })).toThrow(/needs WebGL2/);
  expect(() => x.to(torch.device('webgl'))).toThrow(/needs WebGL2/);
  // the cpu tensor is untouched and the cpu device keeps working
  expect(x.add(1).tolist()).toEqual([2, 3, 4]);
});
