import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { memberships } from '../memberships/schema.ts'
import { people } from '../people/schema.ts'
import { cohorts, communities, programs } from '../programs/schema.ts'
import { allocateStatusPosition } from './allocate-status-position.ts'
import { buildCredential } from './build-credential.ts'
import { offlineDocumentLoader } from './document-loader.ts'
import { baseUrlOf, issuerDidFor, type DidMethod } from './issuer.ts'
import { currentSigningKey, type SigningKey } from './keys.ts'
import { credentials } from './schema.ts'
import { signCredential } from './sign-credential.ts'
import { statusListUrl } from './status-list.ts'

/** Options of issueCredential. */
export interface IssueOptions {
  /** Issuer identifier: the deployment's did:web (default) or the key's did:key. */
  didMethod?: DidMethod
  /** Who issues, for the audit log. */
  actor?: string
  /** The key to sign with (bulk issuance decrypts it once); the newest key otherwise. */
  key?: SigningKey
}

type IssueDeps = Pick<AppDeps, 'db' | 'config' | 'secretKey' | 'clock'>

const loader = offlineDocumentLoader()

class AlreadyIssued extends Error {}

async function findExisting(db: Db, membershipId: string, from: Date, until: Date) {
  const [row] = await db
    .select({ id: credentials.id })
    .from(credentials)
    .where(and(eq(credentials.membershipId, membershipId), eq(credentials.validFrom, from), eq(credentials.validUntil, until)))
    .limit(1)
  return row
}

/** Memberships with everything their credential names (person, cohort, program, community); add the `where`. */
export function selectIssuable(db: Db) {
  return db
    .select({
      membership: memberships,
      recipientName: people.displayName,
      cohort: { slug: cohorts.slug, title: cohorts.title, year: cohorts.year },
      program: { slug: programs.slug, name: programs.name, summary: programs.summary, roleMd: programs.roleMd },
      community: { id: communities.id, slug: communities.slug, name: communities.name, websiteUrl: communities.websiteUrl, logoUrl: communities.logoUrl },
    })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .innerJoin(cohorts, eq(cohorts.id, memberships.cohortId))
    .innerJoin(programs, eq(programs.id, cohorts.programId))
    .innerJoin(communities, eq(communities.id, programs.communityId))
}

/**
 * Issues the Open Badges 3.0 credential of a membership's term, once: a second call (or a concurrent one, or a
 * retried job) returns the credential already issued. Position, credential and audit entry are one transaction.
 */
export async function issueCredential(deps: IssueDeps, membershipId: string, options: IssueOptions = {}): Promise<{ id: string; created: boolean }> {
  const [m] = await selectIssuable(deps.db).where(eq(memberships.id, membershipId)).limit(1)
  if (!m) throw new AppError('not_found', `No membership ${membershipId}.`)
  const { termStart, termEnd } = m.membership
  const existing = await findExisting(deps.db, membershipId, termStart, termEnd)
  if (existing) return { id: existing.id, created: false }
  if (m.membership.status === 'revoked') throw new AppError('conflict', 'This membership was revoked: no credential is issued for it.')

  const key = options.key ?? (await currentSigningKey(deps.db, deps.secretKey))
  const method = options.didMethod ?? 'web'
  const issuerDid = issuerDidFor(deps.config, key, method)
  const base = baseUrlOf(deps.config)
  const now = deps.clock()
  const id = randomUUID()
  try {
    await deps.db.transaction(async (tx) => {
      const t = tx as unknown as Db
      const { listId, index } = await allocateStatusPosition(t, m.community.id)
      const unsigned = buildCredential({
        baseUrl: base,
        credentialId: id,
        issuerDid,
        community: m.community,
        program: m.program,
        cohort: m.cohort,
        role: m.membership.role,
        recipientName: m.recipientName,
        validFrom: termStart,
        validUntil: termEnd,
        status: { listUrl: statusListUrl(base, listId, method === 'key' ? key.id : undefined), index },
      })
      const signed = await signCredential(unsigned, { key, issuerDid, created: now, documentLoader: loader })
      const inserted = await t
        .insert(credentials)
        .values({
          id,
          membershipId,
          validFrom: termStart,
          validUntil: termEnd,
          recipientName: m.recipientName,
          statusListId: listId,
          statusListIndex: index,
          credential: JSON.stringify(signed),
          keyId: key.id,
          issuedAt: now,
        })
        .onConflictDoNothing({ target: [credentials.membershipId, credentials.validFrom, credentials.validUntil] })
        .returning({ id: credentials.id })
      // Someone issued it meanwhile: roll back our position and return theirs.
      if (inserted.length === 0) throw new AlreadyIssued()
      await recordAudit(t, {
        actor: options.actor ?? 'system',
        action: 'credential.issue',
        entity: 'credential',
        entityId: id,
        after: { membershipId, keyId: key.id, issuer: issuerDid, statusListId: listId, statusListIndex: index },
      })
    })
  } catch (err) {
    if (!(err instanceof AlreadyIssued)) throw err
    const winner = await findExisting(deps.db, membershipId, termStart, termEnd)
    return { id: winner!.id, created: false }
  }
  return { id, created: true }
}
