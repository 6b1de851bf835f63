/**
 * Request/response churn of a web service: each request builds a Request instance with a
 * headers dict of str values, a few tuples and lists, a Response (optionally with a body large
 * enough for the raw heap), and with some probability leaves a Request ↔ Response reference
 * cycle that only the cyclic collector can free. Every k-th response can be kept alive (a
 * growing session store).
 */
import type { Statement } from '../scenario/ast'
import { builder, keepEvery, num } from './build'
import type { GeneratorDef } from './generator'

export const WEB_REQUESTS: GeneratorDef = {
  id: 'web-requests',
  title: 'Web request churn',
  description: 'Per request: a Request with a headers dict of strings, tuples, lists and a Response; a fraction of requests leave a Request ↔ Response cycle.',
  params: [
    { name: 'requests', kind: 'integer', min: 1, max: 100_000_000, default: 10_000, description: 'requests handled' },
    { name: 'headers', kind: 'integer', min: 0, max: 15, default: 6, description: 'str-valued entries in each request’s headers dict' },
    { name: 'string_length', kind: 'integer', min: 2, max: 100_000, default: 24, unit: 'characters', description: 'length of each header value' },
    { name: 'tuples', kind: 'integer', min: 0, max: 20, default: 3, description: 'tuples built per request' },
    { name: 'lists', kind: 'integer', min: 0, max: 10, default: 1, description: 'lists built per request (each holds the tuples)' },
    { name: 'body_bytes', kind: 'integer', min: 0, max: 100_000_000, default: 0, unit: 'bytes', description: 'size of the response body (0: none; above 512 it lives in the raw heap)' },
    { name: 'cycle_probability', kind: 'number', min: 0, max: 1, default: 0.05, description: 'fraction of requests that leave a Request ↔ Response cycle' },
    { name: 'keep_every', kind: 'integer', min: 0, max: 100_000_000, default: 0, description: 'keep every k-th response alive in the module-level keep list (0: keep none)' },
  ],
  expand(p, ctx) {
    const b = builder(ctx.loc)
    const request = `${ctx.prefix}_Request`
    const response = `${ctx.prefix}_Response`
    const handler = `${ctx.prefix}_handle`
    const body: Statement[] = [b.let('req', b.instance(request))]
    const headerItems: [string, ReturnType<typeof b.str>][] = []
    for (let h = 0; h < (p['headers'] as number); h++) headerItems.push([`h${h}`, b.str(p['string_length'] as number)])
    body.push(b.let('headers', b.dict(headerItems)), b.setattr('req', 'headers', 'headers'))
    const tuples: string[] = []
    for (let t = 0; t < (p['tuples'] as number); t++) {
      body.push(b.let(`t${t}`, b.tuple(['n', b.float()])))
      tuples.push(`t${t}`)
    }
    for (let l = 0; l < (p['lists'] as number); l++) body.push(b.let(`l${l}`, b.list(tuples)), b.setattr('req', `l${l}`, `l${l}`))
    body.push(b.let('resp', b.instance(response)), b.setattr('resp', 'req', 'req'))
    if ((p['body_bytes'] as number) > 0) body.push(b.setattr('resp', 'body', b.bytes(p['body_bytes'] as number)))
    const cycle = p['cycle_probability'] as number
    if (cycle >= 1) body.push(b.setattr('req', 'resp', 'resp'))
    else if (cycle > 0) body.push(b.choose([{ weight: cycle, body: [b.setattr('req', 'resp', 'resp')] }, { weight: 1 - cycle, body: [] }]))
    const loop: Statement[] = [b.call(handler, ['n'], ['i'], body, 'resp', 'r')]
    loop.push(...keepEvery(b, num(p, 'keep_every'), 'r'))
    return {
      classes: [b.classDef(request), b.classDef(response)],
      globals: [],
      statements: [b.repeat(p['requests'] as number, 'i', loop)],
    }
  },
}
