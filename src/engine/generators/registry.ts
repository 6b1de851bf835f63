/**
 * Every workload generator, by id. Add new generators here (their parameters appear in the
 * JSON Schema and the app's generator form automatically).
 */
import { DOUBLY_LINKED_LIST } from './doubly-linked-list'
import { FINALIZERS } from './finalizers'
import { FRAGMENTATION } from './fragmentation'
import type { GeneratorDef } from './generator'
import { LARGE_OBJECT_CHURN } from './large-object-churn'
import { LIST_APPEND_GROWTH } from './list-append-growth'
import { LRU_CACHE } from './lru-cache'
import { NUMERIC_LOOP } from './numeric-loop'
import { RANDOM_GRAPH } from './random-graph'
import { STARTUP_THEN_STEADY } from './startup-then-steady'
import { STRING_BUILDING } from './string-building'
import { TREE_WITH_PARENTS } from './tree-with-parents'
import { WEB_REQUESTS } from './web-requests'

export const GENERATORS: readonly GeneratorDef[] = [
  WEB_REQUESTS,
  LRU_CACHE,
  DOUBLY_LINKED_LIST,
  TREE_WITH_PARENTS,
  RANDOM_GRAPH,
  FINALIZERS,
  NUMERIC_LOOP,
  STRING_BUILDING,
  LIST_APPEND_GROWTH,
  FRAGMENTATION,
  LARGE_OBJECT_CHURN,
  STARTUP_THEN_STEADY,
]
