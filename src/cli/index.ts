/**
 * HeapScope's command-line interface: `main(argv, io)` parses the arguments with commander,
 * runs one command and returns its exit code (0 ok, 1 a check failed, 2 usage or input error).
 * User mistakes are one line on stderr, never a stack trace. `bin/heapscope.js` builds this file
 * (with the engine worker) into out/cli and calls `main(process.argv.slice(2))`; tests call
 * `main` in-process with their own streams.
 */
import { Command, CommanderError, Option } from 'commander'
import packageJson from '../../package.json'
import { CliError, EXIT, findRoot, type CliIo } from './cli-io'
import { benchCommand } from './commands/bench'
import { DEFAULT_TIMING_RUNS } from '../main/services/python/calibrate-service'
import { calibrateCommand } from './commands/calibrate'
import { emitPythonCommand } from './commands/emit-python'
import { fuzzCommand, type FuzzOptions } from './commands/fuzz'
import { listCommand } from './commands/list'
import { runCommand, type RunCommandOptions } from './commands/run'
import { schemaCommand } from './commands/schema'
import { shrinkCommand, type ShrinkOptions } from './commands/shrink'
import { sweepCommand } from './commands/sweep'
import { validateCommand } from './commands/validate'

export type { CliIo } from './cli-io'

const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

/** The `--preset/--collector/--threshold/--seed` options of run and sweep. */
function addRunOptions(command: Command): Command {
  return command
    .option('--preset <preset>', 'interpreter model: cpython-3.11, cpython-3.12, cpython-3.13, cpython-3.14')
    .option('--collector <collector>', 'cpython (default), or the what-ifs mark-sweep, mark-compact')
    .option('--threshold <a,b,c>', 'GC thresholds, e.g. 700,10,10')
    .option('--seed <n>', 'seed of the scenario\'s random choices')
}

/** Builds the program; each action stores its exit code in `exit.code`. */
function buildProgram(io: CliIo, exit: { code: number }): Command {
  const root = io.rootDir ?? findRoot()
  const program = new Command('heapscope')
    .description('Simulate and profile CPython\'s memory manager (obmalloc, reference counting, free lists, the cyclic GC) headless.')
    .version(packageJson.version, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Commander's usage errors: one line, prefixed like ours.
      outputError: (text, write) => write(`heapscope: ${text.replace(/^error: /, '').trim().split(/\s*\n\s*/).join(' ')}\n`),
    })
  const done = (code: number): void => {
    exit.code = code
  }

  addRunOptions(
    program
      .command('run')
      .description('run a scenario in a worker thread; print a summary, write JSON/HTML/CSV, check budgets')
      .argument('<scenario>', 'scenario file (YAML or JSON)'),
  )
    .option('--json <file|->', 'write the run summary as JSON (- for stdout)')
    .option('--report <file.html>', 'write a self-contained HTML report')
    .option('--csv <folder>', 'write one CSV file per series into a folder')
    .option('--budget <budget>', 'a budget such as "pause.p99<2ms" (repeatable); exit 1 when exceeded', collect)
    .option('--force', 'replace existing output files')
    .option('--quiet', 'no progress bar, no summary')
    .action(async (scenario: string, options: RunCommandOptions) => done(await runCommand(io, scenario, options)))

  program
    .command('list')
    .description('list the bundled scenario library and the reference workloads')
    .option('--json', 'print the list as JSON')
    .action(async (options: { json?: boolean }) => done(await listCommand(io, root, options)))

  program
    .command('emit-python')
    .description('print the scenario as a standalone Python program')
    .argument('<scenario>', 'scenario file')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--preset <preset>', 'the preset whose run picks the branches of `choose`')
    .option('--force', 'replace an existing output file')
    .action(async (scenario: string, options: { output?: string; preset?: string; force?: boolean }) => done(await emitPythonCommand(io, scenario, options)))

  program
    .command('validate')
    .description('run the scenario under real CPython and compare with the simulation (exit 1 on a mismatch)')
    .argument('<scenario...>', 'scenario files')
    .option('--python <interpreter>', 'interpreter to validate against (repeatable; default: pyenv 3.11–3.13, else python3)', collect)
    .option('--json', 'print the reports as JSON')
    .option('--quiet', 'no progress lines')
    .action(async (scenarios: string[], options: { python?: string[]; json?: boolean; quiet?: boolean }) => done(await validateCommand(io, scenarios, options)))

  addRunOptions(
    program
      .command('sweep')
      .description('one run per value of a parameter, in parallel; a table of collections, pauses and footprint')
      .argument('<scenario>', 'scenario file'),
  )
    .requiredOption('--param <name=v1,v2,...>', 'gc.threshold0|1|2, preset, collector, gc.enabled or seed, with values')
    .option('--json <file|->', 'write the points as JSON (- for stdout)')
    .option('--force', 'replace an existing --json file')
    .option('--quiet', 'no progress line')
    .action(async (scenario: string, options: { param: string; json?: string; quiet?: boolean; force?: boolean; preset?: string; collector?: string; threshold?: string; seed?: string }) => done(await sweepCommand(io, scenario, options)))

  program
    .command('calibrate')
    .description('fit the pause-time model to timings of a local interpreter and store it in the settings')
    .requiredOption('--python <interpreter>', 'the interpreter to time')
    .option('--preset <preset>', 'the preset to calibrate (default: the interpreter\'s)')
    .addOption(new Option('--runs <n>', 'timing runs per workload, each in a fresh process; a collection\'s pause is its median over them').default(String(DEFAULT_TIMING_RUNS)))
    .option('--dry-run', 'fit and report, but do not store')
    .option('--quiet', 'no progress lines')
    .action(async (options: { python: string; preset?: string; runs: string; dryRun?: boolean; quiet?: boolean }) => done(await calibrateCommand(io, root, options)))

  program
    .command('fuzz')
    .description('differential testing: random programs validated against the local interpreters; the ones that differ are saved as scenarios')
    .addOption(new Option('--count <n>', 'how many programs').default('20'))
    .option('--seed <n>', 'seed of the first program (default: random; each program is seed, seed+1, …)')
    .option('--python <interpreter>', 'interpreter (repeatable; default: pyenv 3.11–3.13, else python3)', collect)
    .addOption(new Option('--jobs <n>', 'programs validated at the same time').default('2'))
    .addOption(new Option('--out <folder>', 'where the programs that differ are saved').default('fuzz-findings'))
    .option('--quiet', 'no progress lines')
    .action(async (options: FuzzOptions) => done(await fuzzCommand(io, options)))

  program
    .command('shrink')
    .description('make a scenario on which the simulation and CPython differ as small as possible while the same rows still differ')
    .argument('<scenario>', 'scenario file (e.g. one that fuzz saved)')
    .option('--python <interpreter>', 'interpreter (repeatable; default: pyenv 3.11–3.13, else python3)', collect)
    .option('-o, --output <file>', 'where to write the smaller scenario (default: <name>.min.yaml next to it)')
    .option('--force', 'replace an existing output file')
    .option('--quiet', 'no progress lines')
    .action(async (scenario: string, options: ShrinkOptions) => done(await shrinkCommand(io, scenario, options)))

  program
    .command('bench')
    .description('time the simulation against real CPython on the reference workloads (sim/real per row, geometric mean)')
    .option('--python <interpreter>', 'interpreter (repeatable; default: pyenv 3.11–3.13)', collect)
    .addOption(new Option('--repeat <n>', 'timed repetitions per side (best is kept)').default('3'))
    .option('--workload <name>', 'only this reference workload (repeatable)', collect)
    .option('--quiet', 'no progress lines')
    .action(async (options: { python?: string[]; repeat: string; workload?: string[]; quiet?: boolean }) => done(await benchCommand(io, root, options)))

  program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editors)')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--force', 'replace an existing output file')
    .action(async (options: { output?: string; force?: boolean }) => done(await schemaCommand(io, root, options)))

  return program
}

/**
 * Runs the CLI.
 * @param argv the arguments after the program name
 * @param io streams and paths (default: the process's)
 * @returns the exit code
 */
export async function main(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const full: CliIo = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env, ...io }
  const exit = { code: EXIT.ok as number }
  const program = buildProgram(full, exit)
  if (argv.length === 0) {
    program.outputHelp()
    return EXIT.usage
  }
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return exit.code
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors were printed already.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    }
    if (error instanceof CliError) {
      full.stderr.write(`heapscope: ${error.message}\n`)
      return error.exitCode
    }
    // A bug, not a user mistake: say so, with the stack for the report.
    full.stderr.write(`heapscope: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    return EXIT.usage
  }
}
