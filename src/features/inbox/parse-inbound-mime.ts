import PostalMime from 'postal-mime'
import { AppError } from '../../lib/errors.ts'

/** What the inbox keeps of an inbound mail. */
export interface InboundMail {
  messageId: string | undefined
  fromName: string
  fromAddress: string
  subject: string
  text: string
  /** Auto-Submitted, Precedence: bulk/list/junk, or a mailer daemon: never answered automatically (RFC 3834). */
  automatic: boolean
}

/** The largest raw message the inbound webhook accepts. */
export const MAX_INBOUND_BYTES = 5 * 1024 * 1024

const headerLine = /^[\x21-\x39\x3b-\x7e]+:/

/**
 * Parses a raw RFC 5322 message. Refused (400) when it is not one: no header section, a header line that is
 * not "Name: value" or a folded continuation, no header/body separator, or no sender address.
 */
export async function parseInboundMime(raw: string): Promise<InboundMail> {
  const end = raw.search(/\r?\n\r?\n/)
  if (end <= 0) throw new AppError('bad_request', 'The message is not valid MIME: it has no header section followed by a blank line.')
  const lines = raw.slice(0, end).split(/\r?\n/)
  const bad = lines.findIndex((l, i) => !(headerLine.test(l) || (i > 0 && /^[ \t]/.test(l))))
  if (bad >= 0) throw new AppError('bad_request', `The message is not valid MIME: header line ${bad + 1} is neither "Name: value" nor a continuation.`)
  let email
  try {
    email = await PostalMime.parse(raw, { maxNestingDepth: 20 })
  } catch (err) {
    throw new AppError('bad_request', `The message is not valid MIME: ${(err as Error).message}`)
  }
  const from = email.from && 'address' in email.from && email.from.address ? email.from : undefined
  if (!from?.address || !/^[^\s@]+@[^\s@]+$/.test(from.address)) throw new AppError('bad_request', 'The message is not valid MIME: it has no From address.')
  const header = (name: string) => email.headers.find((h) => h.key === name)?.value ?? ''
  const automatic =
    (header('auto-submitted') !== '' && header('auto-submitted').toLowerCase() !== 'no') ||
    /^(bulk|list|junk)$/i.test(header('precedence').trim()) ||
    /^(mailer-daemon|postmaster|no-?reply)@/i.test(from.address)
  const text = email.text ?? (email.html ? email.html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim() : '')
  return {
    messageId: email.messageId?.trim() || undefined,
    fromName: (from.name || from.address.split('@')[0]!).replace(/[\r\n]+/g, ' ').slice(0, 200),
    fromAddress: from.address.toLowerCase(),
    subject: (email.subject ?? '').replace(/[\r\n]+/g, ' ').slice(0, 300),
    text: text.slice(0, 100_000),
    automatic,
  }
}
