// Validates a credential against the 1EdTech OB 3.0 JSON Schema in shared/data (draft 2019-09, so Ajv2019),
// collecting Ajv's warnings too: the task asks for none.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv2019 } from 'ajv/dist/2019.js'
import addFormats from 'ajv-formats'

const here = path.dirname(fileURLToPath(import.meta.url))
/** Where the shared 1EdTech schema lives (the shared/ folder beside the repository). */
export const OB_SCHEMA_PATH = path.resolve(here, '../../../../../shared/data/openbadges/ob_v3p0_achievementcredential_schema.json')

let compiled: ReturnType<Ajv2019['compile']> | undefined
const warnings: string[] = []

/** Errors and warnings of validating `credential` against the shared schema. */
export function validateAgainstObSchema(credential: unknown): { errors: string[]; warnings: string[] } {
  if (!compiled) {
    const logger = { log: () => {}, warn: (...a: unknown[]) => void warnings.push(a.join(' ')), error: (...a: unknown[]) => void warnings.push(a.join(' ')) }
    const ajv = new Ajv2019({
      allErrors: true,
      strict: 'log',
      // The schema's @context is an open tuple (two fixed items, then any); strictTuples would flag the schema
      // itself, not the credential.
      strictTuples: false,
      logger,
    })
    ;(addFormats as unknown as (a: Ajv2019) => void)(ajv)
    compiled = ajv.compile(JSON.parse(fs.readFileSync(OB_SCHEMA_PATH, 'utf8')))
  }
  const ok = compiled(credential)
  return {
    errors: ok ? [] : (compiled.errors ?? []).map((e) => `${e.instancePath} ${e.message}`),
    // Compile-time warnings (strict mode, unknown formats) and any logged while validating.
    warnings: [...warnings],
  }
}
