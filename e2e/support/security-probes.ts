/**
 * Security probes that run in the page, shared by the renderer and Electron specs: each tries
 * something the app's policies must forbid and reports what happened.
 */
import type { Page } from '@playwright/test'

export interface NodeGlobals {
  readonly require: string
  readonly process: string
  readonly module: string
  readonly Buffer: string
  readonly global: string
  readonly __dirname: string
}

/** `typeof` of the Node globals a non-isolated preload would leak. */
export function nodeGlobals(page: Page): Promise<NodeGlobals> {
  return page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>
    return {
      require: typeof w['require'],
      process: typeof w['process'],
      module: typeof w['module'],
      Buffer: typeof w['Buffer'],
      global: typeof w['global'],
      __dirname: typeof w['__dirname'],
    }
  })
}

/** What the bridge looks like from the page. */
export interface BridgeShape {
  readonly keys: string[]
  readonly allFunctions: boolean
  readonly frozen: boolean
  /** Whether the page could replace `window.heapscope` or add to it. */
  readonly replaceable: boolean
}

export function bridgeShape(page: Page): Promise<BridgeShape> {
  return page.evaluate(() => {
    const api = window.heapscope as unknown as Record<string, unknown>
    const keys = Object.keys(api)
    let replaceable = false
    try {
      ;(window as unknown as Record<string, unknown>)['heapscope'] = { hacked: true }
      replaceable ||= (window as unknown as Record<string, unknown>)['heapscope'] !== api
    } catch {
      // strict-mode assignment to a read-only property throws: not replaceable
    }
    try {
      api['extra'] = () => 'injected'
      replaceable ||= 'extra' in api
    } catch {
      // frozen
    }
    return { keys, allFunctions: keys.every((k) => typeof api[k] === 'function'), frozen: Object.isFrozen(api), replaceable }
  })
}

/** What the page's Content-Security-Policy let through. */
export interface CspProbe {
  readonly inlineScriptRan: boolean
  readonly evalAllowed: boolean
  readonly functionConstructorAllowed: boolean
  readonly inlineHandlerRan: boolean
  readonly foreignFetchAllowed: boolean
  /** `originalPolicy` of every violation reported while probing. */
  readonly violatedPolicies: string[]
  readonly violatedDirectives: string[]
}

export function probeContentSecurityPolicy(page: Page): Promise<CspProbe> {
  return page.evaluate(async () => {
    const w = window as unknown as Record<string, unknown>
    const violatedPolicies: string[] = []
    const violatedDirectives: string[] = []
    const onViolation = (event: SecurityPolicyViolationEvent): void => {
      violatedPolicies.push(event.originalPolicy)
      violatedDirectives.push(event.effectiveDirective)
    }
    document.addEventListener('securitypolicyviolation', onViolation)

    const script = document.createElement('script')
    script.textContent = 'window.__heapscopeInlineRan = true'
    document.head.append(script)

    // DevTools' own evaluation (page.evaluate) may run eval despite the CSP: try from a later task.
    const later = <T>(fn: () => T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(fn()), 0))
    const evalAllowed = await later(() => {
      try {
        return (0, eval)('1 + 1') === 2
      } catch {
        return false
      }
    })
    const functionConstructorAllowed = await later(() => {
      try {
        return new Function('return 2')() === 2
      } catch {
        return false
      }
    })

    const host = document.createElement('div')
    host.innerHTML = '<img src="data:," onerror="window.__heapscopeHandlerRan = true">'
    document.body.append(host)

    const foreignFetchAllowed = await fetch('https://example.com/', { mode: 'no-cors' }).then(
      () => true,
      () => false,
    )

    // Violation reports are queued as tasks: let them arrive.
    await new Promise((resolve) => setTimeout(resolve, 200))
    host.remove()
    script.remove()
    document.removeEventListener('securitypolicyviolation', onViolation)
    return {
      inlineScriptRan: w['__heapscopeInlineRan'] === true,
      evalAllowed,
      functionConstructorAllowed,
      inlineHandlerRan: w['__heapscopeHandlerRan'] === true,
      foreignFetchAllowed,
      violatedPolicies,
      violatedDirectives,
    }
  })
}

/** The page's `<meta http-equiv="Content-Security-Policy">` content, or null. */
export function metaPolicy(page: Page): Promise<string | null> {
  return page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null)
}

/** Splits a policy into directive → sources. */
export function parsePolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>()
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (name !== undefined && name !== '') directives.set(name.toLowerCase(), sources)
  }
  return directives
}
