import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TargetExistsError, writeFileAtomic } from './atomic-write'

const dir = (): string => mkdtempSync(join(tmpdir(), 'heapscope-atomic-'))
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0

describe('writeFileAtomic', () => {
  it('writes a new file and leaves no temporary file', async () => {
    const d = dir()
    await writeFileAtomic(join(d, 'a.json'), '{"a":1}', { overwrite: false })
    expect(readFileSync(join(d, 'a.json'), 'utf8')).toBe('{"a":1}')
    expect(readdirSync(d)).toEqual(['a.json'])
  })

  it('never replaces an existing file without overwrite', async () => {
    const d = dir()
    writeFileSync(join(d, 'a.json'), 'old')
    await expect(writeFileAtomic(join(d, 'a.json'), 'new', { overwrite: false })).rejects.toBeInstanceOf(TargetExistsError)
    expect(readFileSync(join(d, 'a.json'), 'utf8')).toBe('old')
    expect(readdirSync(d)).toEqual(['a.json'])
    await writeFileAtomic(join(d, 'a.json'), new Uint8Array([110, 101, 119]), { overwrite: true })
    expect(readFileSync(join(d, 'a.json'), 'utf8')).toBe('new')
  })

  it('keeps the old file when the write fails', async () => {
    const d = dir()
    writeFileSync(join(d, 'a.json'), 'old')
    // The target is a folder's name taken by a file: the temp file cannot be created there.
    await expect(writeFileAtomic(join(d, 'a.json', 'inner.json'), 'new', { overwrite: true })).rejects.toThrow()
    expect(readFileSync(join(d, 'a.json'), 'utf8')).toBe('old')
  })

  it('removes its temporary file when the final rename fails', async () => {
    const d = dir()
    const target = join(d, 'taken')
    mkdirSync(join(target, 'child'), { recursive: true })
    await expect(writeFileAtomic(target, 'new', { overwrite: true })).rejects.toThrow()
    expect(readdirSync(d)).toEqual(['taken'])
    expect(readdirSync(target)).toEqual(['child'])
  })

  it.skipIf(isRoot)('keeps the old file in a read-only folder', async () => {
    const d = dir()
    writeFileSync(join(d, 'a.json'), 'old')
    chmodSync(d, 0o555)
    try {
      await expect(writeFileAtomic(join(d, 'a.json'), 'new', { overwrite: true })).rejects.toThrow()
      expect(readFileSync(join(d, 'a.json'), 'utf8')).toBe('old')
    } finally {
      chmodSync(d, 0o755)
    }
  })
})
