import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * How Embassy signs a webhook request, so a receiver can check it came from Embassy and is fresh:
 *
 *   X-Embassy-Timestamp: <Unix seconds when the attempt was sent>
 *   X-Embassy-Signature: sha256=<hex HMAC-SHA256 over "<timestamp>.<raw body>", keyed with the webhook's secret>
 *
 * The timestamp is inside the signed text, so it cannot be changed; a receiver recomputes the HMAC over the
 * raw body bytes (before any JSON parsing), compares in constant time, and refuses a timestamp more than
 * five minutes from its clock (a replayed request). Each retry is signed anew with its own timestamp.
 */
export const SIGNATURE_HEADER = 'x-embassy-signature'
export const TIMESTAMP_HEADER = 'x-embassy-timestamp'

/** The signature header's value for a body sent at `timestamp` (Unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

/** A receiver's check: the signature matches and the timestamp is within `toleranceSeconds` of `now`. */
export function verifyWebhook(secret: string, headers: { signature?: string; timestamp?: string }, body: string, now: Date, toleranceSeconds = 300): boolean {
  const ts = Number(headers.timestamp)
  if (!Number.isInteger(ts) || Math.abs(now.getTime() / 1000 - ts) > toleranceSeconds) return false
  const expected = Buffer.from(signWebhook(secret, ts, body))
  const given = Buffer.from(headers.signature ?? '')
  return given.length === expected.length && timingSafeEqual(given, expected)
}
