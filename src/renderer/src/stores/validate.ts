/**
 * The validate store: the Python interpreters found on the machine, which ones to check the
 * loaded scenario against, and the side-by-side result (simulated vs real).
 */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { InterpreterInfo, ValidationReply } from '@shared/contract'
import { client } from '@renderer/api/client'
import { describeError } from './app'

export const useValidateStore = defineStore('validate', () => {
  const interpreters = shallowRef<readonly InterpreterInfo[]>([])
  const listed = ref(false)
  const picked = ref<string[]>([])
  const reply = shallowRef<ValidationReply | null>(null)
  const busy = ref(false)
  const message = ref<string | null>(null)

  /** The listing in progress: the view asks on mount and on activation, which on a first show are both. */
  let listing: Promise<void> | null = null

  /** Looks for interpreters (pyenv, PATH); a call while a listing runs gets that listing. */
  function refresh(): Promise<void> {
    listing ??= list().finally(() => (listing = null))
    return listing
  }

  async function list(): Promise<void> {
    try {
      interpreters.value = await client().listInterpreters()
      listed.value = true
      picked.value = interpreters.value.filter((i) => i.preset !== null).map((i) => i.path)
      message.value = interpreters.value.length === 0 ? 'No Python interpreter found on this machine (looked in pyenv and PATH): install CPython 3.11, 3.12 or 3.13 to check the model.' : null
    } catch (error) {
      listed.value = true
      message.value = `Could not look for interpreters: ${describeError(error)}`
    }
  }

  function toggle(path: string): void {
    picked.value = picked.value.includes(path) ? picked.value.filter((p) => p !== path) : [...picked.value, path]
  }

  /**
   * Runs the loaded scenario on the picked interpreters and in the simulator.
   * @param scenarioId the loaded scenario
   */
  async function validate(scenarioId: string): Promise<void> {
    if (picked.value.length === 0) {
      message.value = interpreters.value.length === 0 ? 'No Python interpreter found: nothing to validate against.' : 'Pick at least one interpreter.'
      return
    }
    busy.value = true
    message.value = null
    try {
      const result = await client().validateScenario(scenarioId, [...picked.value])
      reply.value = result
      if (!result.ok) message.value = `Validation is not available: ${result.reason}`
    } catch (error) {
      message.value = `Validation failed: ${describeError(error)}`
    } finally {
      busy.value = false
    }
  }

  return { interpreters, listed, picked, reply, busy, message, refresh, toggle, validate }
})
