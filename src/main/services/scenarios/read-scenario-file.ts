/**
 * Reads a scenario file as text, refusing what cannot be one: unreadable files, files over
 * 10 MB, and binary files (a NUL byte, or bytes that are not UTF-8). Messages name the file.
 */
import { open } from 'node:fs/promises'
import { basename } from 'node:path'

/** Largest scenario file accepted, bytes. */
export const MAX_SCENARIO_BYTES = 10 * 1024 * 1024

export type ReadScenarioFileResult = { readonly ok: true; readonly text: string; readonly size: number } | { readonly ok: false; readonly message: string }

function describeIoError(name: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return `${name}: the file does not exist (moved or deleted?)`
  if (code === 'EACCES' || code === 'EPERM') return `${name}: permission denied`
  if (code === 'EISDIR') return `${name}: this is a folder, not a scenario file`
  return `${name}: cannot be read (${error instanceof Error ? error.message : String(error)})`
}

/**
 * Checks whether bytes are text HeapScope can read: UTF-8 without NUL bytes.
 * @returns the text, or null for binary content
 */
export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  } catch {
    return null
  }
}

/**
 * Reads `path` as a scenario file's text.
 * @param path an absolute path
 * @returns the text and size, or a message naming the file and the problem
 */
export async function readScenarioFile(path: string): Promise<ReadScenarioFileResult> {
  const name = basename(path)
  let handle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    return { ok: false, message: describeIoError(name, error) }
  }
  try {
    const stats = await handle.stat()
    if (!stats.isFile()) return { ok: false, message: `${name}: not a regular file` }
    if (stats.size > MAX_SCENARIO_BYTES) {
      return { ok: false, message: `${name}: the file is ${(stats.size / (1024 * 1024)).toFixed(1)} MB; scenario files are limited to 10 MB` }
    }
    const bytes = await handle.readFile()
    if (bytes.length > MAX_SCENARIO_BYTES) return { ok: false, message: `${name}: the file grew past 10 MB while being read` }
    const text = decodeText(bytes)
    if (text === null) return { ok: false, message: `${name}: this is a binary file, not a scenario (expected YAML or JSON text)` }
    return { ok: true, text, size: bytes.length }
  } catch (error) {
    return { ok: false, message: describeIoError(name, error) }
  } finally {
    await handle.close()
  }
}
