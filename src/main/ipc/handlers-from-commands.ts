/**
 * IPC handlers from the command implementations: each handler drops the IPC event (the sender
 * was already checked) and calls the command with the checked arguments.
 */
import type { CommandName } from '../../shared/contract'
import type { CommandApi } from '../services/app-services'
import type { MainHandlers } from './typed-ipc-main'

/**
 * @param commands every command (a missing one is a compile error in `CommandApi`)
 * @returns the handlers for `handleAll`
 */
export function handlersFromCommands(commands: CommandApi): MainHandlers {
  const handlers: Record<string, unknown> = {}
  for (const name of Object.keys(commands) as CommandName[]) {
    const command = commands[name] as (...args: unknown[]) => unknown
    handlers[name] = (_event: unknown, ...args: unknown[]) => command(...args)
  }
  return handlers as MainHandlers
}
