import { and, eq } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import { memberships } from '../../features/memberships/schema.ts'
import { cohorts, communities, programs } from '../../features/programs/schema.ts'
import { issueCredential } from '../../features/credentials/issue-credential.ts'
import { createSigningKey, currentSigningKey } from '../../features/credentials/keys.ts'
import { credentialKeys, credentials } from '../../features/credentials/schema.ts'

/**
 * Gives the demo's KubeSphere 2023 ambassadors their Open Badges 3.0 credentials, signed by this deployment's
 * key (created if it has none), so profiles link to badges anyone can verify: valid signatures, expired with
 * the 2023–2024 term, as the real ones are. Idempotent: a membership's credential is issued once. Returns how
 * many were issued now.
 */
export async function issueDemoCredentials(deps: Pick<AppDeps, 'db' | 'config' | 'secretKey' | 'clock'>): Promise<number> {
  const rows = await deps.db
    .select({ id: memberships.id, issued: credentials.id })
    .from(memberships)
    .innerJoin(cohorts, eq(cohorts.id, memberships.cohortId))
    .innerJoin(programs, eq(programs.id, cohorts.programId))
    .innerJoin(communities, eq(communities.id, programs.communityId))
    .leftJoin(credentials, eq(credentials.membershipId, memberships.id))
    .where(and(eq(communities.slug, 'kubesphere'), eq(programs.slug, 'ksap'), eq(cohorts.slug, '2023'), eq(memberships.role, 'ambassador')))
  const pending = rows.filter((r) => !r.issued)
  if (!pending.length) return 0
  const [anyKey] = await deps.db.select({ id: credentialKeys.id }).from(credentialKeys).limit(1)
  if (!anyKey) await createSigningKey(deps.db, deps.secretKey, 'seed', deps.clock())
  const key = await currentSigningKey(deps.db, deps.secretKey)
  for (const m of pending) await issueCredential(deps, m.id, { key, actor: 'seed' })
  return pending.length
}
