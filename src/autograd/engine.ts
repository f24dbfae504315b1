/**
 * Reverse-mode differentiation over the graph that `apply` records on tensors.
 *
 * The graph lives on the tensors themselves (each output holds its GradNode), so nothing global
 * grows: once the last reference to a loss goes, its whole history is garbage. After a backward
 * pass without `retainGraph`, every node visited is released, so the saved inputs go at once.
 */
import { DTypeError, NablaError, ShapeError, fmtShape } from '../errors.js';
import { Tensor, type GradNode } from '../tensor/tensor.js';
import { allocate } from '../tensor/dtype.js';
import { shapesEqual } from '../tensor/shape.js';
import { add, cast, withGradMode } from '../primitives/index.js';
import { checkOptions } from '../check.js';

export interface BackwardOptions {
  /** Keep the graph so backward can run through it again. Default false (or createGraph's value). */
  retainGraph?: boolean;
  /** Record the backward pass itself, so the gradients can be differentiated again. Default false. */
  createGraph?: boolean;
}

const FREED: GradNode = {
  name: 'freed',
  inputs: [],
  vjp: () => {
    throw new NablaError(
      'backward: trying to go through the graph a second time, but its saved values were freed after the first pass; ' +
        'pass { retainGraph: true } to the first backward() to keep them',
      'E_GRAPH_FREED',
    );
  },
};

/** Tensors reachable from `roots` that require grad, inputs before the ops that use them. */
function topoSort(roots: readonly Tensor[]): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  // Iterative post-order DFS: deep graphs (long recurrent unrolls) must not overflow the stack.
  const stack: [Tensor, number][] = [];
  for (const r of roots) {
    if (seen.has(r) || !r.requiresGrad) continue;
    seen.add(r);
    stack.push([r, 0]);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [t, i] = top;
      const inputs = t._node ? t._node.inputs : [];
      if (i < inputs.length) {
        top[1] = i + 1;
        const c = inputs[i]!;
        if (!seen.has(c) && c.requiresGrad) {
          seen.add(c);
          stack.push([c, 0]);
        }
      } else {
        stack.pop();
        order.push(t);
      }
    }
  }
  return order;
}

function accumulate(prev: Tensor | undefined, g: Tensor): Tensor {
  return prev ? add(prev, g) : g;
}

/**
 * A gradient handed to the user (a leaf's `.grad`, a result of `grad`). VJPs pass gradients
 * through without copying (add gives both inputs `g` itself; reshape shares storage), so two
 * leaves could otherwise share one array, and an in-place update of one (clipping, zeroing)
 * would change the other. Without createGraph each handed-out gradient gets its own storage.
 */
function own(g: Tensor, createGraph: boolean): Tensor {
  return createGraph ? g : new Tensor(g.data().slice(), g.shape, g.dtype);
}

export interface GradRequest {
  roots: readonly Tensor[];
  rootGrads: readonly Tensor[];
  /** Gradients wanted for these tensors (returned); when absent, leaves' `.grad` is accumulated. */
  inputs?: readonly Tensor[];
  createGraph: boolean;
  retainGraph: boolean;
}

/** Runs the backward pass; returns the gradient of each tensor in `inputs` (null if unreachable). */
export function runBackward(req: GradRequest): (Tensor | null)[] {
  const order = topoSort(req.roots);
  const wanted = req.inputs ? new Set(req.inputs) : null;

  // With explicit inputs, only ops on a path to one of them need their VJP run.
  let useful: Set<Tensor> | null = null;
  if (wanted) {
    useful = new Set();
    for (const t of order) {
      if (wanted.has(t) || (t._node && t._node.inputs.some((c) => useful!.has(c)))) useful.add(t);
    }
  }

  const grads = new Map<Tensor, Tensor>();
  withGradMode(req.createGraph, () => {
    req.roots.forEach((r, i) => {
      const seed = req.rootGrads[i]!;
      if (r.requiresGrad) grads.set(r, accumulate(grads.get(r), seed.dtype === r.dtype ? seed : cast(seed, r.dtype)));
    });
    for (let idx = order.length - 1; idx >= 0; idx--) {
      const t = order[idx]!;
      const g = grads.get(t);
      if (!g) continue;
      const node = t._node;
      if (!node) {
        // A leaf: it keeps its gradient (unless the caller asked for specific inputs).
        if (!wanted) t.grad = t.grad ? add(t.grad, g) : own(g, req.createGraph);
        continue;
      }
      if (t._retainGrad && !wanted) t.grad = t.grad ? add(t.grad, g) : own(g, req.createGraph);
      // With explicit inputs, an op none of whose inputs leads to one is neither run nor freed
      // (it may belong to the caller's own graph, which must survive this pass).
      if (useful && !node.inputs.some((c) => useful!.has(c))) continue;
      const inGrads = node.vjp(g);
      node.inputs.forEach((inp, k) => {
        let gi = inGrads[k];
        if (!gi || !inp.requiresGrad) return;
        gi = checkGrad(node.name, k, inp, gi);
        grads.set(inp, accumulate(grads.get(inp), gi));
      });
      if (!req.retainGraph) {
        if (!wanted || !wanted.has(t)) grads.delete(t); // intermediate gradients can go now
        t._node = FREED;
      }
    }
  });
  if (!req.inputs) return [];
  return req.inputs.map((x) => {
    const g = grads.get(x);
    return g ? own(g, req.createGraph) : null;
  });
}

/** The one place every gradient is checked: shape must match its input; dtype is brought to the input's. */
function checkGrad(op: string, k: number, inp: Tensor, g: Tensor): Tensor {
  if (!shapesEqual(g.shape, inp.shape)) {
    throw new ShapeError(`backward: the gradient of ${op}'s input ${k} has shape ${fmtShape(g.shape)}, expected ${fmtShape(inp.shape)}`);
  }
  return g.dtype === inp.dtype ? g : cast(g, inp.dtype);
}

/** A tensor of ones shaped like `t` (the seed gradient of a scalar loss). */
export function onesLike(t: Tensor): Tensor {
  const d = allocate(t.dtype, t.size);
  d.fill(1);
  return new Tensor(d, t.shape, t.dtype);
}

/**
 * Backpropagates from `t`, accumulating into `.grad` of every leaf that requires grad.
 * For a non-scalar `t`, pass the gradient of the final loss with respect to `t`.
 */
export function backward(t: Tensor, gradient?: Tensor | BackwardOptions, options: BackwardOptions = {}): void {
  let seed: Tensor | undefined;
  if (gradient instanceof Tensor) seed = gradient;
  else if (gradient) options = gradient;
  if (!t.requiresGrad) {
    throw new DTypeError('backward: this tensor does not require grad (no input it was computed from has requiresGrad: true)');
  }
  if (!seed) {
    if (t.size !== 1) {
      throw new ShapeError(`backward: a gradient can only be created implicitly for a single-value output, got shape ${fmtShape(t.shape)}; pass one`);
    }
    seed = onesLike(t);
  } else if (!shapesEqual(seed.shape, t.shape)) {
    throw new ShapeError(`backward: gradient has shape ${fmtShape(seed.shape)}, expected ${fmtShape(t.shape)}`);
  }
  checkOptions('backward', options, ['retainGraph', 'createGraph']);
  const createGraph = options.createGraph ?? false;
  runBackward({ roots: [t], rootGrads: [seed], createGraph, retainGraph: options.retainGraph ?? createGraph });
}
