import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeInterpreter, listInterpreters, presetForVersion, pyenvCandidates, pyenvRoot } from './interpreters'

describe('interpreter discovery', () => {
  it('maps versions to presets', () => {
    expect(presetForVersion('3.11.7')).toBe('cpython-3.11')
    expect(presetForVersion('3.12.1')).toBe('cpython-3.12')
    expect(presetForVersion('3.13.0')).toBe('cpython-3.13')
    expect(presetForVersion('3.10.13')).toBeNull()
    expect(presetForVersion('garbage')).toBeNull()
  })

  it('lists pyenv 3.11–3.13 builds only, in version order', () => {
    const root = mkdtempSync(join(tmpdir(), 'heapscope-pyenv-'))
    for (const v of ['3.13.0', '3.10.13', '3.11.10', '3.11.7', '3.12.1', '2.7.18']) {
      mkdirSync(join(root, 'versions', v, 'bin'), { recursive: true })
      writeFileSync(join(root, 'versions', v, 'bin', 'python'), '')
    }
    expect(pyenvCandidates(root).map((p) => p.split('/').at(-3))).toEqual(['3.11.7', '3.11.10', '3.12.1', '3.13.0'])
    expect(pyenvCandidates(join(root, 'missing'))).toEqual([])
    expect(pyenvRoot({ PYENV_ROOT: root })).toBe(root)
  })

  it('finds nothing, quietly, when neither pyenv nor the fallback exists', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'heapscope-nopyenv-'))
    expect(await listInterpreters({ env: { PYENV_ROOT: empty }, fallback: '/nonexistent/python3' })).toEqual([])
  })

  it('says why an interpreter cannot be asked', async () => {
    expect(await describeInterpreter('/nonexistent/python3')).toEqual({ ok: false, message: 'interpreter /nonexistent/python3: /nonexistent/python3 was not found' })
    const notPython = join(mkdtempSync(join(tmpdir(), 'heapscope-fake-')), 'python')
    writeFileSync(notPython, '#!/bin/sh\necho hello\n', { mode: 0o755 })
    expect(await describeInterpreter(notPython)).toMatchObject({ ok: false, message: expect.stringMatching(/did not answer like a Python interpreter/) })
  })
})
