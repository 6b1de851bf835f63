#!/usr/bin/env node
// Measures a folder of scenarios (scenarios/library/*.yaml by default; also scenarios/checks) on
// the local interpreters (pyenv
// 3.11/3.12/3.13): each scenario's emitted Python (generators expanded with the scenario's seed,
// `choose` picks replayed from a simulation with the matching preset) runs under
// python/heapscope_probe.py, and <name>.cpython3.X.json is written next to the scenario: the
// starting heap and tracked objects the probe saw (`before`: sys._debugmallocstats() in numbers
// plus `usedpools`, each size class's usedpools layout), the heap after run(), the probe's null
// run around an empty run(), and run()'s collections, collected and uncollectable. src/engine/library.test.ts then simulates from that recorded start and
// compares, with no Python needed.
// The tests (src/engine/library.test.ts, checks.test.ts) compare with these files.
// Usage: node scripts/measure-scenarios.mjs [--dir scenarios/checks] [--simulate] [name ...]
//   --simulate: only simulate each scenario on the three presets and print times and GC counts.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createServer } from 'vite'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const pyenv = process.env.PYENV_ROOT ?? join(homedir(), '.pyenv')
const args = process.argv.slice(2)
const dirAt = args.indexOf('--dir')
const dir = resolve(root, dirAt >= 0 ? (args.splice(dirAt, 2)[1] ?? '') : join('scenarios', 'library'))
const simulateOnly = args.includes('--simulate')
const wanted = args.filter((a) => !a.startsWith('--'))
const versions = existsSync(join(pyenv, 'versions')) ? readdirSync(join(pyenv, 'versions')).filter((v) => /^3\.1[123]\.\d+$/.test(v)) : []
if (!simulateOnly && versions.length === 0) {
  console.error(`no CPython 3.11/3.12/3.13 found under ${join(pyenv, 'versions')} (set PYENV_ROOT)`)
  process.exit(2)
}
const server = await createServer({ root, configFile: false, logLevel: 'error', server: { middlewareMode: true, hmr: false }, appType: 'custom', optimizeDeps: { noDiscovery: true, include: [] } })
try {
  const engine = await server.ssrLoadModule('/src/engine/index.ts')
  const work = mkdtempSync(join(tmpdir(), 'heapscope-measure-'))
  const simulate = (scenario, preset, recordChoices) => {
    const run = engine.createRun(scenario, { overrides: { preset }, recordChoices })
    let s = engine.stepRun(run, 1e12)
    while (s.state !== 'done' && s.state !== 'failed') s = engine.stepRun(run, 1e12)
    if (s.state === 'failed') throw new Error(`${scenario.file} on ${preset}: ${s.error?.message ?? 'failed'}`)
    return run
  }
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const name = file.replace(/\.yaml$/, '')
    if (wanted.length > 0 && !wanted.includes(name)) continue
    const parsed = engine.parseScenario(readFileSync(join(dir, file), 'utf8'), file)
    if (!parsed.ok) throw new Error(`${file}: ${parsed.errors.map((e) => `line ${e.line} ${e.field}: ${e.message}`).join('; ')}`)
    if (simulateOnly) {
      for (const preset of ['cpython-3.11', 'cpython-3.12', 'cpython-3.13']) {
        const started = Date.now()
        const cpu = process.cpuUsage()
        const summary = engine.finishRun(simulate(parsed.scenario, preset, false)).summary
        const used = process.cpuUsage(cpu)
        console.log(`${name} ${preset}: ${Date.now() - started} ms wall, ${Math.round((used.user + used.system) / 1000)} ms CPU, ${summary.sim.ops} ops, collections ${JSON.stringify(summary.gc.collections)} collected ${JSON.stringify(summary.gc.collected)} arenas ${summary.allocator.end.arenas.current}`)
      }
      continue
    }
    for (const version of versions) {
      const minor = version.split('.').slice(0, 2).join('.')
      const run = simulate(parsed.scenario, `cpython-${minor}`, true)
      const program = join(work, `${name}.py`)
      writeFileSync(program, engine.emitPython(parsed.scenario, run.vm.choiceLog ?? []))
      const out = JSON.parse(execFileSync(join(pyenv, 'versions', version, 'bin', 'python'), [join(root, 'python', 'heapscope_probe.py'), program], { encoding: 'utf8', maxBuffer: 1 << 28 }))
      const c = out.counts
      const record = {
        python: out.python,
        tracked_objects: c.tracked_objects,
        collections: c.collections,
        collected: c.collected,
        uncollectable: c.uncollectable,
        before: c.before,
        after: c.after,
        // The probe's own allocations between its two heap snapshots (an empty run()); only its
        // totals are compared, so its usedpools layout is left out.
        noise_before: { ...out.null.before, usedpools: undefined },
        noise_after: out.null.after,
      }
      writeFileSync(join(dir, `${name}.cpython${minor}.json`), JSON.stringify(record, null, 1) + '\n')
      console.log(`${name} ${out.python}: collections ${JSON.stringify(c.collections)} collected ${JSON.stringify(c.collected)}`)
    }
  }
} finally {
  await server.close()
}
