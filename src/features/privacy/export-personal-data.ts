import { eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { queryRows } from '../../db/rows.ts'
import { quoteIdent } from '../../db/backup/catalog.ts'
import { people } from '../people/schema.ts'
import { applications } from '../applications/schema.ts'
import { memberships } from '../memberships/schema.ts'
import { AppError } from '../../lib/errors.ts'
import { personAddresses } from './person-addresses.ts'
import { applicationRules, emailRules, membershipRules, personRules, SECRET_COLUMN, type DataRule } from './policy.ts'

/** Everything Embassy holds about one person, by table, as a JSON document they can download. */
export interface PersonalData {
  format: 'embassy-personal-data'
  exportedAt: string
  person: Record<string, unknown>
  tables: Record<string, Record<string, unknown>[]>
}

const redact = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, SECRET_COLUMN.test(k) && v !== null ? '[not exported: secret]' : v]))

async function rowsWhere(db: Db, qualified: string, values: string[], caseless = false): Promise<Record<string, unknown>[]> {
  if (!values.length) return []
  const [table, column] = qualified.split('.') as [string, string]
  const col = caseless ? sql`lower(${sql.raw(quoteIdent(column))})` : sql.raw(quoteIdent(column))
  const list = sql.join(values.map((v) => sql`${caseless ? v.toLowerCase() : v}`), sql`, `)
  const rows = await queryRows<{ r: Record<string, unknown> }>(
    db,
    sql`select row_to_json(t.*) as r from ${sql.raw(quoteIdent(table))} t where ${col}::text in (${list})`,
  )
  return rows.map((r) => redact(r.r))
}

/** Collects the person's rows from every table a rule exports; secrets and their hashes are left out. */
export async function exportPersonalData(db: Db, personId: string, now: Date): Promise<PersonalData> {
  const [person] = await db.select().from(people).where(eq(people.id, personId))
  if (!person) throw new AppError('not_found', 'No such person.')
  const applicationIds = (await db.select({ id: applications.id }).from(applications).where(eq(applications.personId, personId))).map((a) => a.id)
  const membershipIds = (await db.select({ id: memberships.id }).from(memberships).where(inArray(memberships.personId, [personId]))).map((m) => m.id)
  const tables: Record<string, Record<string, unknown>[]> = {}
  const add = async (rules: Record<string, DataRule>, values: string[], caseless = false) => {
    for (const [qualified, rule] of Object.entries(rules)) {
      if (!rule.export || qualified.startsWith('people.')) continue
      const table = qualified.split('.')[0]!
      const rows = await rowsWhere(db, qualified, values, caseless)
      if (!rows.length) continue
      const seen = new Set((tables[table] ?? []).map((r) => JSON.stringify(r)))
      tables[table] = [...(tables[table] ?? []), ...rows.filter((r) => !seen.has(JSON.stringify(r)))]
    }
  }
  await add(personRules, [personId])
  await add(applicationRules, applicationIds)
  await add(membershipRules, membershipIds)
  await add(emailRules, await personAddresses(db, personId, person.email), true)
  return { format: 'embassy-personal-data', exportedAt: now.toISOString(), person: redact({ ...person }), tables }
}
