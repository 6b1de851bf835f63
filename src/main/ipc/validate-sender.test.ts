import { describe, expect, it } from 'vitest'
import { checkSender, createSenderPolicy } from './validate-sender'

const PAGE = '/opt/HeapScope/resources/app/out/renderer/index.html'
const packaged = createSenderPolicy(PAGE)
const dev = createSenderPolicy(PAGE, 'http://localhost:5173/')

describe('validateSender', () => {
  it('accepts our file: page in the top frame (any hash or query)', () => {
    expect(checkSender({ url: `file://${PAGE}`, parent: null }, packaged)).toEqual({ ok: true })
    expect(checkSender({ url: `file://${PAGE}#/run`, parent: null }, packaged)).toEqual({ ok: true })
    expect(checkSender({ url: `file://${PAGE}?view=compare`, parent: null }, packaged)).toEqual({ ok: true })
  })

  it('accepts a page path with characters that URLs escape', () => {
    const spaced = createSenderPolicy('/Users/me/My Apps/HeapScope/out/renderer/index.html')
    expect(checkSender({ url: 'file:///Users/me/My%20Apps/HeapScope/out/renderer/index.html', parent: null }, spaced)).toEqual({ ok: true })
  })

  it('refuses other files, even next to our page', () => {
    expect(checkSender({ url: 'file:///opt/HeapScope/resources/app/out/renderer/other.html', parent: null }, packaged)).toMatchObject({ ok: false })
    expect(checkSender({ url: 'file:///tmp/evil.html', parent: null }, packaged)).toMatchObject({ ok: false, reason: expect.stringMatching(/not HeapScope's page/) })
    expect(checkSender({ url: `file://remote-host${PAGE}`, parent: null }, packaged)).toMatchObject({ ok: false })
  })

  it('refuses foreign origins, and the dev server when it is not configured', () => {
    expect(checkSender({ url: 'https://evil.example/', parent: null }, packaged)).toMatchObject({ ok: false, reason: 'origin https://evil.example is not HeapScope\'s' })
    expect(checkSender({ url: 'http://localhost:5173/', parent: null }, packaged)).toMatchObject({ ok: false })
    expect(checkSender({ url: 'data:text/html,<script>1</script>', parent: null }, dev)).toMatchObject({ ok: false })
    expect(checkSender({ url: 'about:blank', parent: null }, dev)).toMatchObject({ ok: false })
  })

  it('accepts the dev server origin in development, and nothing else on localhost', () => {
    expect(checkSender({ url: 'http://localhost:5173/', parent: null }, dev)).toEqual({ ok: true })
    expect(checkSender({ url: 'http://localhost:5173/src/index.html#x', parent: null }, dev)).toEqual({ ok: true })
    expect(checkSender({ url: 'http://localhost:5174/', parent: null }, dev)).toMatchObject({ ok: false })
    expect(checkSender({ url: 'https://localhost:5173/', parent: null }, dev)).toMatchObject({ ok: false })
    expect(checkSender({ url: 'http://127.0.0.1:5173/', parent: null }, dev)).toMatchObject({ ok: false })
    // The file page stays trusted in development too.
    expect(checkSender({ url: `file://${PAGE}`, parent: null }, dev)).toEqual({ ok: true })
  })

  it('refuses subframes, even of our own page', () => {
    expect(checkSender({ url: `file://${PAGE}`, parent: { url: `file://${PAGE}` } }, packaged)).toMatchObject({ ok: false, reason: 'messages from subframes are refused' })
    expect(checkSender({ url: 'http://localhost:5173/', parent: {} }, dev)).toMatchObject({ ok: false })
  })

  it('refuses a missing frame and unparsable URLs', () => {
    expect(checkSender(null, packaged)).toMatchObject({ ok: false, reason: 'the sending frame is gone' })
    expect(checkSender(undefined, packaged)).toMatchObject({ ok: false })
    expect(checkSender({ url: 'not a url', parent: null }, packaged)).toMatchObject({ ok: false, reason: expect.stringMatching(/unparsable/) })
    expect(checkSender({ url: '', parent: null }, packaged)).toMatchObject({ ok: false })
  })
})
