import { describe, expect, it } from 'vitest'
import { HELP_LINKS, isAllowedExternalUrl, openExternalSafely } from './external-links'

describe('external links', () => {
  it('allows https links to the allow-listed hosts only', () => {
    for (const url of Object.values(HELP_LINKS)) expect(isAllowedExternalUrl(url)).toBe(true)
    expect(isAllowedExternalUrl('https://github.com/python/cpython/blob/main/Python/gc.c')).toBe(true)
  })

  it('refuses everything else', () => {
    for (const url of [
      'http://docs.python.org/3/library/gc.html',
      'https://docs.python.org.evil.example/',
      'https://evil.example/?https://docs.python.org',
      'https://user:pw@docs.python.org/',
      'https://docs.python.org:8443/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,hi',
      'not a url',
      '',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false)
    }
  })

  it('opens only allowed links', async () => {
    const opened: string[] = []
    const open = async (url: string): Promise<void> => void opened.push(url)
    expect(openExternalSafely(open, 'https://docs.python.org/3/library/gc.html')).toBe(true)
    expect(openExternalSafely(open, 'https://evil.example/')).toBe(false)
    expect(opened).toEqual(['https://docs.python.org/3/library/gc.html'])
  })
})
