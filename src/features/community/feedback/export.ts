import type { FeedbackListing } from './queries.ts'

const columns = ['id', 'createdAt', 'groupName', 'region', 'productArea', 'kind', 'votes', 'merged', 'issueUrl', 'text', 'link'] as const

/** One CSV field (RFC 4180 quoting); a leading =, +, - or @ is prefixed with ' so spreadsheets never run it as a formula. */
export function csvField(value: string | number | null): string {
  let text = value === null ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The feedback items as CSV (header row, CRLF), each with its stable link for the project's issue tracker. */
export function feedbackCsv(items: FeedbackListing[], linkOf: (id: string) => string): string {
  const lines = [columns.join(',')]
  for (const item of items) lines.push(columns.map((c) => csvField(c === 'link' ? linkOf(item.id) : item[c])).join(','))
  return lines.join('\r\n') + '\r\n'
}

/** The feedback items as a JSON document with stable links. */
export function feedbackJson(items: FeedbackListing[], linkOf: (id: string) => string) {
  return { items: items.map((item) => ({ ...item, link: linkOf(item.id) })) }
}
