#!/usr/bin/env node
// `npm test`: every check HeapScope has, in order — type checks, lint, the schema, unit tests
// (Vitest), the build, end-to-end tests (Playwright) — and one closing line "N passed, N failed"
// counting every test plus every check step. A failing step does not stop the others (except
// that the end-to-end tests need the build); the exit code is 1 when anything failed.
//
// Usage: node scripts/run-tests.mjs [--skip-e2e]
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const reports = join(root, 'reports')
rmSync(reports, { recursive: true, force: true })
mkdirSync(reports, { recursive: true })

const totals = { passed: 0, failed: 0, skipped: 0 }
const failures = []

function step(name, command, args, env = {}) {
  process.stdout.write(`\n▶ ${name}: ${[command, ...args].join(' ')}\n`)
  const started = Date.now()
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, shell: false })
  const ok = result.status === 0
  process.stdout.write(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`)
  return ok
}

/** A step that is one check (type checks, lint, build). */
function check(name, command, args, env) {
  const ok = step(name, command, args, env)
  if (ok) totals.passed++
  else {
    totals.failed++
    failures.push(name)
  }
  return ok
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'

check('typecheck (node)', npx, ['tsc', '--noEmit', '-p', 'tsconfig.node.json'])
check('typecheck (engine purity)', npx, ['tsc', '--noEmit', '-p', 'tsconfig.engine.json'])
if (existsSync(join(root, 'tsconfig.web.json'))) check('typecheck (renderer)', npx, ['vue-tsc', '--noEmit', '-p', 'tsconfig.web.json'])
if (existsSync(join(root, 'tsconfig.e2e.json'))) check('typecheck (e2e)', npx, ['tsc', '--noEmit', '-p', 'tsconfig.e2e.json'])
check('lint', npx, ['eslint', '.'])
check('schema up to date', 'node', ['scripts/generate-schema.mjs', '--check'])

// Unit tests: counted per test from Vitest's JSON report.
const vitestReport = join(reports, 'vitest.json')
const vitestOk = step('unit tests (vitest)', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`])
const vitest = readJson(vitestReport)
if (vitest !== null) {
  totals.passed += vitest.numPassedTests ?? 0
  totals.failed += vitest.numFailedTests ?? 0
  totals.skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0)
  if ((vitest.numFailedTests ?? 0) > 0 || (!vitestOk && (vitest.numFailedTests ?? 0) === 0)) failures.push('unit tests')
  if (!vitestOk && (vitest.numFailedTests ?? 0) === 0) totals.failed++ // e.g. a suite that failed to load
} else {
  totals.failed++
  failures.push('unit tests (no report)')
}

const built = check('build (app + CLI)', 'npm', ['run', 'build'])

if (process.argv.includes('--skip-e2e')) {
  process.stdout.write('\n(end-to-end tests skipped: --skip-e2e)\n')
} else if (!built) {
  totals.failed++
  failures.push('end-to-end tests (not run: the build failed)')
} else if (existsSync(join(root, 'playwright.config.ts'))) {
  const e2eReport = join(reports, 'playwright.json')
  const e2eOk = step('end-to-end tests (playwright)', npx, ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport })
  const e2e = readJson(e2eReport)
  if (e2e !== null && e2e.stats !== undefined) {
    totals.passed += (e2e.stats.expected ?? 0) + (e2e.stats.flaky ?? 0)
    totals.failed += e2e.stats.unexpected ?? 0
    totals.skipped += e2e.stats.skipped ?? 0
    if ((e2e.stats.unexpected ?? 0) > 0) failures.push('end-to-end tests')
    if (!e2eOk && (e2e.stats.unexpected ?? 0) === 0) {
      totals.failed++
      failures.push('end-to-end tests (runner error)')
    }
  } else {
    totals.failed++
    failures.push('end-to-end tests (no report)')
  }
} else {
  totals.failed++
  failures.push('end-to-end tests (no playwright.config.ts)')
}

process.stdout.write('\n')
if (failures.length > 0) process.stdout.write(`Failed: ${failures.join('; ')}\n`)
if (totals.skipped > 0) process.stdout.write(`${totals.skipped} skipped\n`)
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed\n`)
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0)
