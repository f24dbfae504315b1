/**
 * The notes' convolutional network (seed 002), as a ready builder: the recipes, the bench and users
 * build it from here, so there is one definition of "the notes' CNN".
 */
import type { Layer } from '../nn/layer.js';
import { dense, flatten } from '../nn/layers/index.js';
import { conv2d, maxPooling2d } from '../nn/layers/cnn.js';
import { type Sequential, sequential } from '../train/sequential.js';

export interface NotesCnnOptions {
  /** One image's shape. Default [28, 28, 1]. */
  inputShape?: readonly number[];
  /** Filters of the two convolutions. Default [32, 64]. */
  filters?: readonly [number, number];
  /** Units of the hidden dense layer. Default 128. */
  units?: number;
  classes?: number;
  /** Prefix of the layer names (so two copies can live in one session with readable names). */
  prefix?: string;
}

/** The trunk of the notes' CNN: Conv2D(32, 3×3, same, relu), MaxPool(2×2, 2), Conv2D(64, …), MaxPool, Flatten. */
export function notesTrunk(o: NotesCnnOptions = {}): Layer[] {
  const [f1, f2] = o.filters ?? [32, 64];
  const p = o.prefix ?? '';
  return [
    conv2d({ filters: f1, kernelSize: [3, 3], padding: 'same', activation: 'relu', inputShape: o.inputShape ?? [28, 28, 1], name: `${p}conv1` }),
    maxPooling2d({ poolSize: [2, 2], strides: 2, name: `${p}pool1` }),
    conv2d({ filters: f2, kernelSize: [3, 3], padding: 'same', activation: 'relu', name: `${p}conv2` }),
    maxPooling2d({ poolSize: [2, 2], strides: 2, name: `${p}pool2` }),
    flatten({ name: `${p}flatten` }),
  ];
}

/** The head of the notes' CNN: Dense(128, relu), Dense(10, softmax). */
export function notesHead(o: NotesCnnOptions = {}): Layer[] {
  const p = o.prefix ?? '';
  return [dense({ units: o.units ?? 128, activation: 'relu', name: `${p}dense` }), dense({ units: o.classes ?? 10, activation: 'softmax', name: `${p}output` })];
}

/**
 * The notes' Fashion-MNIST CNN, exactly (421 642 parameters for 28×28×1 inputs and 10 classes):
 *
 *     Conv2D(32, (3,3), padding='same', relu) → MaxPooling2D((2,2), strides=2)
 *     Conv2D(64, (3,3), padding='same', relu) → MaxPooling2D((2,2), strides=2)
 *     Flatten → Dense(128, relu) → Dense(10, softmax)
 */
export function notesCnn(o: NotesCnnOptions = {}): Sequential {
  return sequential([...notesTrunk(o), ...notesHead(o)], { name: o.prefix ? `${o.prefix}cnn` : 'notes_cnn' });
}
