import { eq } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { hmac, safeEqual } from '../../lib/secrets.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { mailPreferences } from './schema.ts'

const PURPOSE = 'mail-preferences:'

/** A token that lets whoever holds it (the mailbox owner) change one address's preferences: address + HMAC. */
export function preferencesToken(secretKey: string, address: string): string {
  const a = address.trim().toLowerCase()
  return `${Buffer.from(a).toString('base64url')}.${hmac(secretKey, PURPOSE + a)}`
}

/** The address a preferences token was made for, or undefined when it was not made with this secret. */
export function addressOfToken(secretKey: string, token: string): string | undefined {
  const [encoded = '', mac = ''] = token.split('.')
  const address = Buffer.from(encoded, 'base64url').toString('utf8')
  if (!address.includes('@') || !mac) return undefined
  return safeEqual(mac, hmac(secretKey, PURPOSE + address)) ? address : undefined
}

/** The preferences page and the one-click unsubscribe URL of an address. */
export function preferenceLinks(deps: Pick<AppDeps, 'config' | 'secretKey'>, address: string) {
  const token = encodeURIComponent(preferencesToken(deps.secretKey, address))
  return { page: `${deps.config.baseUrl}/mail/preferences?token=${token}`, oneClick: `${deps.config.baseUrl}/mail/unsubscribe?token=${token}` }
}

/** Whether an address accepts notices (no row: yes). */
export async function acceptsNotices(db: Db, address: string): Promise<boolean> {
  const [row] = await db.select({ notices: mailPreferences.notices }).from(mailPreferences).where(eq(mailPreferences.address, address.trim().toLowerCase()))
  return row?.notices ?? true
}

/** Records whether an address wants notices (the preferences page, or a one-click unsubscribe), audited. */
export async function setNoticePreference(deps: AppDeps, address: string, notices: boolean, via: 'page' | 'one-click'): Promise<void> {
  const a = address.trim().toLowerCase()
  const now = deps.clock()
  await deps.db.transaction(async (tx) => {
    await tx
      .insert(mailPreferences)
      .values({ address: a, notices, updatedAt: now })
      .onConflictDoUpdate({ target: mailPreferences.address, set: { notices, updatedAt: now } })
    // The mailbox owner acts through a signed link, not a session: the actor is the address itself.
    await recordAudit(tx, { actor: `mailbox:${a}`, action: notices ? 'mail.subscribe' : 'mail.unsubscribe', entity: 'mail_preferences', entityId: a, after: { notices, via } })
  })
}
