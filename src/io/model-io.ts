/**
 * Saving and loading models. A saved model is a directory of four files, each written
 * atomically (temporary file, then rename), model.json last so it is the commit point:
 *
 *   weights.safetensors     every variable under its dotted name (`layers.0.kernel`)
 *   optimizer.safetensors   the optimizer's per-parameter state (`layers.0.kernel.m`)
 *   optimizer.json          optimizer class, hyperparameters, step count, the epoch reached
 *   model.json              topology, training config, epoch and random-generator state
 *
 * All four carry one save id, so files from two different saves are never mixed silently.
 *
 * @example await model.save('runs/fashion'); const m2 = await nb.loadModel('runs/fashion');
 */
import { ConfigError, DataError, NablaError } from '../errors.js';
import { getGenerator } from '../random.js';
import { platform } from '../platform/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { withoutInitialization } from '../nn/layer.js';
import type { JsonObject, JsonValue, Serialized } from '../nn/options.js';
import type { Variable } from '../nn/variable.js';
import { Model } from '../train/model.js';
import { compileArgsFromJson } from '../train/compile.js';
import { deserialize } from '../train/serialization.js';
import { decode, encode } from './safetensors.js';

export const FORMAT = 'nabla-model';
export const FORMAT_VERSION = 1;
const FILES = { model: 'model.json', weights: 'weights.safetensors', optimizer: 'optimizer.safetensors', optimizerJson: 'optimizer.json' };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** FNV-1a over the bytes: a deterministic id for one save's contents. */
function contentId(parts: readonly Uint8Array[]): string {
  let h = 0x811c9dc5;
  let n = 0;
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) h = Math.imul(h ^ p[i]!, 0x01000193) >>> 0;
    n += p.length;
  }
  return `${h.toString(16).padStart(8, '0')}-${n.toString(36)}`;
}

/** The global generator's state as JSON: state words as unsigned integers, a missing spare normal as null. */
function generatorStateJson(): JsonValue {
  return getGenerator()
    .getState()
    .map((v, i) => (Number.isNaN(v) ? null : i < 4 ? v >>> 0 : v));
}

/** Writes `model` to directory `dir` (created if needed). */
export async function saveModel(model: Model, dir: string): Promise<void> {
  if (!(model instanceof Model)) throw new ConfigError(`saveModel: expected a Model, got ${typeof model}`);
  const p = platform('model.save');
  const named = model.namedWeights();
  const state: Record<string, Tensor> = Object.fromEntries(named);
  const nameOf = new Map<Variable | Tensor, string>(named.map(([k, v]) => [v, k]));
  const config = { className: model.className, config: model.getConfig() };
  const compiled = model.compiled;
  let optJson: JsonObject | null = null;
  let optSlots: Record<string, Tensor> | null = null;
  if (compiled && compiled.optimizer && compiled.optimizer.params.length > 0) {
    const opt = compiled.optimizer;
    const names = opt.params.map((t) => {
      const n = nameOf.get(t);
      if (n === undefined) throw new ConfigError(`model.save: the optimizer updates a tensor of shape [${t.shape.join(',')}] that is not a weight of '${model.name}', so its state cannot be saved with the model`);
      return n;
    });
    const sd = opt.stateDict(names);
    optSlots = sd.slots;
    optJson = { className: sd.className, config: sd.config, iterations: sd.iterations, params: names, epoch: model.completedEpochs };
  }
  // The id depends only on the contents, so saving the same state twice writes identical files.
  const weightBytes = encode(state);
  const optBytes = optSlots ? encode(optSlots) : new Uint8Array(0);
  const meta = encoder.encode(JSON.stringify([config, optJson, model.completedEpochs, generatorStateJson()]));
  const saveId = contentId([weightBytes, optBytes, meta]);

  await p.mkdir(dir);
  await p.writeFileAtomic(p.joinPath(dir, FILES.weights), encode(state, { format: FORMAT, saveId }));
  if (optJson && optSlots) {
    await p.writeFileAtomic(p.joinPath(dir, FILES.optimizer), encode(optSlots, { format: FORMAT, saveId }));
    await p.writeFileAtomic(p.joinPath(dir, FILES.optimizerJson), JSON.stringify({ format: FORMAT, saveId, ...optJson }, null, 1) + '\n');
  }
  const modelJson = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    saveId,
    model: config,
    trainingConfig: compiled ? compiled.trainingConfig : null,
    weights: FILES.weights,
    optimizer: optJson ? FILES.optimizerJson : null,
    completedEpochs: model.completedEpochs,
    generatorState: generatorStateJson(),
  };
  await p.writeFileAtomic(p.joinPath(dir, FILES.model), JSON.stringify(modelJson, null, 1) + '\n');
}

async function readBytes(path: string, op: string): Promise<Uint8Array> {
  const p = platform(op);
  if (!(await p.exists(path))) throw new DataError(`${op}: ${path} does not exist`);
  return p.readFile(path);
}

function parseJson(bytes: Uint8Array, path: string): JsonObject {
  let v: unknown;
  try {
    v = JSON.parse(decoder.decode(bytes));
  } catch (e) {
    throw new DataError(`${path}: not valid JSON (${(e as Error).message}); the file is corrupt or truncated`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new DataError(`${path}: expected a JSON object`);
  return v as JsonObject;
}

function checkSaveId(path: string, found: unknown, expected: unknown): void {
  if (found !== expected) {
    throw new DataError(`${path}: its save id ${JSON.stringify(found)} differs from model.json's ${JSON.stringify(expected)}; the directory mixes files from different saves`);
  }
}

/** Copies decoded weights into `model`; dtype, shape, missing and unexpected names are each reported with the file. */
function assignWeights(model: Model, tensors: Record<string, Tensor>, path: string): void {
  const wrongDtype: string[] = [];
  for (const [k, v] of model.namedWeights()) {
    const t = tensors[k];
    if (t && t.dtype !== v.dtype) wrongDtype.push(`${k} (expected ${v.dtype}, got ${t.dtype})`);
  }
  if (wrongDtype.length) throw new DataError(`${path}: weights do not match the model: wrong dtype: ${wrongDtype.join('; ')}`);
  model.loadStateDict(tensors, { source: path });
}

export interface LoadModelOptions {
  /** Compile with the saved loss, metrics and optimizer (state included). Default true. */
  compile?: boolean;
  /**
   * Restore the global random generator to its state at save time, so a resumed `fit` shuffles
   * and drops out exactly as the uninterrupted run would have. Default true.
   */
  restoreRandomState?: boolean;
}

/**
 * Loads a model saved with `model.save(dir)`: topology, weights, and (unless `compile: false`)
 * the compiled loss, metrics and optimizer state, so `fit` resumes where it stopped.
 * @example const m = await nb.loadModel('runs/fashion'); await m.fit(x, y, { epochs: 10, initialEpoch: m.completedEpochs });
 */
export async function loadModel(dir: string, options: LoadModelOptions = {}): Promise<Model> {
  const p = platform('loadModel');
  const modelPath = p.joinPath(dir, FILES.model);
  const json = parseJson(await readBytes(modelPath, 'loadModel'), modelPath);
  if (json.format !== FORMAT) throw new DataError(`${modelPath}: not a nabla model (format ${JSON.stringify(json.format)}, expected "${FORMAT}")`);
  if (typeof json.formatVersion !== 'number' || json.formatVersion > FORMAT_VERSION) {
    throw new DataError(`${modelPath}: format version ${JSON.stringify(json.formatVersion)} is newer than this nabla reads (${FORMAT_VERSION})`);
  }
  let model: Model;
  try {
    const m = withoutInitialization(() => deserialize(json.model as unknown as Serialized));
    if (!(m instanceof Model)) throw new DataError(`the saved object is a ${m.className}, not a model`);
    model = m;
  } catch (e) {
    if (e instanceof NablaError) throw new DataError(`${modelPath}: cannot rebuild the model: ${e.message}`);
    throw e;
  }
  const weightsPath = p.joinPath(dir, String(json.weights ?? FILES.weights));
  const w = decode(await readBytes(weightsPath, 'loadModel'), weightsPath);
  checkSaveId(weightsPath, w.metadata.saveId, json.saveId);
  assignWeights(model, w.tensors, weightsPath);
  model.completedEpochs = typeof json.completedEpochs === 'number' ? json.completedEpochs : 0;

  if ((options.compile ?? true) && json.trainingConfig) {
    const args = compileArgsFromJson(json.trainingConfig as JsonObject, model.outputNames);
    if (args) {
      model.compile(args);
      if (json.optimizer) await loadOptimizerState(model, dir, json);
    }
  }
  if ((options.restoreRandomState ?? true) && Array.isArray(json.generatorState)) {
    getGenerator().setState((json.generatorState as (number | null)[]).map((v) => (v === null ? Number.NaN : v)));
  }
  return model;
}

async function loadOptimizerState(model: Model, dir: string, modelJson: JsonObject): Promise<void> {
  const p = platform('loadModel');
  const jsonPath = p.joinPath(dir, String(modelJson.optimizer));
  const binPath = p.joinPath(dir, FILES.optimizer);
  const oj = parseJson(await readBytes(jsonPath, 'loadModel'), jsonPath);
  checkSaveId(jsonPath, oj.saveId, modelJson.saveId);
  const bin = decode(await readBytes(binPath, 'loadModel'), binPath);
  checkSaveId(binPath, bin.metadata.saveId, modelJson.saveId);
  const names = oj.params;
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) throw new DataError(`${jsonPath}: 'params' must be a list of weight names`);
  const byName = new Map(model.namedWeights());
  const unknown = (names as string[]).filter((n) => !byName.has(n));
  if (unknown.length) throw new DataError(`${jsonPath}: optimizer state for weights the model does not have: ${unknown.join(', ')}`);
  const opt = model.optimizer!;
  opt.setParameters((names as string[]).map((n) => byName.get(n)!));
  opt.loadStateDict(
    { className: String(oj.className), config: (oj.config ?? {}) as JsonObject, iterations: oj.iterations as number, slots: bin.tensors },
    names as string[],
    binPath,
  );
}

/** Writes only the weights of `model` to one safetensors file. */
export async function saveWeights(model: Model, file: string): Promise<void> {
  await platform('model.saveWeights').writeFileAtomic(file, encode(model.stateDict(), { format: 'nabla-weights' }));
}

/** Reads weights written by `saveWeights` into `model` (it must be built). */
export async function loadWeights(model: Model, file: string): Promise<void> {
  if (!model.built) throw new ConfigError(`${model.className} '${model.name}'.loadWeights: build the model first (give it an inputShape or call it once)`);
  const d = decode(await readBytes(file, 'loadWeights'), file);
  assignWeights(model, d.tensors, file);
}
