/**
 * Scenario files named on the command line (`heapscope-app run.yaml`, a second instance, "open
 * with"): the arguments that look like scenario files, flags and the app's own entry excluded.
 */
import { isAbsolute, resolve } from 'node:path'

const SCENARIO_FILE = /\.(ya?ml|json)$/i

/**
 * @param argv the process arguments (`process.argv`, or a second instance's)
 * @param cwd the folder relative paths are relative to
 * @returns absolute paths of the scenario files named
 */
export function scenarioArguments(argv: readonly string[], cwd: string): string[] {
  return argv
    .slice(1)
    .filter((arg) => !arg.startsWith('-') && SCENARIO_FILE.test(arg) && !arg.endsWith('package.json'))
    .map((arg) => (isAbsolute(arg) ? arg : resolve(cwd, arg)))
}
