/**
 * The worker's program, as plain JavaScript text so that it runs unchanged from the TypeScript
 * sources (tsx, vitest), from `dist/`, and in a browser (through a Blob URL): no file to locate,
 * no loader to register. It instantiates the kernels over the shared memory, says it is ready,
 * then loops: wait for its sequence number to move, run the named kernel on the descriptor, publish
 * "done". It spins briefly before sleeping, so back-to-back calls skip the wake-up latency.
 */
import { DESC, DONE, KERNEL, READY, SEQ, STATUS } from './layout.js';

/** Iterations of polling before a worker goes to sleep in `Atomics.wait` (tens of microseconds). */
export const SPIN = 20000;

export const WORKER_SOURCE = `'use strict';
function start(init) {
  const env = { memory: init.memory, abort() { throw new Error('wasm abort'); } };
  const exports = new WebAssembly.Instance(init.module, { env }).exports;
  const fns = init.names.map((n) => exports[n]);
  const c = new Int32Array(init.memory.buffer, init.ctrl, 16);
  // Read the sequence number before saying ready: the first job may follow at once.
  let seen = Atomics.load(c, ${SEQ});
  Atomics.store(c, ${READY}, 1);
  Atomics.notify(c, ${READY});
  for (;;) {
    let s = Atomics.load(c, ${SEQ});
    for (let spin = 0; s === seen; spin++) {
      if (spin > ${SPIN}) {
        Atomics.wait(c, ${SEQ}, seen);
        spin = 0;
      }
      s = Atomics.load(c, ${SEQ});
    }
    seen = s;
    const id = Atomics.load(c, ${KERNEL});
    if (id < 0) break;
    let status = 0;
    try {
      fns[id](Atomics.load(c, ${DESC}));
    } catch (e) {
      status = 1;
    }
    Atomics.store(c, ${STATUS}, status);
    Atomics.store(c, ${DONE}, s);
    Atomics.notify(c, ${DONE});
  }
}
if (typeof require === 'function') start(require('node:worker_threads').workerData);
else self.onmessage = (e) => start(e.data);
`;
