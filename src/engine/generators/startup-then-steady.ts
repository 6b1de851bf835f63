/**
 * A server's life: an import-like burst of long-lived objects (module namespaces holding
 * functions, classes' dicts, tuples of constants and str names), then optionally `gc.freeze()`
 * (what a pre-fork server does before forking workers, so the collector never touches or
 * copy-on-write-faults those objects), then steady request churn with an occasional cycle.
 * Without the freeze every full collection walks the whole startup heap.
 */
import type { Statement } from '../scenario/ast'
import { builder, chance, flag, num } from './build'
import type { GeneratorDef } from './generator'

export const STARTUP_THEN_STEADY: GeneratorDef = {
  id: 'startup-then-steady',
  title: 'Startup burst, then steady state',
  description: 'Imports modules (long-lived dicts, functions, tuples and names), optionally collects and freezes them, then serves requests that churn short-lived objects.',
  params: [
    { name: 'modules', kind: 'integer', min: 0, max: 1_000_000, default: 200, description: 'modules imported at startup' },
    { name: 'objects_per_module', kind: 'integer', min: 1, max: 100_000, default: 50, description: 'functions (each with a name str and a constants tuple) per module' },
    { name: 'freeze', kind: 'boolean', default: true, description: 'gc.collect() then gc.freeze() after startup (moves the startup heap to the permanent generation)' },
    { name: 'requests', kind: 'integer', min: 0, max: 100_000_000, default: 50_000, description: 'requests served in the steady state' },
    { name: 'objects_per_request', kind: 'integer', min: 1, max: 1_000, default: 4, description: 'short-lived dicts made per request' },
    { name: 'cycle_probability', kind: 'number', min: 0, max: 1, default: 0.02, description: 'fraction of requests that leave a reference cycle' },
  ],
  expand(p, ctx) {
    const b = builder(ctx.loc)
    const module = `${ctx.prefix}_Module`
    const handler = `${ctx.prefix}_Handler`
    const statements: Statement[] = [b.phase('startup')]
    if (num(p, 'modules') > 0) {
      const load: Statement[] = [
        b.let('mod', b.instance(module, [b.str(20)])),
        b.let('ns', b.dict()),
        b.setattr('mod', 'namespace', 'ns'),
        b.repeat(num(p, 'objects_per_module'), 'j', [
          b.let('f', b.fn()),
          b.setitem('ns', b.indexKey('f'), b.tuple([b.str(16), b.tuple([b.str(8), b.int(2)])])),
        ]),
      ]
      statements.push(b.repeat(num(p, 'modules'), 'i', [b.call(`${ctx.prefix}_import`, [], [], load, 'mod', 'loaded'), b.keep('loaded')]))
    }
    if (flag(p, 'freeze')) statements.push(b.gcCollect(2), b.gcFreeze())
    if (num(p, 'requests') > 0) {
      const serve: Statement[] = [b.let('h', b.instance(handler))]
      for (let k = 0; k < num(p, 'objects_per_request'); k++) serve.push(b.let(`d${k}`, b.dict([['id', 'n'], ['v', b.float()]])))
      serve.push(b.setattr('h', 'data', b.list([`d0`, b.str(24)])), ...chance(b, num(p, 'cycle_probability'), [b.setattr('h', 'me', 'h')]))
      statements.push(b.phase('steady state'), b.repeat(num(p, 'requests'), 'i', [b.call(`${ctx.prefix}_serve`, ['n'], ['i'], serve)]))
    }
    return { classes: [b.classDef(module, { init: ['name'] }), b.classDef(handler)], globals: [], statements }
  },
}
