/**
 * Checking a generator's parameter values as typed in the form, against the generator's
 * definition (kind, min, max, allowed values).
 */
import type { GeneratorParamInfo } from '@shared/contract'

export type ParamValue = number | boolean | string

/**
 * Checks one typed value.
 * @param param the parameter's definition
 * @param raw what the form holds (a string from a text/number input, a boolean from a checkbox)
 * @returns the value, or what is wrong with it
 */
export function checkParam(param: GeneratorParamInfo, raw: unknown): { ok: true; value: ParamValue } | { ok: false; message: string } {
  const unit = param.unit !== undefined ? ` ${param.unit}` : ''
  switch (param.kind) {
    case 'boolean':
      return typeof raw === 'boolean' ? { ok: true, value: raw } : { ok: false, message: `${param.name}: expected true or false` }
    case 'enum': {
      const values = param.values ?? []
      return typeof raw === 'string' && values.includes(raw) ? { ok: true, value: raw } : { ok: false, message: `${param.name}: expected one of ${values.join(', ')}` }
    }
    case 'integer':
    case 'number': {
      const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : ''
      const n = Number(text)
      if (text === '' || !Number.isFinite(n)) return { ok: false, message: `${param.name}: expected a number${unit}` }
      if (param.kind === 'integer' && !Number.isInteger(n)) return { ok: false, message: `${param.name}: expected a whole number${unit}, got ${text}` }
      if (param.min !== undefined && n < param.min) return { ok: false, message: `${param.name}: at least ${param.min}${unit}, got ${text}` }
      if (param.max !== undefined && n > param.max) return { ok: false, message: `${param.name}: at most ${param.max}${unit}, got ${text}` }
      return { ok: true, value: n }
    }
  }
}
