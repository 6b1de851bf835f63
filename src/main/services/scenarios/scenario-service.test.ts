import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { LoadResult } from '../../../shared/contract'
import { createScenarioService, type ScenarioServiceDeps } from './scenario-service'
import { compareLibraryPaths, isLibraryScenario } from './scenario-library'
import { MAX_SCENARIO_BYTES } from './read-scenario-file'
import { parseStatementPath } from './generator-params'

const REPO_SCENARIOS = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../scenarios')

const VALID = `heapscope: 1
name: Small
description: a small scenario
preset: cpython-3.12
classes:
  Node: { slots: [next] }
program:
  - repeat: 100
    do:
      - let: x
        new: float
`

const GENERATED = `heapscope: 1
name: Generated
program:
  # Requests with a session store.
  - phase: warm-up
  - repeat: 2
    do:
      - generate: web-requests
        requests: 500   # per iteration
        headers: 4
  - generate: web-requests
    requests: 100
`

function memoryRecent(initial: string[] = []): ScenarioServiceDeps['recent'] & { list: string[] } {
  const list = [...initial]
  return {
    list,
    get: () => list,
    add: async (path: string) => {
      const i = list.indexOf(path)
      if (i >= 0) list.splice(i, 1)
      list.unshift(path)
    },
  }
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'heapscope-scenarios-'))
}

function expectOk(result: LoadResult): Extract<LoadResult, { ok: true }>['scenario'] {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result)}`)
  return result.scenario
}

describe('scenario library', () => {
  it('recognises scenarios and leaves measured data out', () => {
    expect(isLibraryScenario('reference/float_churn.yaml')).toBe(true)
    expect(isLibraryScenario('reference/float_churn.cpython3.11.json')).toBe(false)
    expect(isLibraryScenario('reference/extra.json')).toBe(false)
    expect(isLibraryScenario('checks/weak_fin.cpython3.13.json')).toBe(false)
    expect(isLibraryScenario('web/api.json')).toBe(true)
    expect(isLibraryScenario('reference/float_churn.py')).toBe(false)
  })

  it('orders files in folders first, then top-level files', () => {
    expect(['z.yaml', 'b/y.yaml', 'a/z.yaml', 'a/b.yaml'].sort(compareLibraryPaths)).toEqual(['a/b.yaml', 'a/z.yaml', 'b/y.yaml', 'z.yaml'])
  })

  it('lists the bundled library with names, descriptions, presets and sizes', async () => {
    const service = createScenarioService({ libraryDir: REPO_SCENARIOS, recent: memoryRecent() })
    const { library, recent } = await service.listScenarios()
    expect(recent).toEqual([])
    const churn = library.find((e) => e.path.endsWith('reference/float_churn.yaml'))
    expect(churn).toMatchObject({ source: 'library', name: 'Reference: float churn', preset: 'cpython-3.11' })
    expect(churn?.size).toBeGreaterThan(100)
    expect(library.every((e) => !e.path.endsWith('.json') || !/cpython\d/.test(e.path))).toBe(true)
    expect(library.some((e) => e.path.endsWith('.py'))).toBe(false)
  })

  it('lists recent files, keeping dead and broken ones with a problem', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'good.yaml'), VALID)
    writeFileSync(join(dir, 'bad.yaml'), 'heapscope: 1\nname: Bad\nprogram:\n  - let: x\n    new: flaot\n')
    const service = createScenarioService({ libraryDir: join(dir, 'lib'), recent: memoryRecent([join(dir, 'good.yaml'), join(dir, 'gone.yaml'), join(dir, 'bad.yaml')]) })
    const { library, recent } = await service.listScenarios()
    expect(library).toEqual([])
    expect(recent.map((e) => [e.name, e.problem])).toEqual([
      ['Small', undefined],
      ['gone.yaml', 'the file no longer exists'],
      ['bad.yaml', expect.stringMatching(/^line 5: /)],
    ])
  })
})

describe('statement paths', () => {
  it('parses JSON paths of statements and rejects anything else', () => {
    expect(parseStatementPath('program[1].do[0]')).toEqual(['program', 1, 'do', 0])
    expect(parseStatementPath('program[0].choose[2].do[10]')).toEqual(['program', 0, 'choose', 2, 'do', 10])
    for (const bad of ['', '[0]', 'program[', 'program[x]', 'program..do', 'program[0]do', '__proto__[0]x', 'program[0].']) expect(parseStatementPath(bad)).toBeNull()
  })
})

describe('scenario service', () => {
  it('opens library and recent paths, and refuses any other path', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'lib', 'web'), { recursive: true })
    writeFileSync(join(dir, 'lib', 'web', 'small.yaml'), VALID)
    writeFileSync(join(dir, 'recent.yaml'), VALID)
    writeFileSync(join(dir, 'other.yaml'), VALID)
    const recent = memoryRecent([join(dir, 'recent.yaml')])
    const service = createScenarioService({ libraryDir: join(dir, 'lib'), recent })
    const fromLibrary = expectOk(await service.openScenarioPath(join(dir, 'lib', 'web', 'small.yaml')))
    expect(fromLibrary).toMatchObject({ path: join(dir, 'lib', 'web', 'small.yaml'), fileName: 'small.yaml', name: 'Small', preset: 'cpython-3.12', classes: ['Node'], statements: 2 })
    expect(fromLibrary.estimatedOps).toBeGreaterThanOrEqual(200)
    expect(service.get(fromLibrary.id)).toBe(fromLibrary)
    expectOk(await service.openScenarioPath(join(dir, 'recent.yaml')))
    for (const path of [join(dir, 'other.yaml'), join(dir, 'lib', '..', 'other.yaml'), '/etc/passwd', join(dir, 'lib')]) {
      expect(await service.openScenarioPath(path)).toMatchObject({ ok: false, reason: 'not-allowed' })
    }
    // Library files do not go to the recent list; opening a recent file moves it up.
    expect(recent.list).toEqual([join(dir, 'recent.yaml')])
  })

  it('opens a file from the dialog and remembers it as recent; a cancelled dialog is `cancelled`', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'picked.yaml'), VALID)
    const recent = memoryRecent()
    let answer: string | null = join(dir, 'picked.yaml')
    const service = createScenarioService({ libraryDir: join(dir, 'lib'), recent, openDialog: async () => answer })
    expectOk(await service.openScenarioDialog())
    expect(recent.list).toEqual([join(dir, 'picked.yaml')])
    answer = null
    expect(await service.openScenarioDialog()).toMatchObject({ ok: false, reason: 'cancelled' })
    expect(await createScenarioService({ libraryDir: dir, recent }).openScenarioDialog()).toMatchObject({ ok: false, reason: 'cancelled' })
  })

  it('reports unreadable, binary and oversized files as io errors naming the file', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'image.yaml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]))
    writeFileSync(join(dir, 'latin1.yaml'), Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9]))
    writeFileSync(join(dir, 'huge.yaml'), Buffer.alloc(MAX_SCENARIO_BYTES + 1, 0x20))
    const service = createScenarioService({ libraryDir: join(dir, 'lib'), recent: memoryRecent() })
    expect(await service.openUserFile(join(dir, 'image.yaml'))).toEqual({ ok: false, reason: 'io', message: expect.stringMatching(/^image\.yaml: this is a binary file/) })
    expect(await service.openUserFile(join(dir, 'latin1.yaml'))).toMatchObject({ reason: 'io', message: expect.stringMatching(/binary/) })
    expect(await service.openUserFile(join(dir, 'huge.yaml'))).toMatchObject({ reason: 'io', message: expect.stringMatching(/^huge\.yaml: the file is 10\.0 MB; scenario files are limited to 10 MB/) })
    expect(await service.openUserFile(join(dir, 'missing.yaml'))).toMatchObject({ reason: 'io', message: expect.stringMatching(/does not exist/) })
    expect(await service.openUserFile(dir)).toMatchObject({ reason: 'io' })
  })

  it('returns the engine errors of a malformed file and keeps what was loaded', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'good.yaml'), VALID)
    writeFileSync(join(dir, 'good.yaml'), VALID)
    const service = createScenarioService({ libraryDir: join(dir, 'lib'), recent: memoryRecent() })
    const good = expectOk(await service.openUserFile(join(dir, 'good.yaml')))
    writeFileSync(join(dir, 'good.yaml'), 'heapscope: 1\nname: Broken\nprogram:\n  - repeat: -1\n    do: []\n')
    const broken = await service.openUserFile(join(dir, 'good.yaml'))
    expect(broken).toMatchObject({ ok: false, reason: 'invalid', fileName: 'good.yaml', errors: [{ file: 'good.yaml', line: 4, field: expect.stringContaining('program[0]') }] })
    expect(service.get(good.id)).toBe(good)
    const dropped = service.loadScenarioText('dropped.yaml', '- just\n- a list\n')
    expect(dropped).toMatchObject({ ok: false, reason: 'invalid', errors: [{ message: expect.stringMatching(/not a list/) }] })
    expectOk(service.loadScenarioText('dropped.yaml', VALID))
  })

  it('lists generate statements and rewrites their parameters, keeping comments and layout', () => {
    const service = createScenarioService({ libraryDir: tempDir(), recent: memoryRecent() })
    const loaded = expectOk(service.loadScenarioText('gen.yaml', GENERATED))
    expect(loaded.generators.map((g) => [g.path, g.generator])).toEqual([
      ['program[1].do[0]', 'web-requests'],
      ['program[2]', 'web-requests'],
    ])
    // Parameters as the form shows them: written values and the generator's defaults.
    const form = loaded.generators[0]?.params ?? {}
    expect(form).toMatchObject({ requests: 500, headers: 4, tuples: 3 })
    const before = loaded.estimatedOps
    const changed = expectOk(service.applyGeneratorParams(loaded.id, 'program[1].do[0]', { ...form, requests: 2000 }))
    expect(changed.id).toBe(loaded.id)
    expect(changed.path).toBeNull()
    expect(changed.text).toBe(GENERATED.replace('requests: 500', 'requests: 2000'))
    expect(changed.estimatedOps).toBeGreaterThan(before)
    expect(service.get(loaded.id)).toBe(changed)

    // Adding and removing parameters re-prints the document, comments included.
    const reshaped = expectOk(service.applyGeneratorParams(loaded.id, 'program[1].do[0]', { requests: 10, cycle_probability: 0.5 }))
    expect(reshaped.generators[0]?.params).toMatchObject({ requests: 10, cycle_probability: 0.5, headers: 6 })
    expect(reshaped.text).toContain('# Requests with a session store.')
    expect(reshaped.text).toContain('# per iteration')
    expect(reshaped.text).not.toContain('headers')
  })

  it('keeps the loaded scenario when new generator parameters are invalid', () => {
    const service = createScenarioService({ libraryDir: tempDir(), recent: memoryRecent() })
    const loaded = expectOk(service.loadScenarioText('gen.yaml', GENERATED))
    const bad = service.applyGeneratorParams(loaded.id, 'program[2]', { requests: -5 })
    expect(bad).toMatchObject({ ok: false, reason: 'invalid', errors: [{ field: expect.stringContaining('program[2]'), line: 12 }] })
    const unknown = service.applyGeneratorParams(loaded.id, 'program[2]', { request: 5 })
    expect(unknown).toMatchObject({ ok: false, reason: 'invalid' })
    expect(service.applyGeneratorParams(loaded.id, 'program[0]', { requests: 5 })).toMatchObject({ ok: false, reason: 'invalid', errors: [{ message: 'there is no generate statement at program[0]' }] })
    expect(service.applyGeneratorParams(loaded.id, 'program[[0]', { requests: 5 })).toMatchObject({ ok: false, reason: 'invalid' })
    expect(service.applyGeneratorParams('nope', 'program[2]', { requests: 5 })).toMatchObject({ ok: false, reason: 'io' })
    expect(service.get(loaded.id)).toBe(loaded)
  })

  it('rewrites parameters in a JSON scenario too', () => {
    const service = createScenarioService({ libraryDir: tempDir(), recent: memoryRecent() })
    const json = JSON.stringify({ heapscope: 1, name: 'J', program: [{ generate: 'web-requests', requests: 50 }] }, null, 2)
    const loaded = expectOk(service.loadScenarioText('j.json', json))
    const changed = expectOk(service.applyGeneratorParams(loaded.id, 'program[0]', { requests: 70 }))
    expect(JSON.parse(changed.text)).toEqual({ heapscope: 1, name: 'J', program: [{ generate: 'web-requests', requests: 70 }] })
  })

  it('forgets the oldest loaded scenarios beyond the limit', () => {
    const service = createScenarioService({ libraryDir: tempDir(), recent: memoryRecent() })
    const first = expectOk(service.loadScenarioText('a.yaml', VALID))
    for (let i = 0; i < 64; i++) service.loadScenarioText('b.yaml', VALID)
    expect(service.get(first.id)).toBeUndefined()
  })
})
