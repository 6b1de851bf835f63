/**
 * Runs a child process (a Python interpreter) with a time limit and collects its output. Every
 * way it can go wrong becomes a one-line message: the program is missing, not executable, was
 * killed by a signal, timed out, or exited with a non-zero status (with the last line of stderr).
 */
import { spawn } from 'node:child_process'

export interface ProcessOptions {
  /** Kill the process after this long, ms. */
  readonly timeoutMs: number
  /** Most bytes of stdout kept (beyond: the run fails, the output would not be parsed anyway). */
  readonly maxOutputBytes?: number
  readonly cwd?: string
  readonly env?: NodeJS.ProcessEnv
}

export type ProcessOutcome = { readonly ok: true; readonly stdout: string; readonly stderr: string } | { readonly ok: false; readonly message: string; readonly stderr?: string }

/** Default cap on collected stdout: 64 MiB. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024
/** Characters of stderr quoted in an error message. */
const STDERR_QUOTE = 300

/** The last non-empty line of a process's stderr (a Python traceback ends with the error). */
export function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '')
  const last = lines[lines.length - 1] ?? ''
  return last.length > STDERR_QUOTE ? `${last.slice(0, STDERR_QUOTE)}…` : last
}

/**
 * Runs `command args…` and waits for it.
 * @returns its stdout and stderr when it exited with status 0, else why not (one line)
 */
export function runProcess(command: string, args: readonly string[], options: ProcessOptions): Promise<ProcessOutcome> {
  const cap = options.maxOutputBytes ?? MAX_OUTPUT_BYTES
  return new Promise((resolve) => {
    let settled = false
    const finish = (outcome: ProcessOutcome): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(outcome)
    }
    let child: ReturnType<typeof spawn>
    try {
      child = spawn(command, [...args], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] })
    } catch (error) {
      resolve({ ok: false, message: `${command} could not be started: ${error instanceof Error ? error.message : String(error)}` })
      return
    }
    const out: Buffer[] = []
    const err: Buffer[] = []
    let outBytes = 0
    let errBytes = 0
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      finish({ ok: false, message: `${command} did not finish within ${Math.round(options.timeoutMs / 1000)} s and was stopped` })
    }, options.timeoutMs)
    child.stdout?.on('data', (chunk: Buffer) => {
      outBytes += chunk.length
      if (outBytes > cap) {
        child.kill('SIGKILL')
        finish({ ok: false, message: `${command} printed more than ${cap} bytes; stopped` })
      } else out.push(chunk)
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      // Keep the tail only: a traceback's last line is the one that matters.
      errBytes += chunk.length
      err.push(chunk)
      while (errBytes > 65536 && err.length > 1) errBytes -= (err.shift() as Buffer).length
    })
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') finish({ ok: false, message: `${command} was not found` })
      else if (error.code === 'EACCES') finish({ ok: false, message: `${command} is not executable` })
      else finish({ ok: false, message: `${command} could not be started: ${error.message}` })
    })
    child.on('close', (code, signal) => {
      const stdout = Buffer.concat(out).toString('utf8')
      const stderr = Buffer.concat(err).toString('utf8')
      if (signal !== null) finish({ ok: false, message: `${command} was killed by ${signal}${lastLine(stderr) !== '' ? `: ${lastLine(stderr)}` : ''}`, stderr })
      else if (code !== 0) finish({ ok: false, message: `${command} exited with status ${code}${lastLine(stderr) !== '' ? `: ${lastLine(stderr)}` : ''}`, stderr })
      else finish({ ok: true, stdout, stderr })
    })
  })
}
