/**
 * Saving and loading: `model.save(dir)` / `nb.loadModel(dir)` (JSON topology, safetensors
 * weights, optimizer state), single-file weights, and the safetensors codec itself.
 *
 * @example await model.save('runs/fashion'); const m2 = await nb.loadModel('runs/fashion');
 */
import { registerModelIO } from '../train/persistence.js';
import { loadWeights, saveModel, saveWeights } from './model-io.js';

registerModelIO({ save: saveModel, saveWeights, loadWeights });

export { loadModel, saveModel, type LoadModelOptions } from './model-io.js';
export * as safetensors from './safetensors.js';
