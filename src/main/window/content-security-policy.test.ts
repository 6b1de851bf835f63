import { describe, expect, it, vi } from 'vitest'
import { contentSecurityPolicy, installContentSecurityPolicy, isOwnUrl } from './content-security-policy'

vi.mock('electron', () => ({}))

describe('content security policy', () => {
  it('allows scripts only from our origin and no objects, frames or forms', () => {
    const policy = contentSecurityPolicy()
    expect(policy).toContain("default-src 'none'")
    expect(policy).toContain("script-src 'self'")
    expect(policy).not.toMatch(/script-src[^;]*unsafe/)
    expect(policy).toContain("object-src 'none'")
    expect(policy).toContain("frame-ancestors 'none'")
    expect(policy).toContain("connect-src 'self';")
  })

  it('lets the dev server’s hot-reload socket connect in development', () => {
    expect(contentSecurityPolicy('http://localhost:5173/')).toContain("connect-src 'self' http://localhost:5173 ws://localhost:5173")
  })

  it('is added to our pages’ responses only, replacing any CSP header there', () => {
    let listener: ((details: { url: string; responseHeaders?: Record<string, string[]> }, callback: (response: object) => void) => void) | undefined
    const session = { webRequest: { onHeadersReceived: (l: typeof listener) => (listener = l) } }
    installContentSecurityPolicy(session as never)
    const answers: object[] = []
    listener?.({ url: 'file:///app/out/renderer/index.html', responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } }, (r) => answers.push(r))
    listener?.({ url: 'https://docs.python.org/' }, (r) => answers.push(r))
    expect(answers[0]).toEqual({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [contentSecurityPolicy()] } })
    expect(answers[1]).toEqual({})
  })

  it('recognises our URLs', () => {
    expect(isOwnUrl('file:///x/index.html')).toBe(true)
    expect(isOwnUrl('http://localhost:5173/x', 'http://localhost:5173')).toBe(true)
    expect(isOwnUrl('http://localhost:5173/x')).toBe(false)
    expect(isOwnUrl('garbage')).toBe(false)
  })
})
