import { expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { describeDb } from '../../tests/support/db.ts'
import { queryRows } from '../db/rows.ts'
import { createSigningKey, signingKeyById } from '../features/credentials/keys.ts'
import { secretsRotateCommand } from '../commands/secrets.ts'
import { sealedColumns } from './reseal.ts'

const OLD = 'the-old-secret-key-of-this-deployment-0123456789'
const NEW = 'the-new-secret-key-of-this-deployment-9876543210'

describeDb('rotating SECRET_KEY', (ctx) => {
  const run = async (secretKey: string, previous: string | undefined) => {
    const base = ctx()
    const lines: string[] = []
    const code = await secretsRotateCommand.run({ ...base, secretKey, config: { ...base.config, secretKeyPrevious: previous } }, {}, { out: (l) => lines.push(l), err: (l) => lines.push(l) })
    return { code, lines }
  }

  it('lists every sealed column of the schema', async () => {
    const columns = await queryRows<{ name: string }>(
      ctx().db,
      sql`select table_name || '.' || column_name as name from information_schema.columns
          where table_schema = 'public' and (column_name like '%sealed%' or column_name like '%encrypted%') order by 1`,
    )
    expect(columns.map((c) => c.name)).toEqual(sealedColumns.map((c) => `${c.table}.${c.column}`).sort())
  })

  it('re-seals signing keys under the new key, all or nothing, and can run again', async () => {
    const { db } = ctx()
    const key = await createSigningKey(db, OLD)
    expect((await run(NEW, undefined)).code).toBe(2)
    expect((await run(NEW, 'x'.repeat(40))).lines.join('\n')).toMatch(/credential_keys.secret_key_encrypted of row .* opens with neither SECRET_KEY nor SECRET_KEY_PREVIOUS; nothing was changed/)
    expect((await signingKeyById(db, OLD, key.id))?.secretKeyMultibase).toBeTruthy()
    const rotated = await run(NEW, OLD)
    expect(rotated.code).toBe(0)
    expect(rotated.lines).toContain('credential_keys.secret_key_encrypted: 1 re-sealed')
    const opened = await signingKeyById(db, NEW, key.id)
    expect(opened?.publicKeyMultibase).toBe(key.publicKeyMultibase)
    await expect(signingKeyById(db, OLD, key.id)).rejects.toThrow(/SECRET_KEY differs/)
    expect((await run(NEW, OLD)).lines).toContain('credential_keys.secret_key_encrypted: 0 re-sealed')
  })
})
