/**
 * The scenario language's JSON Schema, generated from the definition the validator uses and
 * committed as `schema/scenario.schema.json` (by `scripts/generate-schema.mjs`; a test checks the
 * committed file is up to date).
 */
import { generateJsonSchema } from './json-schema'
import { SCENARIO } from './scenario-definition'

/** Where the schema is committed, relative to the repository root. */
export const SCENARIO_SCHEMA_PATH = 'schema/scenario.schema.json'

/** The schema as a JSON object. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return generateJsonSchema(SCENARIO, {
    title: 'HeapScope scenario',
    description:
      'A workload for HeapScope, the simulator of CPython\'s memory manager: classes, module-level containers and the body of run() as statements. See docs/scenario-language.md.'
  })
}

/** The exact text of the committed schema file. */
export function scenarioSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`
}
