/**
 * A lazy, composable data pipeline in the manner of `tf.data`: nothing runs until the dataset is
 * iterated, each iteration starts afresh (so `shuffle` reshuffles every epoch), and iteration is
 * synchronous because the sources are in memory.
 *
 * @example
 * const ds = nb.data.fromTensors({ x, y }).shuffle(1000).batch(32).repeat(2).take(10);
 * for (const { x, y } of ds) { ... } // x: [32, ...], y: [32]
 */
import { ConfigError } from '../errors.js';
import { Generator, getGenerator } from '../random.js';
import { type Element, commonLength, elementAt, stackElements } from './element.js';
import { checkInt, checkOptions } from '../check.js';

export interface ShuffleOptions {
  /** Seed of this shuffle's own generator; without it the global generator (`nb.seed`) is used. */
  seed?: number;
  /** Draw a new order at every iteration (every epoch). Default true. */
  reshuffleEachIteration?: boolean;
}

export interface BatchOptions {
  /** Drop the last batch when it is smaller than `batchSize`. Default false. */
  dropRemainder?: boolean;
}

export interface WindowOptions {
  /** Drop windows that would run past the end. Default true (unlike tf.data), so every window has `size` elements. */
  dropRemainder?: boolean;
}

/**
 * A lazy sequence of elements. `cardinality` is the number of elements when it is known
 * (`Infinity` after `repeat()`, `null` when unknown, e.g. after `filter`).
 */
export class Dataset<T> implements Iterable<T> {
  private readonly make: () => Iterator<T>;
  /** Number of elements: a count, `Infinity`, or `null` when it cannot be known without iterating. */
  readonly cardinality: number | null;

  constructor(make: () => Iterator<T>, cardinality: number | null = null) {
    this.make = make;
    this.cardinality = cardinality;
  }

  [Symbol.iterator](): Iterator<T> {
    return this.make();
  }

  /** Applies `fn` to every element (lazily, at each iteration). @example ds.map(({ x, y }) => ({ x: x.mul(2), y })) */
  map<U>(fn: (element: T, index: number) => U): Dataset<U> {
    const src = this;
    return new Dataset(function* () {
      let i = 0;
      for (const el of src) yield fn(el, i++);
    }, this.cardinality);
  }

  /** Keeps the elements for which `predicate` is true. */
  filter(predicate: (element: T, index: number) => boolean): Dataset<T> {
    const src = this;
    return new Dataset(function* () {
      let i = 0;
      for (const el of src) if (predicate(el, i++)) yield el;
    }, this.cardinality === Infinity ? Infinity : null);
  }

  /**
   * Shuffles with a buffer of `bufferSize` elements: each output is drawn at random from the buffer,
   * which is refilled from the input. A buffer at least as large as the dataset gives a uniform
   * permutation. @example ds.shuffle(10_000, { seed: 1 })
   */
  shuffle(bufferSize: number, options: ShuffleOptions = {}): Dataset<T> {
    checkInt('Dataset.shuffle', 'bufferSize', bufferSize, { min: 1 });
    checkOptions('Dataset.shuffle', options, ['seed', 'reshuffleEachIteration']);
    const reshuffle = options.reshuffleEachIteration ?? true;
    const own = options.seed === undefined ? null : new Generator(options.seed);
    let fixedSeed: number | null = null;
    const src = this;
    const generatorFor = (): Generator => {
      if (reshuffle) return own ?? getGenerator();
      if (options.seed !== undefined) return new Generator(options.seed);
      fixedSeed ??= getGenerator().nextUint32();
      return new Generator(fixedSeed);
    };
    return new Dataset(function* () {
      const gen = generatorFor();
      const buffer: T[] = [];
      for (const el of src) {
        if (buffer.length < bufferSize) {
          buffer.push(el);
          continue;
        }
        const j = Math.floor(gen.random() * bufferSize);
        const out = buffer[j]!;
        buffer[j] = el;
        yield out;
      }
      while (buffer.length > 0) {
        const j = Math.floor(gen.random() * buffer.length);
        const out = buffer[j]!;
        buffer[j] = buffer[buffer.length - 1]!;
        buffer.pop();
        yield out;
      }
    }, this.cardinality);
  }

  /**
   * Stacks consecutive elements into batches along a new first axis: a record `{ x: [28,28,1], y: [] }`
   * becomes `{ x: [b,28,28,1], y: [b] }`. @example ds.batch(32)
   */
  batch(batchSize: number, options: BatchOptions = {}): Dataset<T> {
    checkInt('Dataset.batch', 'batchSize', batchSize, { min: 1 });
    checkOptions('Dataset.batch', options, ['dropRemainder']);
    const drop = options.dropRemainder ?? false;
    const src = this;
    const c = this.cardinality;
    const card = c === null || c === Infinity ? c : drop ? Math.floor(c / batchSize) : Math.ceil(c / batchSize);
    return new Dataset(function* () {
      let pending: T[] = [];
      for (const el of src) {
        pending.push(el);
        if (pending.length === batchSize) {
          yield stackElements(pending, 'Dataset.batch');
          pending = [];
        }
      }
      if (pending.length > 0 && !drop) yield stackElements(pending, 'Dataset.batch');
    }, card);
  }

  /** Repeats the dataset `count` times (forever when omitted); each pass iterates the input afresh. */
  repeat(count?: number): Dataset<T> {
    if (count !== undefined) checkInt('Dataset.repeat', 'count', count, { min: 0 });
    const src = this;
    const c = this.cardinality;
    const card = count === undefined ? (c === 0 ? 0 : Infinity) : c === null ? null : c * count;
    return new Dataset(function* () {
      for (let pass = 0; count === undefined || pass < count; pass++) {
        let any = false;
        for (const el of src) {
          any = true;
          yield el;
        }
        if (!any) return; // an empty input repeated forever is still empty
      }
    }, card);
  }

  /** The first `count` elements. */
  take(count: number): Dataset<T> {
    checkInt('Dataset.take', 'count', count, { min: 0 });
    const src = this;
    const c = this.cardinality;
    return new Dataset(function* () {
      if (count === 0) return;
      let i = 0;
      for (const el of src) {
        yield el;
        if (++i >= count) return;
      }
    }, c === null ? null : Math.min(c, count));
  }

  /** Everything after the first `count` elements. */
  skip(count: number): Dataset<T> {
    checkInt('Dataset.skip', 'count', count, { min: 0 });
    const src = this;
    const c = this.cardinality;
    return new Dataset(function* () {
      let i = 0;
      for (const el of src) if (i++ >= count) yield el;
    }, c === null || c === Infinity ? c : Math.max(0, c - count));
  }

  /**
   * Sliding windows of `size` elements, stacked along a new first axis: windows start every `shift`
   * elements and take every `stride`-th element. For a series of scalars, `window(5, 1)` gives [5]
   * tensors. @example nb.data.fromTensors(series).window(31, 1).map((w) => ...)
   */
  window(size: number, shift = size, stride = 1, options: WindowOptions = {}): Dataset<T> {
    checkInt('Dataset.window', 'size', size, { min: 1 });
    checkInt('Dataset.window', 'shift', shift, { min: 1 });
    checkInt('Dataset.window', 'stride', stride, { min: 1 });
    checkOptions('Dataset.window', options, ['dropRemainder']);
    const drop = options.dropRemainder ?? true;
    const span = (size - 1) * stride + 1;
    const src = this;
    const c = this.cardinality;
    let card: number | null = c;
    if (c !== null && c !== Infinity) {
      card = drop ? (c >= span ? Math.floor((c - span) / shift) + 1 : 0) : Math.ceil(c / shift);
    }
    return new Dataset(function* () {
      // buf[head..] holds the elements with absolute indices bufStart.. (those a window may still need).
      let buf: T[] = [];
      let head = 0;
      let bufStart = 0;
      let next = 0; // absolute index where the next window starts
      let seen = 0;
      const pick = (start: number, end: number): T[] => {
        const out: T[] = [];
        for (let a = start; a < end; a += stride) out.push(buf[head + a - bufStart]!);
        return out;
      };
      for (const el of src) {
        const k = seen++;
        if (k >= next) {
          if (head === buf.length) bufStart = k;
          buf.push(el);
        }
        while (next + span <= seen) {
          yield stackElements(pick(next, next + span), 'Dataset.window');
          next += shift;
          const dropCount = Math.min(buf.length - head, Math.max(0, next - bufStart));
          head += dropCount;
          bufStart += dropCount;
          if (head > 1024 && head * 2 > buf.length) {
            buf = buf.slice(head);
            head = 0;
          }
        }
      }
      if (!drop) {
        for (; next < seen; next += shift) yield stackElements(pick(next, seen), 'Dataset.window');
      }
    }, card);
  }

  /** This dataset followed by `other`. */
  concatenate(other: Dataset<T>): Dataset<T> {
    const src = this;
    const a = this.cardinality;
    const b = other.cardinality;
    return new Dataset(function* () {
      yield* src;
      yield* other;
    }, a === null || b === null ? null : a + b);
  }

  /** Every element, in an array (runs the pipeline once; refuses an infinite dataset). */
  toArray(): T[] {
    if (this.cardinality === Infinity) throw new ConfigError('Dataset.toArray: the dataset is infinite (after repeat()); add take(n) first');
    return Array.from(this);
  }

  /** Calls `fn` on every element. */
  forEach(fn: (element: T, index: number) => void): void {
    let i = 0;
    for (const el of this) fn(el, i++);
  }
}

/**
 * A dataset whose elements are the rows of a tensor, or of each tensor in a record (all with the
 * same first dimension). Elements share storage with the input (no copy).
 * @example nb.data.fromTensors({ x: train.x, y: train.y }).batch(64)
 */
export function fromTensors<T extends Element>(tensors: T): Dataset<T> {
  const n = commonLength(tensors, 'data.fromTensors');
  return new Dataset<T>(function* () {
    for (let i = 0; i < n; i++) yield elementAt(tensors, i) as T;
  }, n);
}

/** A dataset over the items of an array. @example nb.data.fromArray([1, 2, 3]).map(...) */
export function fromArray<T>(items: readonly T[]): Dataset<T> {
  if (!Array.isArray(items)) throw new ConfigError(`data.fromArray: expected an array, got ${typeof items}`);
  return new Dataset<T>(() => items[Symbol.iterator](), items.length);
}

/** A dataset over what `make()` returns, called afresh at each iteration; give `cardinality` when known. */
export function fromGenerator<T>(make: () => Iterable<T>, cardinality: number | null = null): Dataset<T> {
  if (typeof make !== 'function') throw new ConfigError(`data.fromGenerator: expected a function returning an iterable, got ${typeof make}`);
  return new Dataset<T>(() => make()[Symbol.iterator](), cardinality);
}
