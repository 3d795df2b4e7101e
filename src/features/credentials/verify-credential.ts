import jsigs from 'jsonld-signatures'
import { CredentialIssuancePurpose } from '@digitalbazaar/vc'
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list'
import type { DocumentLoader } from './document-loader.ts'
import { verifyingSuite } from './cryptosuite.ts'

/** The one-word verdict on a credential. */
export type VerdictStatus = 'valid' | 'expired' | 'not_yet_valid' | 'revoked' | 'invalid'

/** What verification found, check by check, with a summary of what the credential claims. */
export interface Verdict {
  status: VerdictStatus
  verified: boolean
  checks: {
    /** Structure of an OB 3.0 credential (contexts, types, proof). */
    format: 'ok' | 'failed'
    signature: 'ok' | 'failed' | 'skipped'
    dates: 'ok' | 'expired' | 'not_yet_valid' | 'invalid' | 'skipped'
    status: 'ok' | 'revoked' | 'failed' | 'none' | 'skipped'
  }
  /** Plain-language reasons for every failed check. */
  errors: string[]
  summary: {
    id?: string
    name?: string
    recipientName?: string
    achievement?: string
    issuerId?: string
    issuerName?: string
    validFrom?: string
    validUntil?: string
  }
}

// XML-schema date-time with a mandatory zone, as VC 2.0 and the OB schema require.
const DATE_TIME_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
const OB_TYPES = ['OpenBadgeCredential', 'AchievementCredential']

/** The reason given when `validFrom` is still ahead (pages recognise it to say it in the reader's language). */
export const notYetValidError = (validFrom: string) => `The credential is not valid before ${validFrom}.`
/** The reason given when `validUntil` has passed. */
export const expiredError = (validUntil: string) => `The credential expired on ${validUntil}.`

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v])
const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined)
const messageOf = (e: unknown): string => {
  const err = e as { message?: string; errors?: unknown[]; cause?: unknown } | undefined
  const inner = err?.errors?.[0]
  return inner ? messageOf(inner) : (err?.message ?? String(e))
}

function summarise(c: Record<string, unknown>): Verdict['summary'] {
  const subject = obj(asArray(c.credentialSubject)[0])
  const issuer = obj(c.issuer)
  const identifier = asArray(subject?.identifier).map(obj).find((i) => i?.identityType === 'name' && i?.hashed === false)
  return {
    id: str(c.id),
    name: str(c.name),
    recipientName: str(subject?.name) ?? str(identifier?.identityHash),
    achievement: str(obj(subject?.achievement)?.name),
    issuerId: str(issuer?.id) ?? str(c.issuer),
    issuerName: str(issuer?.name),
    validFrom: str(c.validFrom),
    validUntil: str(c.validUntil),
  }
}

/**
 * Verifies any Open Badges 3.0 credential: its Data Integrity proof (eddsa-rdfc-2022, issuer = key controller),
 * its validity dates at `now`, and its Bitstring Status List entry. Never throws for bad input: every problem
 * becomes a verdict with reasons. A revoked credential fails although its signature is intact.
 */
export async function verifyCredential(input: unknown, o: { documentLoader: DocumentLoader; now: Date }): Promise<Verdict> {
  const verdict: Verdict = {
    status: 'invalid',
    verified: false,
    checks: { format: 'ok', signature: 'skipped', dates: 'skipped', status: 'skipped' },
    errors: [],
    summary: {},
  }
  const c = obj(input)
  if (!c) {
    verdict.checks.format = 'failed'
    verdict.errors.push('The credential must be a JSON object.')
    return verdict
  }
  verdict.summary = summarise(c)
  const contexts = asArray(c['@context'])
  const types = asArray(c.type)
  if (contexts[0] !== 'https://www.w3.org/ns/credentials/v2') verdict.errors.push('The first @context must be https://www.w3.org/ns/credentials/v2 (VC Data Model 2.0).')
  if (!types.includes('VerifiableCredential') || !types.some((t) => OB_TYPES.includes(t as string))) {
    verdict.errors.push('The type must include VerifiableCredential and OpenBadgeCredential (or AchievementCredential).')
  }
  if (asArray(c.proof).length === 0) verdict.errors.push('The credential has no proof.')
  if (verdict.errors.length > 0) {
    verdict.checks.format = 'failed'
    return verdict
  }

  try {
    const result = await jsigs.verify(c, { suite: verifyingSuite(), purpose: new CredentialIssuancePurpose(), documentLoader: o.documentLoader })
    verdict.checks.signature = result.verified ? 'ok' : 'failed'
    if (!result.verified) verdict.errors.push(`The signature does not verify: ${messageOf(result.error ?? result.results?.find((r) => !r.verified)?.error)}`)
  } catch (err) {
    verdict.checks.signature = 'failed'
    verdict.errors.push(`The signature does not verify: ${messageOf(err)}`)
  }

  const from = str(c.validFrom)
  const until = str(c.validUntil)
  if ((from !== undefined && !DATE_TIME_Z.test(from)) || (until !== undefined && !DATE_TIME_Z.test(until)) || (from === undefined && c.validFrom !== undefined)) {
    verdict.checks.dates = 'invalid'
    verdict.errors.push('validFrom and validUntil must be date-times with a time zone.')
  } else if (from && new Date(from) > o.now) {
    verdict.checks.dates = 'not_yet_valid'
    verdict.errors.push(notYetValidError(from))
  } else if (until && new Date(until) <= o.now) {
    verdict.checks.dates = 'expired'
    verdict.errors.push(expiredError(until))
  } else {
    verdict.checks.dates = 'ok'
  }

  if (c.credentialStatus === undefined) {
    verdict.checks.status = 'none'
  } else {
    const result = await checkStatus({ credential: c, documentLoader: o.documentLoader, suite: verifyingSuite(), verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true })
    const entries = (result as { results?: { status?: boolean }[] }).results ?? []
    if (!result.verified) {
      verdict.checks.status = 'failed'
      verdict.errors.push(`The status could not be checked: ${messageOf(result.error)}`)
    } else if (entries.some((r) => r.status === true)) {
      verdict.checks.status = 'revoked'
      verdict.errors.push('The issuer has revoked this credential.')
    } else {
      verdict.checks.status = 'ok'
    }
  }

  const { signature, dates, status } = verdict.checks
  verdict.verified = signature === 'ok' && dates === 'ok' && (status === 'ok' || status === 'none')
  verdict.status =
    signature !== 'ok' || dates === 'invalid' || status === 'failed'
      ? 'invalid'
      : status === 'revoked'
        ? 'revoked'
        : dates === 'expired'
          ? 'expired'
          : dates === 'not_yet_valid'
            ? 'not_yet_valid'
            : 'valid'
  return verdict
}
