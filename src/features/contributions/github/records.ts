import type { ContributionRecord } from '../store.ts'

/** The fields of GitHub's REST answers the importer reads. */
export interface ApiUser {
  id: number
  login: string
  type?: string
}

export interface ApiCommit {
  sha: string
  html_url?: string
  author: ApiUser | null
  commit: { message?: string; author: { name?: string | null; email?: string | null; date?: string | null } | null }
  parents?: { sha: string }[]
}

export interface ApiPull {
  number: number
  title?: string
  html_url?: string
  user: ApiUser | null
  created_at: string
  merged_at: string | null
}

export interface ApiIssue {
  number: number
  title?: string
  html_url?: string
  user: ApiUser | null
  state?: string
  created_at: string
  updated_at?: string
  /** Present when the issue is a pull request; github.com adds merged_at. */
  pull_request?: { html_url?: string; merged_at?: string | null }
}

export interface ApiReview {
  id: number
  user: ApiUser | null
  state: string
  submitted_at?: string | null
  html_url?: string
}

export interface ApiRepository {
  full_name: string
  fork?: boolean
  archived?: boolean
}

/** The import window: [since, until) as instants; either end may be open. */
export interface Window {
  since: Date | undefined
  until: Date | undefined
}

/** The window of two optional UTC days ('YYYY-MM-DD'; until exclusive). */
export function windowOf(since: string | undefined, until: string | undefined): Window {
  return { since: since ? new Date(`${since}T00:00:00Z`) : undefined, until: until ? new Date(`${until}T00:00:00Z`) : undefined }
}

/** Whether an instant falls in the window. */
export function inWindow(w: Window, at: Date): boolean {
  return (!w.since || at >= w.since) && (!w.until || at < w.until)
}

/** A date GitHub sent, or undefined when missing or unreadable. */
export function parseDate(value: string | null | undefined): Date | undefined {
  if (!value) return undefined
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? undefined : d
}

const userRef = (u: ApiUser | null | undefined) => (u && typeof u.id === 'number' ? { githubId: u.id, login: u.login ?? null } : undefined)
const firstLine = (message: string | undefined) => message?.split('\n', 1)[0]?.trim().slice(0, 500) || null

/** What mapping one API entry gave: a record, nothing (outside the window, not a contribution), or a rejection. */
export type Mapped = { record: ContributionRecord } | { skip: true } | { rejected: string }

/**
 * A commit: its author is GitHub's account when GitHub matched the email to one (id and login), with the
 * name and email from git; it happened at its author date; two parents or more make a merge.
 */
export function commitRecord(repository: string, c: ApiCommit): Mapped {
  const at = parseDate(c.commit?.author?.date)
  if (typeof c.sha !== 'string' || !c.sha) return { rejected: 'commit without a sha' }
  if (!at) return { rejected: `commit ${c.sha} without an author date` }
  const account = userRef(c.author)
  const author = { githubId: account?.githubId ?? null, login: account?.login ?? null, name: c.commit.author?.name ?? null, email: c.commit.author?.email ?? null }
  if (author.githubId === null && !author.login && !author.name?.trim() && !author.email?.trim()) return { rejected: `commit ${c.sha} without an author` }
  return {
    record: {
      kind: 'commit',
      source: 'github',
      repository,
      externalId: c.sha,
      occurredAt: at,
      isMerge: (c.parents?.length ?? 0) >= 2,
      title: firstLine(c.commit.message),
      url: c.html_url ?? null,
      author,
    },
  }
}

/** 'pr_opened' at created_at and, when merged in the window, 'pr_merged' at merged_at, both by the PR's author. */
export function pullRecords(repository: string, p: { number: number; title?: string; html_url?: string; user: ApiUser | null; created_at: string; merged_at?: string | null }, w: Window, what: { opened: boolean }): Mapped[] {
  const author = userRef(p.user)
  const created = parseDate(p.created_at)
  if (!author) return [{ rejected: `pull request #${p.number} without an author` }]
  if (!created) return [{ rejected: `pull request #${p.number} without a creation date` }]
  const base = { source: 'github', repository, externalId: String(p.number), title: p.title ?? null, url: p.html_url ?? null, author }
  const out: Mapped[] = []
  if (what.opened && inWindow(w, created)) out.push({ record: { ...base, kind: 'pr_opened', occurredAt: created } })
  const merged = parseDate(p.merged_at)
  if (merged && inWindow(w, merged)) out.push({ record: { ...base, kind: 'pr_merged', occurredAt: merged } })
  return out
}

/** 'issue_opened' at created_at by its author; pull requests (which the issues listing includes) are skipped. */
export function issueRecord(repository: string, i: ApiIssue, w: Window): Mapped {
  if (i.pull_request) return { skip: true }
  const author = userRef(i.user)
  const created = parseDate(i.created_at)
  if (!author) return { rejected: `issue #${i.number} without an author` }
  if (!created) return { rejected: `issue #${i.number} without a creation date` }
  if (!inWindow(w, created)) return { skip: true }
  return { record: { kind: 'issue_opened', source: 'github', repository, externalId: String(i.number), occurredAt: created, title: i.title ?? null, url: i.html_url ?? null, author } }
}

/**
 * 'review' at submitted_at by its reviewer. Pending reviews (not submitted) and the PR author's own replies
 * in a review thread (GitHub files them as reviews) are not reviews.
 */
export function reviewRecord(repository: string, pull: { number: number; title?: string; authorId: number | undefined }, r: ApiReview, w: Window): Mapped {
  if (r.state === 'PENDING') return { skip: true }
  const author = userRef(r.user)
  if (!author) return { rejected: `review ${r.id} of #${pull.number} without a reviewer` }
  if (author.githubId === pull.authorId) return { skip: true }
  const at = parseDate(r.submitted_at)
  if (!at) return { rejected: `review ${r.id} of #${pull.number} without a submission date` }
  if (!inWindow(w, at)) return { skip: true }
  return { record: { kind: 'review', source: 'github', repository, externalId: String(r.id), occurredAt: at, title: pull.title ?? null, url: r.html_url ?? null, author } }
}
