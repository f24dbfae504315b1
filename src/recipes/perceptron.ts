/**
 * perceptron-and, perceptron-or: the notes' perceptron (seed 003, "The perceptron can solve AND
 * and OR": f(x) = 1 if w·x + b > 0, otherwise 0) as a single neuron, w·x + b through a sigmoid,
 * trained by gradient descent on the gate's four-row truth table with binary cross-entropy. The
 * class is the step of w·x + b, exactly the perceptron's rule. Rosenblatt's own learning rule
 * (nb.ml.Perceptron) is run beside it for comparison. The report shows the learned weights, the
 * decision boundary w·x + b = 0 and the neuron's output over the plane.
 */
import type { Dense } from '../nn/layers/dense.js';
import { dense } from '../nn/layers/index.js';
import { sgd } from '../optim/optimizers.js';
import { sequential } from '../train/sequential.js';
import { Perceptron } from '../ml/perceptron.js';
import { CORNERS, GATES, type Gate, boundaryLine, gateTargets, reportSurface } from './common/plane.js';
import { agreement, historyOf, predictedClasses, progress, round, saveToRun } from './common/training.js';
import type { Recipe, RecipeContext, RecipeResult } from './types.js';

const EPOCHS = 500;
const LR = 1;

async function runGate(gate: Gate, ctx: RecipeContext): Promise<RecipeResult> {
  const epochs = ctx.epochs ?? EPOCHS;
  const truth = GATES[gate];
  const model = sequential([dense({ units: 1, activation: 'sigmoid', inputShape: [2] })]);
  // Plain gradient descent on the whole truth table each step (seed 003: θ = θ − η·∇J(θ)).
  model.compile({ optimizer: sgd({ learningRate: ctx.lr ?? LR }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(CORNERS, gateTargets(gate), { epochs, batchSize: 4, shuffle: false, ...progress(ctx, epochs) });

  const layer = model.layers[0] as Dense;
  const [w1, w2] = Array.from(layer.kernel!.data());
  const b = layer.bias!.data()[0]!;
  const probs = await model.predict(CORNERS);
  const pred = predictedClasses(probs);
  const accuracy = agreement(pred, truth);
  ctx.log(`${gate.toUpperCase()}: w = [${w1!.toFixed(3)}, ${w2!.toFixed(3)}], b = ${b.toFixed(3)}; predictions ${Array.from(pred).join(' ')} (truth ${truth.join(' ')}), accuracy ${accuracy}`);

  // Rosenblatt's rule on the same table: w ← w + η(y − f(x))x, one sample at a time.
  const rosen = new Perceptron({ seed: ctx.seed }).fit(CORNERS, Array.from(truth));
  const rw = Array.from(rosen.coef.data());
  ctx.log(`perceptron rule: w = [${rw.map((v) => v.toFixed(3)).join(', ')}], b = ${rosen.intercept.toFixed(3)}, ${rosen.nIter} epochs, converged ${rosen.converged}`);

  const rows = [0, 1, 2, 3].map((i) => {
    const x = CORNERS.data();
    return [`(${x[i * 2]}, ${x[i * 2 + 1]})`, truth[i]!, round(probs.data()[i]!, 4), pred[i]!];
  });
  ctx.report.table(`${gate.toUpperCase()} truth table and the neuron's answers`, ['x', 'target', 'σ(w·x + b)', 'class'], rows);
  ctx.report.table(
    'Learned weights',
    ['trained by', 'w₁', 'w₂', 'b', 'epochs'],
    [
      ['gradient descent (sigmoid, cross-entropy)', round(w1!, 4), round(w2!, 4), round(b, 4), history.epoch.length],
      ['perceptron rule (Rosenblatt)', round(rw[0]!, 4), round(rw[1]!, 4), round(rosen.intercept, 4), rosen.nIter],
    ],
  );
  await reportSurface(ctx.report, `${gate.toUpperCase()}: the neuron's output and its decision boundary w·x + b = 0`, model, truth, `${gate}-surface.png`, {
    'boundary (gradient descent)': boundaryLine(w1!, w2!, b),
    'boundary (perceptron rule)': boundaryLine(rw[0]!, rw[1]!, rosen.intercept),
  });
  await saveToRun(ctx, model);
  return {
    metrics: { accuracy, weights: [round(w1!, 5), round(w2!, 5)], bias: round(b, 5), perceptronRuleAccuracy: rosen.score(CORNERS, Array.from(truth)) },
    epochs: history.epoch.length,
    history: historyOf(history),
  };
}

function gateRecipe(gate: 'and' | 'or'): Recipe {
  return {
    name: `perceptron-${gate}`,
    description: `a single neuron (the notes’ perceptron) learns ${gate.toUpperCase()} by gradient descent; weights and decision boundary`,
    defaults: { epochs: EPOCHS, lr: LR },
    run: (ctx) => runGate(gate, ctx),
  };
}

export const perceptronAnd: Recipe = gateRecipe('and');
export const perceptronOr: Recipe = gateRecipe('or');
