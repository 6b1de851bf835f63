#!/usr/bin/env node
// Measures scenarios/checks/*.yaml on the local interpreters (pyenv 3.11/3.12/3.13) with
// python/heapscope_probe.py and writes <name>.cpython3.X.json next to each: the starting heap
// and tracked objects the probe saw, and the collections/collected/uncollectable of run().
// Tests then simulate from that recorded start and compare, with no Python needed.
// Usage: node scripts/measure-checks.mjs [name ...]
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createServer } from 'vite'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dir = join(root, 'scenarios', 'checks')
const pyenv = process.env.PYENV_ROOT ?? join(homedir(), '.pyenv')
const versions = readdirSync(join(pyenv, 'versions')).filter((v) => /^3\.1[123]\.\d+$/.test(v))
const server = await createServer({ root, configFile: false, logLevel: 'error', server: { middlewareMode: true, hmr: false }, appType: 'custom', optimizeDeps: { noDiscovery: true, include: [] } })
try {
  const engine = await server.ssrLoadModule('/src/engine/index.ts')
  const wanted = process.argv.slice(2)
  const work = mkdtempSync(join(tmpdir(), 'heapscope-checks-'))
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const name = file.replace(/\.yaml$/, '')
    if (wanted.length > 0 && !wanted.includes(name)) continue
    const parsed = engine.parseScenario(readFileSync(join(dir, file), 'utf8'), file)
    if (!parsed.ok) throw new Error(`${file}: ${parsed.errors.map((e) => e.message).join('; ')}`)
    for (const version of versions) {
      const minor = version.split('.').slice(0, 2).join('.')
      const preset = `cpython-${minor}`
      const run = engine.createRun(parsed.scenario, { overrides: { preset }, recordChoices: true })
      for (let s = engine.stepRun(run, 1e12); s.state !== 'done' && s.state !== 'failed'; s = engine.stepRun(run, 1e12));
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
        // The probe's own allocations between its two heap snapshots (an empty run()).
        noise_before: out.null.before,
        noise_after: out.null.after,
      }
      writeFileSync(join(dir, `${name}.cpython${minor}.json`), JSON.stringify(record, null, 1) + '\n')
      console.log(`${name} ${out.python}: collections ${JSON.stringify(c.collections)} collected ${JSON.stringify(c.collected)}`)
    }
  }
} finally {
  await server.close()
}
