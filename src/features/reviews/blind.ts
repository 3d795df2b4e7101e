import type { Evidence } from '../applications/queries.ts'
/** An application as stored, with what identifies its applicant. */
export interface ApplicantRecord {
  displayName: string
  handle: string
  email: string | null
  githubLogin: string | null
  links: Record<string, string | undefined>
  answers: Record<string, string>
  /** What the applicant wrote for free-form requirements, by requirement key. */
  freeForm: Record<string, string>
  /** Why the applicant asks to be considered below the bar, if they did. */
  exceptionReason: string | null
  country: string | null
  region: string | null
  evidence: { type: Evidence['type']; title: string; url: string | null; notes: string; count: number; occurredOn: string | null; counted?: Evidence['counted'] }[]
}

/** What a reviewer is shown of an applicant: names and identifying links only when the phase allows. */
export type ReviewerView = Omit<ApplicantRecord, 'displayName' | 'handle' | 'email' | 'githubLogin'> & { displayName: string | null; blind: boolean }

const REDACTED = '[…]'
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Blind review: hides the name, email, handle, GitHub login and every link (profile links and evidence URLs
 * lead to the person), and blanks those identifiers where the applicant typed them into answers, evidence
 * titles and notes, free-form requirement texts and the exception reason; the answers themselves, the location
 * and the evidence stay.
 */
export function viewForReviewer(record: ApplicantRecord, canSeeApplicantNames: boolean): ReviewerView {
  const { displayName, handle: _h, email: _e, githubLogin: _g, ...rest } = record
  if (canSeeApplicantNames) return { ...rest, displayName, blind: false }
  const identifiers = [record.displayName, record.email, record.githubLogin, record.handle, ...record.displayName.split(/\s+/u).filter((w) => [...w].length >= 3)]
    .filter((s): s is string => Boolean(s && s.trim()))
    .sort((a, b) => b.length - a.length)
  const pattern = identifiers.length ? new RegExp(identifiers.map(escape).join('|'), 'giu') : undefined
  const redact = (text: string) => (pattern ? text.normalize('NFC').replace(pattern, REDACTED) : text)
  return {
    ...rest,
    displayName: null,
    blind: true,
    links: {},
    answers: Object.fromEntries(Object.entries(record.answers).map(([k, v]) => [k, redact(v)])),
    freeForm: Object.fromEntries(Object.entries(record.freeForm).map(([k, v]) => [k, redact(v)])),
    exceptionReason: record.exceptionReason === null ? null : redact(record.exceptionReason),
    evidence: record.evidence.map((e) => ({ ...e, url: null, title: redact(e.title), notes: redact(e.notes) })),
  }
}
