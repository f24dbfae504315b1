/**
 * Loggers that write each epoch's logs to a file (rewritten atomically every epoch, so the file
 * is always complete): CSV with a header row, or a JSON array of records.
 *
 * @example nb.callbacks.csvLogger({ filename: 'runs/log.csv' })
 * @example nb.callbacks.jsonLogger({ filename: 'runs/log.json' })
 */
import { ConfigError, DataError } from '../../errors.js';
import { platform } from '../../platform/index.js';
import { Callback, type Logs } from './callback.js';
import { checkBool, checkOptions } from '../../check.js';

const decoder = new TextDecoder();

async function readIfExists(op: string, path: string): Promise<string | null> {
  const p = platform(op);
  return (await p.exists(path)) ? decoder.decode(await p.readFile(path)) : null;
}

/** Streams epoch results to a CSV file: `epoch,loss,…` then one row per epoch. */
export class CSVLogger extends Callback {
  readonly filename: string;
  readonly separator: string;
  readonly append: boolean;
  private keys: string[] | null = null;
  private text = '';

  constructor(options: { filename: string; separator?: string; append?: boolean }) {
    super();
    checkOptions('csvLogger', options, ['filename', 'separator', 'append']);
    if (typeof options?.filename !== 'string' || !options.filename) throw new ConfigError(`csvLogger: filename is required`);
    this.filename = options.filename;
    this.separator = options.separator ?? ',';
    this.append = checkBool('csvLogger', 'append', options.append ?? false);
  }

  override async onTrainBegin(): Promise<void> {
    this.keys = null;
    this.text = '';
    if (this.append) {
      const prev = await readIfExists('csvLogger', this.filename);
      if (prev) {
        this.text = prev.endsWith('\n') ? prev : `${prev}\n`;
        const header = prev.split('\n')[0]!.split(this.separator);
        if (header[0] !== 'epoch') throw new DataError(`csvLogger: ${this.filename} does not start with an 'epoch' header, so it cannot be appended to`);
        this.keys = header.slice(1);
      }
    }
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    if (!this.keys) {
      this.keys = Object.keys(logs).sort();
      this.text += ['epoch', ...this.keys].join(this.separator) + '\n';
    }
    this.text += [String(epoch), ...this.keys.map((k) => (logs[k] === undefined ? '' : String(logs[k])))].join(this.separator) + '\n';
    await platform('csvLogger').writeFileAtomic(this.filename, this.text);
  }
}

/** Writes `[{ epoch, loss, … }, …]` to a JSON file after every epoch. */
export class JSONLogger extends Callback {
  readonly filename: string;
  readonly append: boolean;
  private records: Record<string, number>[] = [];

  constructor(options: { filename: string; append?: boolean }) {
    super();
    checkOptions('jsonLogger', options, ['filename', 'append']);
    if (typeof options?.filename !== 'string' || !options.filename) throw new ConfigError(`jsonLogger: filename is required`);
    this.filename = options.filename;
    this.append = checkBool('jsonLogger', 'append', options.append ?? false);
  }

  override async onTrainBegin(): Promise<void> {
    this.records = [];
    if (this.append) {
      const prev = await readIfExists('jsonLogger', this.filename);
      if (prev) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(prev);
        } catch (e) {
          throw new DataError(`jsonLogger: ${this.filename} is not valid JSON (${(e as Error).message}), so it cannot be appended to`);
        }
        if (!Array.isArray(parsed)) throw new DataError(`jsonLogger: ${this.filename} does not hold a JSON array, so it cannot be appended to`);
        this.records = parsed as Record<string, number>[];
      }
    }
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const rec: Record<string, number | null> = { epoch };
    // JSON has no NaN/Infinity: write null so the file stays valid.
    for (const [k, v] of Object.entries(logs)) rec[k] = Number.isFinite(v) ? v : null;
    this.records.push(rec as Record<string, number>);
    await platform('jsonLogger').writeFileAtomic(this.filename, JSON.stringify(this.records, null, 1) + '\n');
  }
}

export const csvLogger = (options: { filename: string; separator?: string; append?: boolean }): CSVLogger => new CSVLogger(options);
export const jsonLogger = (options: { filename: string; append?: boolean }): JSONLogger => new JSONLogger(options);
