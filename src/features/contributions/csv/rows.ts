import { isCalendarDay } from '../../../lib/dates.ts'
import { contributionKinds, type ContributionKind } from '../schema.ts'
import type { ContributionRecord } from '../store.ts'

/**
 * The CSV format of contributions (documented in docs/imports.md). Pure: header checks and row parsing,
 * tested without a database.
 */

/** Every column the format knows, in the documented order. */
export const CSV_COLUMNS = ['kind', 'repository', 'external_id', 'occurred_at', 'author_name', 'author_email', 'author_login', 'github_id', 'title', 'url', 'is_merge'] as const
export type CsvColumn = (typeof CSV_COLUMNS)[number]

/** Columns a header must have (the others may be left out). */
export const REQUIRED_COLUMNS: CsvColumn[] = ['kind', 'external_id', 'occurred_at']
/** A header must have at least one of these. */
export const AUTHOR_COLUMNS: CsvColumn[] = ['author_name', 'author_email', 'author_login', 'github_id']

/** The column index of each known column; or the reason the header is unusable. */
export function checkHeader(header: string[]): { columns: Partial<Record<CsvColumn, number>> } | { error: string } {
  const names = header.map((h) => h.trim().toLowerCase())
  if (names.every((n) => n === '')) return { error: 'the first line is empty: it must be the header' }
  const unknown = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n))
  if (unknown.length) {
    return { error: `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')} in the header; the columns are ${CSV_COLUMNS.join(',')}` }
  }
  const repeated = names.filter((n, i) => names.indexOf(n) !== i)
  if (repeated.length) return { error: `column "${repeated[0]}" appears twice in the header` }
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c))
  if (missing.length) return { error: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} in the header (required: ${REQUIRED_COLUMNS.join(', ')})` }
  if (!AUTHOR_COLUMNS.some((c) => names.includes(c))) return { error: `the header needs at least one author column (${AUTHOR_COLUMNS.join(', ')})` }
  return { columns: Object.fromEntries(names.map((n, i) => [n, i])) as Partial<Record<CsvColumn, number>> }
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i
const NO_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/

/**
 * An ISO 8601 instant: a date-time with its UTC offset ("2023-05-01T10:00:00Z", "2023-05-01T18:00+08:00"),
 * or a bare date meaning the start of that UTC day. Returns the reason when the text is not one.
 */
export function parseOccurredAt(text: string): Date | string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    return isCalendarDay(text) ? new Date(`${text}T00:00:00Z`) : `occurred_at "${text}" is not a calendar date`
  }
  const m = DATE_TIME.exec(text)
  if (!m) {
    if (NO_OFFSET.test(text)) return `occurred_at "${text}" has no UTC offset (add Z or +hh:mm, or give a bare date)`
    return `occurred_at "${text}" is not an ISO 8601 date (YYYY-MM-DD) or date-time with offset (YYYY-MM-DDThh:mm:ssZ)`
  }
  const [, y, mo, d, h, mi, s = '00', frac = '', offset] = m
  if (!isCalendarDay(`${y}-${mo}-${d}`) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return `occurred_at "${text}" is not a valid date-time`
  let zone = offset!.toUpperCase()
  if (zone !== 'Z') {
    const digits = zone.replace(':', '')
    const hours = Number(digits.slice(1, 3))
    const minutes = Number(digits.slice(3, 5) || '0')
    if (hours > 14 || minutes > 59) return `occurred_at "${text}" has an impossible UTC offset`
    zone = `${digits.slice(0, 3)}:${digits.slice(3, 5) || '00'}`
  }
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac.slice(0, 4)}${zone}`)
  return Number.isNaN(t) ? `occurred_at "${text}" is not a valid date-time` : new Date(t)
}

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/
const TRUE = ['true', 'yes', '1', 't', 'y']
const FALSE = ['false', 'no', '0', 'f', 'n', '']

/** A record from one row (`fields` in header order), or the reason it is rejected (without the line number). */
export function parseRow(fields: string[], columns: Partial<Record<CsvColumn, number>>): ContributionRecord | string {
  const get = (c: CsvColumn) => {
    const i = columns[c]
    return i === undefined ? '' : (fields[i] ?? '').trim()
  }
  const kind = get('kind').toLowerCase()
  if (!kind) return 'kind is empty'
  if (!(contributionKinds as readonly string[]).includes(kind)) return `unknown kind "${get('kind')}" (one of ${contributionKinds.join(', ')})`

  const repository = get('repository')
  if (kind !== 'content_item' && !REPOSITORY.test(repository)) {
    return repository ? `repository "${repository}" is not owner/name` : `repository is empty (required for ${kind})`
  }

  const url = get('url')
  if (url) {
    let ok = false
    try {
      ok = ['http:', 'https:'].includes(new URL(url).protocol)
    } catch {
      ok = false
    }
    if (!ok) return `url "${url}" is not an http(s) URL`
  }
  // A content item is identified by its URL when it has no id of its own.
  const externalId = get('external_id') || (kind === 'content_item' ? url : '')
  if (!externalId) return kind === 'content_item' ? 'external_id and url are both empty' : 'external_id is empty'

  const occurred = get('occurred_at')
  if (!occurred) return 'occurred_at is empty'
  const occurredAt = parseOccurredAt(occurred)
  if (typeof occurredAt === 'string') return occurredAt

  const name = get('author_name')
  const email = get('author_email')
  const login = get('author_login')
  const githubIdText = get('github_id')
  if (!name && !email && !login && !githubIdText) return 'no author (author_name, author_email, author_login or github_id)'
  if (email && !/^[^@\s]+@[^@\s]+$/.test(email)) return `author_email "${email}" is not an email address`
  if (login && !/^[^\s/]+$/.test(login)) return `author_login "${login}" is not a GitHub login`
  let githubId: number | null = null
  if (githubIdText) {
    if (!/^\d{1,15}$/.test(githubIdText) || Number(githubIdText) === 0) return `github_id "${githubIdText}" is not a GitHub user id (a positive number)`
    githubId = Number(githubIdText)
  }

  const mergeText = get('is_merge').toLowerCase()
  const isMerge = TRUE.includes(mergeText) ? true : FALSE.includes(mergeText) ? false : undefined
  if (isMerge === undefined) return `is_merge "${get('is_merge')}" is not true or false`
  if (isMerge && kind !== 'commit') return 'is_merge applies to commits only'

  return {
    kind: kind as ContributionKind,
    source: 'csv',
    repository,
    externalId,
    occurredAt,
    isMerge,
    title: get('title') || null,
    url: url || null,
    author: { name: name || null, email: email || null, login: login || null, githubId },
  }
}
