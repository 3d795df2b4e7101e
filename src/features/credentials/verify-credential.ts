import jsigs from 'jsonld-signatures'
import { CredentialIssuancePurpose } from '@digitalbazaar/vc'
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list'
import type { DocumentLoader } from './document-loader.ts'
import { verifyingSuite } from './cryptosuite.ts'
import { t, type Locale } from '../../ui/i18n.ts'

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
  /** Why each failed check failed: a stable code, with what the message needs (shown in the reader's language). */
  reasons: VerdictReason[]
  /** The reasons in English (the JSON answers' `errors`). */
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

/**
 * Why a check failed. Malformed: not_object, wrong_context, wrong_type, no_proof, bad_dates. Signature:
 * signature_mismatch (changed after signing), wrong_issuer (signed by a key the named issuer does not control),
 * unknown_key (its key, `detail`, cannot be found), bad_signature (anything else, with the verifier library's
 * words as `detail`). Dates: not_yet_valid, expired
 * (`date`: the credential's own timestamp). Status: revoked, status_unchecked (with `detail`).
 */
export type VerdictReasonCode =
  | 'not_object'
  | 'wrong_context'
  | 'wrong_type'
  | 'no_proof'
  | 'signature_mismatch'
  | 'wrong_issuer'
  | 'unknown_key'
  | 'bad_signature'
  | 'bad_dates'
  | 'not_yet_valid'
  | 'expired'
  | 'revoked'
  | 'status_unchecked'

/** One failed check's reason. */
export interface VerdictReason {
  code: VerdictReasonCode
  /** The ISO timestamp a date reason is about. */
  date?: string
  /** What the signature or status library said (technical, in English). */
  detail?: string
}

/**
 * A reason in `locale`, from the message catalogue. `formatDate` writes the timestamp of a date reason (pages
 * give it readably; the JSON answers keep it as it is in the credential).
 */
export function reasonText(locale: Locale, reason: VerdictReason, formatDate: (iso: string) => string = (iso) => iso): string {
  return t(locale, `credential.reason.${reason.code}`, { date: reason.date === undefined ? '' : formatDate(reason.date), detail: reason.detail ?? '' })
}

/** The signature library's failure as a reason: the two cases people can act on get their own code. */
function signatureReason(err: unknown): VerdictReason {
  const detail = messageOf(err)
  if (detail === 'Invalid signature.') return { code: 'signature_mismatch' }
  if (/^Credential issuer must match the verification method controller|not authorized by controller/.test(detail)) return { code: 'wrong_issuer', detail }
  // The offline loader's refusal (document-loader.ts) of a DID URL: a key that is not in the issuer's document.
  const key = /^refused to load (did:\S+): /.exec(detail)?.[1]
  if (key) return { code: 'unknown_key', detail: key }
  return { code: 'bad_signature', detail }
}

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
    reasons: [],
    errors: [],
    summary: {},
  }
  const fail = (reason: VerdictReason) => {
    verdict.reasons.push(reason)
    verdict.errors.push(reasonText('en', reason))
  }
  const c = obj(input)
  if (!c) {
    verdict.checks.format = 'failed'
    fail({ code: 'not_object' })
    return verdict
  }
  verdict.summary = summarise(c)
  const contexts = asArray(c['@context'])
  const types = asArray(c.type)
  if (contexts[0] !== 'https://www.w3.org/ns/credentials/v2') fail({ code: 'wrong_context' })
  if (!types.includes('VerifiableCredential') || !types.some((t) => OB_TYPES.includes(t as string))) {
    fail({ code: 'wrong_type' })
  }
  if (asArray(c.proof).length === 0) fail({ code: 'no_proof' })
  if (verdict.errors.length > 0) {
    verdict.checks.format = 'failed'
    return verdict
  }

  try {
    const result = await jsigs.verify(c, { suite: verifyingSuite(), purpose: new CredentialIssuancePurpose(), documentLoader: o.documentLoader })
    verdict.checks.signature = result.verified ? 'ok' : 'failed'
    if (!result.verified) fail(signatureReason(result.error ?? result.results?.find((r) => !r.verified)?.error))
  } catch (err) {
    verdict.checks.signature = 'failed'
    fail(signatureReason(err))
  }

  const from = str(c.validFrom)
  const until = str(c.validUntil)
  if ((from !== undefined && !DATE_TIME_Z.test(from)) || (until !== undefined && !DATE_TIME_Z.test(until)) || (from === undefined && c.validFrom !== undefined)) {
    verdict.checks.dates = 'invalid'
    fail({ code: 'bad_dates' })
  } else if (from && new Date(from) > o.now) {
    verdict.checks.dates = 'not_yet_valid'
    fail({ code: 'not_yet_valid', date: from })
  } else if (until && new Date(until) <= o.now) {
    verdict.checks.dates = 'expired'
    fail({ code: 'expired', date: until })
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
      fail({ code: 'status_unchecked', detail: messageOf(result.error) })
    } else if (entries.some((r) => r.status === true)) {
      verdict.checks.status = 'revoked'
      fail({ code: 'revoked' })
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
