import { and, eq, gt, isNull } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import { randomToken, sha256 } from '../../lib/secrets.ts'
import { queueEmail } from '../communications/queue-email.ts'
import { signInTokens } from './schema.ts'
import { allowAttempt } from './rate-limit.ts'
import { AppError } from '../../lib/errors.ts'
import { confirmEmailEmail, signInEmail } from './emails.ts'
import { t, type Locale } from '../../ui/i18n.ts'

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
  await allowLink(deps, email, input.ip, input.locale)
  const { link, tokenHash } = await issueSignInLink(deps, email, input.next)
  const message = signInEmail(input.locale, link, SIGN_IN_LINK_MINUTES)
  await queueEmail(deps, { idempotencyKey: `sign-in:${tokenHash}`, to: email, ...message })
}

/** Checks the rate limits of links sent to `email` from `ip` (sign-in and confirmation links alike); refusals are in `locale`. */
async function allowLink(deps: AppDeps, email: string, ip: string, locale: Locale): Promise<void> {
  const now = deps.clock()
  const { perAddress, perIp, windowSeconds } = SIGN_IN_LIMITS
  if (!(await allowAttempt(deps.db, `sign-in:ip:${ip}`, perIp, windowSeconds, now))) {
    throw new AppError('rate_limited', t(locale, 'signIn.tooManyFromNetwork'), {}, { key: 'signIn.tooManyFromNetwork' })
  }
  if (!(await allowAttempt(deps.db, `sign-in:email:${email}`, perAddress, windowSeconds, now))) {
    throw new AppError('rate_limited', t(locale, 'signIn.tooManyForAddress'), {}, { key: 'signIn.tooManyForAddress' })
  }
}

/**
 * Sends a link that adds `email` to the account of the signed-in person `personId` (named `name` in the
 * mail, so that someone who did not ask can tell), under the same limits as sign-in links.
 */
export async function sendConfirmEmailLink(deps: AppDeps, input: { personId: string; name: string; email: string; ip: string; locale: Locale }): Promise<void> {
  const email = input.email.trim().toLowerCase()
  await allowLink(deps, email, input.ip, input.locale)
  const { link, tokenHash } = await issueSignInLink(deps, email, '/account', input.personId)
  await queueEmail(deps, { idempotencyKey: `confirm-email:${tokenHash}`, to: email, ...confirmEmailEmail(input.locale, link, SIGN_IN_LINK_MINUTES, input.name) })
}

/**
 * Stores a new single-use token for `email` and returns its link (the token itself is not stored). With
 * `personId`, redeeming it adds the address to that person's account instead of signing in.
 */
export async function issueSignInLink(deps: AppDeps, email: string, next: string, personId?: string): Promise<{ link: string; tokenHash: string }> {
  const now = deps.clock()
  const token = randomToken()
  const tokenHash = sha256(token)
  await deps.db.insert(signInTokens).values({
    tokenHash,
    email: email.trim().toLowerCase(),
    next,
    personId: personId ?? null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000),
  })
  return { link: `${deps.config.baseUrl}/sign-in/verify?token=${encodeURIComponent(token)}`, tokenHash }
}

/** What a valid token is for: its email, next path, and the person it adds the address to (null: a sign-in). */
export interface SignInTokenUse {
  email: string
  next: string
  personId: string | null
}

const usable = (deps: AppDeps, token: string) => and(eq(signInTokens.tokenHash, sha256(token)), isNull(signInTokens.usedAt), gt(signInTokens.expiresAt, deps.clock()))
const use = { email: signInTokens.email, next: signInTokens.next, personId: signInTokens.personId }

/** Uses a sign-in token once: what it is for, or undefined when unknown, used or expired. */
export async function redeemSignInToken(deps: AppDeps, token: string): Promise<SignInTokenUse | undefined> {
  const [row] = await deps.db.update(signInTokens).set({ usedAt: deps.clock() }).where(usable(deps, token)).returning(use)
  return row
}

/** What a token is for, without using it (the page before the button that redeems it). */
export async function peekSignInToken(deps: AppDeps, token: string): Promise<SignInTokenUse | undefined> {
  const [row] = await deps.db.select(use).from(signInTokens).where(usable(deps, token))
  return row
}
