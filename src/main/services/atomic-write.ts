/**
 * Atomic file writes: the data goes to a temporary file in the same folder, is flushed to disk,
 * then takes the target's name in one step. A failure at any point leaves the old file intact
 * and removes the temporary one. Without `overwrite`, an existing target is never replaced.
 */
import { randomBytes } from 'node:crypto'
import { access, link, open, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

export interface AtomicWriteOptions {
  /** Replace an existing file (false: fail with `EEXIST` instead). */
  readonly overwrite: boolean
}

/** Thrown (as `code: 'EEXIST'`) when the target exists and `overwrite` is false. */
export class TargetExistsError extends Error {
  readonly code = 'EEXIST'
  constructor(readonly path: string) {
    super(`${path} already exists`)
    this.name = 'TargetExistsError'
  }
}

async function removeQuietly(path: string): Promise<void> {
  try {
    await unlink(path)
  } catch {
    // Already gone, or never created.
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}

/**
 * Writes `data` to `path` atomically.
 * @param path the target file
 * @param data text (UTF-8) or bytes
 * @param options whether an existing file may be replaced
 * @throws the file system's error (the old file is intact), or `TargetExistsError`
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    const handle = await open(temp, 'wx', 0o644)
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    if (options.overwrite) {
      await rename(temp, path)
      return
    }
    // link() refuses an existing target atomically (no check-then-rename race).
    try {
      await link(temp, path)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EEXIST') throw new TargetExistsError(path)
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error
      // A file system without hard links (FAT): check, then rename.
      if (await exists(path)) throw new TargetExistsError(path)
      await rename(temp, path)
    }
  } finally {
    await removeQuietly(temp)
  }
}
