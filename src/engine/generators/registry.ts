/**
 * Every workload generator, by id. Add new generators here (their parameters appear in the
 * JSON Schema and the app's generator form automatically).
 */
import type { GeneratorDef } from './generator'
import { WEB_REQUESTS } from './web-requests'

export const GENERATORS: readonly GeneratorDef[] = [WEB_REQUESTS]
