import { sql } from 'drizzle-orm'
import type { Db } from '../db/client.ts'
import { queryRows } from '../db/rows.ts'
import { AppError } from './errors.ts'
import { seal, unseal, UnsealError, type SealPurpose } from './sealed.ts'

/** Every column that holds values sealed under SECRET_KEY; a test fails on a sealed column missing here. */
export const sealedColumns: { table: string; column: string; purpose: SealPurpose }[] = [
  { table: 'credential_keys', column: 'secret_key_encrypted', purpose: 'credential signing keys' },
  { table: 'benefit_fulfilments', column: 'address_sealed', purpose: 'benefits' },
  { table: 'benefit_fulfilments', column: 'code_sealed', purpose: 'benefits' },
  { table: 'program_webhooks', column: 'secret_sealed', purpose: 'webhook secrets' },
]

/**
 * Re-seals every sealed value from the previous SECRET_KEY to the current one, in one transaction: all or
 * nothing. Values already sealed under the current key are left as they are, so it can run again safely.
 */
export async function resealSecrets(db: Db, keys: { previous: string; current: string }): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  await db.transaction(async (txn) => {
    const tx = txn as unknown as Db
    for (const { table, column, purpose } of sealedColumns) {
      const name = `${table}.${column}`
      counts[name] = 0
      const rows = await queryRows<{ id: string; value: string }>(tx, sql`select id::text as id, ${sql.identifier(column)} as value from ${sql.identifier(table)} where ${sql.identifier(column)} is not null`)
      for (const row of rows) {
        try {
          unseal(keys.current, purpose, row.value)
          continue
        } catch (err) {
          if (!(err instanceof UnsealError)) throw err
        }
        let plain: string
        try {
          plain = unseal(keys.previous, purpose, row.value)
        } catch {
          throw new AppError('conflict', `${name} of row ${row.id} opens with neither SECRET_KEY nor SECRET_KEY_PREVIOUS; nothing was changed`)
        }
        await tx.execute(sql`update ${sql.identifier(table)} set ${sql.identifier(column)} = ${seal(keys.current, purpose, plain)} where id::text = ${row.id}`)
        counts[name]++
      }
    }
  })
  return counts
}
