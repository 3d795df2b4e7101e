// Bulk issuance of many memberships' credentials at once: one query for the memberships, the signing key
// decrypted once, the status positions taken in one update per list, and the credentials and their audit
// entries written with one multi-row statement each, in one transaction. The same rules as issueCredential:
// one credential per membership and term (the unique index decides; a membership issued meanwhile by someone
// else keeps theirs), nothing for revoked memberships.
import { randomUUID } from 'node:crypto'
import { inArray } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { memberships } from '../memberships/schema.ts'
import { allocateStatusPositions } from './allocate-status-position.ts'
import { selectIssuable } from './issue-credential.ts'
import { buildCredential } from './build-credential.ts'
import { offlineDocumentLoader } from './document-loader.ts'
import { baseUrlOf, issuerDidFor, type DidMethod } from './issuer.ts'
import type { SigningKey } from './keys.ts'
import { credentials } from './schema.ts'
import { signCredential } from './sign-credential.ts'
import { statusListUrl } from './status-list.ts'

/** One membership to issue for. */
export interface BatchItem {
  membershipId: string
  didMethod?: DidMethod
  actor?: string
}

/** What happened to each membership of a batch. */
export type BatchOutcome = { membershipId: string } & ({ ok: true; id: string; created: boolean } | { ok: false })

type IssueDeps = Pick<AppDeps, 'db' | 'config' | 'clock'>

const loader = offlineDocumentLoader()

/**
 * Issues the credentials of `items` (signed with `key`), skipping memberships that have one for their term.
 * Memberships that are missing or revoked come back `ok: false`: the caller lets the one-by-one path report them.
 */
export async function issueMembershipBatch(deps: IssueDeps, items: BatchItem[], key: SigningKey): Promise<BatchOutcome[]> {
  const ids = [...new Set(items.map((i) => i.membershipId))]
  if (ids.length === 0) return []
  const rows = new Map((await selectIssuable(deps.db).where(inArray(memberships.id, ids))).map((r) => [r.membership.id, r]))
  const existing = await deps.db
    .select({ id: credentials.id, membershipId: credentials.membershipId, validFrom: credentials.validFrom, validUntil: credentials.validUntil })
    .from(credentials)
    .where(inArray(credentials.membershipId, ids))
  const issuedFor = new Map<string, string>()
  for (const e of existing) {
    const m = rows.get(e.membershipId)?.membership
    if (m && e.validFrom.getTime() === m.termStart.getTime() && e.validUntil.getTime() === m.termEnd.getTime()) issuedFor.set(e.membershipId, e.id)
  }

  const outcomes = new Map<string, BatchOutcome>()
  const todo: Array<{ item: BatchItem; row: NonNullable<ReturnType<typeof rows.get>> }> = []
  for (const item of items) {
    if (outcomes.has(item.membershipId) || todo.some((t) => t.item.membershipId === item.membershipId)) continue
    const row = rows.get(item.membershipId)
    const done = issuedFor.get(item.membershipId)
    if (done) outcomes.set(item.membershipId, { membershipId: item.membershipId, ok: true, id: done, created: false })
    else if (!row || row.membership.status === 'revoked') outcomes.set(item.membershipId, { membershipId: item.membershipId, ok: false })
    else todo.push({ item, row })
  }

  if (todo.length) {
    const base = baseUrlOf(deps.config)
    const now = deps.clock()
    await deps.db.transaction(async (tx) => {
      const t = tx as unknown as Db
      // Positions per community (a batch is normally one cohort, so one community).
      const byCommunity = new Map<string, typeof todo>()
      for (const entry of todo) byCommunity.set(entry.row.community.id, [...(byCommunity.get(entry.row.community.id) ?? []), entry])
      const values: Array<typeof credentials.$inferInsert> = []
      const audits: Array<{ id: string; membershipId: string; issuerDid: string; listId: string; index: number; actor: string }> = []
      for (const [communityId, entries] of byCommunity) {
        const positions = await allocateStatusPositions(t, communityId, entries.length)
        for (const [n, { item, row }] of entries.entries()) {
          const { listId, index } = positions[n]!
          const method = item.didMethod ?? 'web'
          const issuerDid = issuerDidFor(deps.config, key, method)
          const id = randomUUID()
          const unsigned = buildCredential({
            baseUrl: base,
            credentialId: id,
            issuerDid,
            community: row.community,
            program: row.program,
            cohort: row.cohort,
            role: row.membership.role,
            recipientName: row.recipientName,
            validFrom: row.membership.termStart,
            validUntil: row.membership.termEnd,
            status: { listUrl: statusListUrl(base, listId, method === 'key' ? key.id : undefined), index },
          })
          const signed = await signCredential(unsigned, { key, issuerDid, created: now, documentLoader: loader })
          values.push({
            id,
            membershipId: row.membership.id,
            validFrom: row.membership.termStart,
            validUntil: row.membership.termEnd,
            recipientName: row.recipientName,
            statusListId: listId,
            statusListIndex: index,
            credential: JSON.stringify(signed),
            keyId: key.id,
            issuedAt: now,
          })
          audits.push({ id, membershipId: row.membership.id, issuerDid, listId, index, actor: item.actor ?? 'system' })
        }
      }
      const inserted = await t
        .insert(credentials)
        .values(values)
        .onConflictDoNothing({ target: [credentials.membershipId, credentials.validFrom, credentials.validUntil] })
        .returning({ id: credentials.id, membershipId: credentials.membershipId })
      const written = new Set(inserted.map((r) => r.id))
      await recordAudit(
        t,
        ...audits
          .filter((a) => written.has(a.id))
          .map((a) => ({
            actor: a.actor,
            action: 'credential.issue',
            entity: 'credential',
            entityId: a.id,
            after: { membershipId: a.membershipId, keyId: key.id, issuer: a.issuerDid, statusListId: a.listId, statusListIndex: a.index },
          })),
      )
      for (const a of audits) if (written.has(a.id)) outcomes.set(a.membershipId, { membershipId: a.membershipId, ok: true, id: a.id, created: true })
    })
    // Issued by someone else between our read and our insert: theirs is the credential (our positions stay unused).
    const raced = todo.filter((t) => !outcomes.has(t.item.membershipId))
    if (raced.length) {
      const winners = await deps.db
        .select({ id: credentials.id, membershipId: credentials.membershipId, validFrom: credentials.validFrom })
        .from(credentials)
        .where(inArray(credentials.membershipId, raced.map((r) => r.item.membershipId)))
      for (const w of winners) {
        const term = rows.get(w.membershipId)!.membership.termStart
        if (w.validFrom.getTime() === term.getTime()) outcomes.set(w.membershipId, { membershipId: w.membershipId, ok: true, id: w.id, created: false })
      }
    }
  }
  return items.map((i) => outcomes.get(i.membershipId) ?? { membershipId: i.membershipId, ok: false })
}
