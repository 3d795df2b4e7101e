import { randomBytes } from 'node:crypto'
import { eq, inArray, sql } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { quoteIdent } from '../../db/backup/catalog.ts'
import { AppError } from '../../lib/errors.ts'
import { people } from '../people/schema.ts'
import { applications } from '../applications/schema.ts'
import { memberships } from '../memberships/schema.ts'
import { auditLog } from '../audit/schema.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { credentials } from '../credentials/schema.ts'
import { revokeCredential } from '../credentials/revoke-credential.ts'
import { refuseLastAdmin } from '../accounts/last-admin.ts'
import { anonymiseApplications } from './anonymise-applications.ts'
import { personAddresses } from './person-addresses.ts'
import { applicationRules, emailRules, ERASED_HANDLE_PREFIX, ERASED_NAME, membershipRules, personRules, type DataRule } from './policy.ts'

/** What an erasure did, by table. */
export interface ErasureSummary {
  deleted: Record<string, number>
  detached: Record<string, number>
  anonymisedApplications: number
  revokedCredentials: number
}

export { ERASED_NAME }

async function applyRules(tx: Db, rules: Record<string, DataRule>, ids: string[], summary: ErasureSummary): Promise<void> {
  if (!ids.length) return
  const list = sql.join(ids.map((v) => sql`${v}`), sql`, `)
  for (const [qualified, rule] of Object.entries(rules)) {
    if (rule.erase === 'keep') continue
    const [table, column] = qualified.split('.') as [string, string]
    const rel = sql.raw(quoteIdent(table))
    const col = sql.raw(quoteIdent(column))
    const result =
      rule.erase === 'delete'
        ? await tx.execute(sql`delete from ${rel} where ${col} in (${list})`)
        : await tx.execute(sql`update ${rel} set ${col} = null where ${col} in (${list})`)
    const n = (result as unknown as { affectedRows?: number; rowCount?: number }).affectedRows ?? (result as unknown as { rowCount?: number }).rowCount ?? 0
    const bucket = rule.erase === 'delete' ? summary.deleted : summary.detached
    if (n) bucket[table] = (bucket[table] ?? 0) + n
  }
}

/**
 * Erases a person (their own request, or an admin acting on one), in one transaction: rows that are theirs
 * alone are deleted, references in others' records are cut, applications are anonymised in place, credentials
 * revoked (unless the deployment keeps them), the person row becomes "Deleted person", and audit entries about
 * them keep what happened and when but lose their before/after contents. The erasure itself is audited.
 * The site's only admin is refused (409): deleting them would leave nobody to run it.
 */
export async function erasePerson(deps: Pick<AppDeps, 'db' | 'clock' | 'config'>, personId: string, actor: string): Promise<ErasureSummary> {
  return deps.db.transaction(async (txn) => {
    const tx = txn as unknown as Db
    const [person] = await tx.select().from(people).where(eq(people.id, personId)).for('update')
    if (!person) throw new AppError('not_found', 'No such person.')
    if (person.displayName === ERASED_NAME && person.email === null && person.handle.startsWith(ERASED_HANDLE_PREFIX)) {
      throw new AppError('conflict', 'This account has already been deleted.')
    }
    await refuseLastAdmin(tx, personId, 'delete')
    // Collected before the identities go: the addresses an added identity holds are the person's too.
    const addresses = await personAddresses(tx, personId, person.email)
    const summary: ErasureSummary = { deleted: {}, detached: {}, anonymisedApplications: 0, revokedCredentials: 0 }
    const applicationIds = (await tx.select({ id: applications.id }).from(applications).where(eq(applications.personId, personId))).map((a) => a.id)
    const membershipIds = (await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.personId, personId))).map((m) => m.id)

    if (membershipIds.length && deps.config.erasureCredentials === 'revoke') {
      const held = await tx.select({ id: credentials.id }).from(credentials).where(inArray(credentials.membershipId, membershipIds))
      for (const c of held) {
        const { changed } = await revokeCredential({ db: tx, clock: deps.clock }, c.id, 'The holder deleted their account.', actor)
        if (changed) summary.revokedCredentials++
      }
    }
    await applyRules(tx, applicationRules, applicationIds, summary)
    await applyRules(tx, membershipRules, membershipIds, summary)
    await applyRules(tx, personRules, [personId], summary)
    for (const address of addresses) await eraseAddress(tx, address, summary)
    summary.anonymisedApplications = await anonymiseApplications(tx, applicationIds)

    const mentioned = [personId, ...applicationIds, ...membershipIds]
    await tx.update(auditLog).set({ before: null, after: null }).where(inArray(auditLog.entityId, mentioned))
    await tx
      .update(people)
      .set({
        displayName: ERASED_NAME,
        handle: `${ERASED_HANDLE_PREFIX}${randomBytes(6).toString('hex')}`,
        searchKey: '',
        githubLogin: null,
        email: null,
        country: null,
        bio: '',
        updatedAt: deps.clock(),
      })
      .where(eq(people.id, personId))
    await recordAudit(tx, { actor, action: 'person.erase', entity: 'person', entityId: personId, after: summary })
    return summary
  })
}

/** Rows found by the person's email address: removed, or kept with the address and contents blanked. */
async function eraseAddress(tx: Db, email: string, summary: ErasureSummary): Promise<void> {
  for (const [qualified, rule] of Object.entries(emailRules)) {
    if (rule.erase === 'keep') continue
    const [table, column] = qualified.split('.') as [string, string]
    const rel = sql.raw(quoteIdent(table))
    const col = sql.raw(quoteIdent(column))
    const match = sql`lower(${col}) = ${email.toLowerCase()}`
    const result =
      rule.erase === 'delete'
        ? await tx.execute(sql`delete from ${rel} where ${match}`)
        : await tx.execute(sql`update ${rel} set ${sql.join([sql`${col} = 'erased@invalid'`, ...Object.entries(rule.blank ?? {}).map(([c, v]) => sql`${sql.raw(quoteIdent(c))} = ${v}`)], sql`, `)} where ${match}`)
    const n = (result as unknown as { affectedRows?: number; rowCount?: number }).affectedRows ?? (result as unknown as { rowCount?: number }).rowCount ?? 0
    const bucket = rule.erase === 'delete' ? summary.deleted : summary.detached
    if (n) bucket[table] = (bucket[table] ?? 0) + n
  }
}
