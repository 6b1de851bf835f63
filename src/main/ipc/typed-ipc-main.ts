/**
 * Registers every command handler from one object typed by the contract: forgetting a command
 * is a compile error. Each wrapper first checks the sender frame, then the arguments with the
 * command's guard, and only then calls the handler with the checked values.
 */
import type { IpcMainInvokeEvent } from 'electron'
import { CHANNELS, type CommandArgs, type CommandName, type CommandResult } from '../../shared/contract'
import { COMMAND_GUARDS, type ArgsGuard } from './validate'
import { checkSender, type SenderFrame, type SenderPolicy } from './validate-sender'

/** One handler per command, receiving the checked arguments. */
export type MainHandlers = {
  readonly [K in CommandName]: (event: IpcMainInvokeEvent, ...args: CommandArgs<K>) => CommandResult<K> | Promise<CommandResult<K>>
}

/** The parts of Electron's `ipcMain` used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void
  removeHandler(channel: string): void
}

export type CommandGuards = { readonly [K in CommandName]: ArgsGuard<K> }

export interface HandleAllOptions {
  readonly policy: SenderPolicy
  /** Guards per command (default: `COMMAND_GUARDS`). */
  readonly guards?: CommandGuards
  /** Where refusals are logged (default: console.warn). */
  readonly log?: (message: string) => void
}

/** A refused message: the renderer's `invoke` rejects with this. */
export class IpcRefusedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'IpcRefusedError'
  }
}

function register<K extends CommandName>(ipc: IpcMainLike, command: K, handler: MainHandlers[K], guard: ArgsGuard<K>, options: HandleAllOptions, log: (message: string) => void): void {
  ipc.handle(CHANNELS[command], (event, ...raw) => {
    const sender = checkSender(event.senderFrame as SenderFrame | null, options.policy)
    if (!sender.ok) {
      log(`HeapScope refused ${command}: ${sender.reason}`)
      throw new IpcRefusedError(`${command} refused: untrusted sender`)
    }
    const checked = guard(raw)
    if (!checked.ok) {
      log(`HeapScope refused ${command}: ${checked.reason}`)
      throw new IpcRefusedError(`${command}: invalid arguments: ${checked.reason}`)
    }
    return (handler as (event: IpcMainInvokeEvent, ...args: CommandArgs<K>) => unknown)(event, ...checked.value)
  })
}

/**
 * Registers all handlers.
 * @param ipc Electron's `ipcMain`
 * @param handlers one per command
 * @param options the sender policy (and guards, for tests)
 * @returns a function that removes every handler
 */
export function handleAll(ipc: IpcMainLike, handlers: MainHandlers, options: HandleAllOptions): () => void {
  const guards = options.guards ?? COMMAND_GUARDS
  const log = options.log ?? ((message: string): void => console.warn(message))
  const commands = Object.keys(guards) as CommandName[]
  for (const command of commands) register(ipc, command, handlers[command] as never, guards[command] as never, options, log)
  return () => {
    for (const command of commands) ipc.removeHandler(CHANNELS[command])
  }
}
