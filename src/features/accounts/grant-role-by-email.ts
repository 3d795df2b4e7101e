import { and, desc, eq, isNull } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { locales, t, type Locale } from '../../ui/i18n.ts'
import { applications } from '../applications/schema.ts'
import { queueEmail } from '../communications/queue-email.ts'
import { renderDefaultEmail } from '../communications/render-email.ts'
import { people } from '../people/schema.ts'
import { findOrCreatePerson } from './find-or-create-person.ts'
import { grantRole } from './grant-role.ts'
import { roleGrants } from './schema.ts'

/** The roles given by email address on the roles pages and by `embassy role grant`. */
export const teamRoles = ['admin', 'program_manager'] as const
/** One of teamRoles. */
export type TeamRole = (typeof teamRoles)[number]

/** What to grant: an address (as signInAddress gives it), a role, and for a program manager the community. */
export interface GrantByEmailInput {
  email: string
  role: TeamRole
  community: { id: string; name: string } | null
  /** Who gives it: a person's id and name, or the CLI ("cli"). */
  actor: { id: string; name: string }
  /** The language of the mail when the recipient's is unknown (the granting page's; English from the CLI). */
  fallbackLocale: Locale
}

/** The outcome: the person, whether they were created, and whether the role is new (false: they held it). */
export interface GrantByEmailResult {
  personId: string
  created: boolean
  granted: boolean
}

/** How a role reads in a sentence of `locale`: "an admin of the site", "a program manager of KubeSphere". */
export function rolePhrase(locale: Locale, role: TeamRole, communityName: string | undefined): string {
  return role === 'admin' ? t(locale, 'roles.phrase.admin') : t(locale, 'roles.phrase.program_manager', { community: communityName ?? '' })
}

/**
 * Gives an admin or program-manager role to whoever signs in with `email`, creating the person as
 * `embassy admin create` does (findOrCreatePerson with an email identity); the grant is audited by grantRole.
 * A new grant queues one email (the "role-granted" site template) telling them where to sign in, in the
 * language they last applied in, else `fallbackLocale`. Granting a role already held changes nothing.
 */
export async function grantRoleByEmail(deps: AppDeps, input: GrantByEmailInput): Promise<GrantByEmailResult> {
  const communityId = input.role === 'admin' ? null : input.community!.id
  const result = await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db
    const { personId, created } = await findOrCreatePerson(db, { provider: 'email', subject: input.email, email: input.email })
    return { personId, created, granted: await grantRole(db, personId, input.role, communityId, input.actor.id) }
  })
  if (result.granted) await queueRoleMail(deps, input, result.personId, communityId)
  return result
}

async function queueRoleMail(deps: AppDeps, input: GrantByEmailInput, personId: string, communityId: string | null) {
  const [[grant], [person], [lastApplication]] = await Promise.all([
    deps.db
      .select({ id: roleGrants.id })
      .from(roleGrants)
      .where(and(eq(roleGrants.personId, personId), eq(roleGrants.role, input.role), communityId ? eq(roleGrants.communityId, communityId) : isNull(roleGrants.communityId))),
    deps.db.select({ displayName: people.displayName }).from(people).where(eq(people.id, personId)),
    deps.db.select({ locale: applications.locale }).from(applications).where(eq(applications.personId, personId)).orderBy(desc(applications.createdAt)).limit(1),
  ])
  const known = locales.find((l) => l === lastApplication?.locale)
  const locale = known ?? input.fallbackLocale
  const link = `${deps.config.baseUrl}/sign-in?next=${encodeURIComponent('/admin')}${locale === 'en' ? '' : `&lang=${locale}`}`
  const mail = renderDefaultEmail('role-granted', locale, {
    name: person?.displayName ?? input.email,
    granter: input.actor.id === 'cli' ? t(locale, 'roles.grantedBy.cli') : input.actor.name,
    role: rolePhrase(locale, input.role, input.community?.name),
    link,
  })
  // One mail per grant: taken away and given again, the new grant row has a new id and mails again.
  await queueEmail(deps, { idempotencyKey: `role-granted:${grant?.id ?? `${personId}:${input.role}:${communityId}`}`, to: input.email, ...mail })
}
