import { and, eq, gt, isNull } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import { randomToken, sha256 } from '../../lib/secrets.ts'
import { queueEmail } from '../communications/queue-email.ts'
import { signInTokens } from './schema.ts'
import { allowAttempt } from './rate-limit.ts'
import { AppError } from '../../lib/errors.ts'
import { signInEmail } from './emails.ts'
import type { Locale } from '../../ui/i18n.ts'

/** How long a sign-in link works. */
export const SIGN_IN_LINK_MINUTES = 15

/** Limits on sign-in links: per address and per client IP, in a 15-minute window. */
export const SIGN_IN_LIMITS = { perAddress: 5, perIp: 20, windowSeconds: 900 }

/**
 * Sends a one-time sign-in link to `email` (through the outbox). The answer is the same whether or not the
 * address belongs to anyone, so the form cannot be used to find out who has an account.
 */
export async function sendSignInLink(deps: AppDeps, input: { email: string; next: string; ip: string; locale: Locale }): Promise<void> {
  const email = input.email.trim().toLowerCase()
  const now = deps.clock()
  const { perAddress, perIp, windowSeconds } = SIGN_IN_LIMITS
  if (!(await allowAttempt(deps.db, `sign-in:ip:${input.ip}`, perIp, windowSeconds, now))) {
    throw new AppError('rate_limited', 'Too many sign-in requests from your network. Please wait 15 minutes and try again.')
  }
  if (!(await allowAttempt(deps.db, `sign-in:email:${email}`, perAddress, windowSeconds, now))) {
    throw new AppError('rate_limited', 'Too many sign-in links were sent to this address. Please wait 15 minutes and use the newest link.')
  }
  const { link, tokenHash } = await issueSignInLink(deps, email, input.next)
  const message = signInEmail(input.locale, link, SIGN_IN_LINK_MINUTES)
  await queueEmail(deps, { idempotencyKey: `sign-in:${tokenHash}`, to: email, ...message })
}

/** Stores a new single-use sign-in token for `email` and returns its link (the token itself is not stored). */
export async function issueSignInLink(deps: AppDeps, email: string, next: string): Promise<{ link: string; tokenHash: string }> {
  const now = deps.clock()
  const token = randomToken()
  const tokenHash = sha256(token)
  await deps.db.insert(signInTokens).values({
    tokenHash,
    email: email.trim().toLowerCase(),
    next,
    createdAt: now,
    expiresAt: new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000),
  })
  return { link: `${deps.config.baseUrl}/sign-in/verify?token=${encodeURIComponent(token)}`, tokenHash }
}

/** Uses a sign-in token once: returns its email and next path, or undefined when unknown, used or expired. */
export async function redeemSignInToken(deps: AppDeps, token: string): Promise<{ email: string; next: string } | undefined> {
  const now = deps.clock()
  const [row] = await deps.db
    .update(signInTokens)
    .set({ usedAt: now })
    .where(and(eq(signInTokens.tokenHash, sha256(token)), isNull(signInTokens.usedAt), gt(signInTokens.expiresAt, now)))
    .returning({ email: signInTokens.email, next: signInTokens.next })
  return row
}
