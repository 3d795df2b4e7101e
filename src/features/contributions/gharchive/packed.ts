// Contribution records as columns, for posting from the reader worker to the storing thread. Structured
// cloning of 5,000 plain records (each with a Date and an author object) cost the receiving thread 16–30 ms;
// the same records as one array per field and the dates as a transferred Float64Array cost 4 ms to receive
// and turn back into records (measured with postMessage between two threads). The receiving thread is the
// import's bottleneck, so the columns are worth their few lines.
import type { AuthorRef } from '../identity.ts'
import type { ContributionRecord } from '../store.ts'

/** Records as columns: entry i of each column is a field of record i; undefined stands for an absent field. */
export interface PackedRecords {
  length: number
  kind: ContributionRecord['kind'][]
  source: string[]
  repository: string[]
  externalId: string[]
  /** Milliseconds since the epoch. */
  occurredAt: Float64Array
  committedAt: (number | null | undefined)[]
  isMerge: (boolean | undefined)[]
  title: (string | null | undefined)[]
  url: (string | null | undefined)[]
  personId: (string | null | undefined)[]
  githubId: (number | null | undefined)[]
  login: (string | null | undefined)[]
  email: (string | null | undefined)[]
  name: (string | null | undefined)[]
}

// Every field of a record and of its author has a column: adding one to ContributionRecord or AuthorRef fails
// to compile here until pack and unpack carry it.
void ({ kind: 1, source: 1, repository: 1, externalId: 1, occurredAt: 1, committedAt: 1, isMerge: 1, title: 1, url: 1, author: 1 } satisfies Record<keyof ContributionRecord, 1>)
void ({ personId: 1, githubId: 1, login: 1, email: 1, name: 1 } satisfies Record<keyof AuthorRef, 1>)

const time = (d: Date | null | undefined) => (d == null ? d : d.getTime())

/** The records as columns, and what to transfer with them. */
export function packRecords(records: ContributionRecord[]): { packed: PackedRecords; transfer: ArrayBuffer[] } {
  const n = records.length
  // Arrays filled by push stay packed, which V8 serializes densely (a holey `new Array(n)` goes key by key).
  const packed: PackedRecords = { length: n, kind: [], source: [], repository: [], externalId: [], occurredAt: new Float64Array(n), committedAt: [], isMerge: [], title: [], url: [], personId: [], githubId: [], login: [], email: [], name: [] }
  for (let i = 0; i < n; i++) {
    const r = records[i]!
    const a = r.author
    packed.kind.push(r.kind)
    packed.source.push(r.source)
    packed.repository.push(r.repository)
    packed.externalId.push(r.externalId)
    packed.occurredAt[i] = r.occurredAt.getTime()
    packed.committedAt.push(time(r.committedAt))
    packed.isMerge.push(r.isMerge)
    packed.title.push(r.title)
    packed.url.push(r.url)
    packed.personId.push(a.personId)
    packed.githubId.push(a.githubId)
    packed.login.push(a.login)
    packed.email.push(a.email)
    packed.name.push(a.name)
  }
  return { packed, transfer: [packed.occurredAt.buffer as ArrayBuffer] }
}

/** The records packRecords packed: equal field by field, absent fields absent. */
export function unpackRecords(p: PackedRecords): ContributionRecord[] {
  const out: ContributionRecord[] = []
  for (let i = 0; i < p.length; i++) {
    const author: AuthorRef = {}
    if (p.personId[i] !== undefined) author.personId = p.personId[i]
    if (p.githubId[i] !== undefined) author.githubId = p.githubId[i]
    if (p.login[i] !== undefined) author.login = p.login[i]
    if (p.email[i] !== undefined) author.email = p.email[i]
    if (p.name[i] !== undefined) author.name = p.name[i]
    const r: ContributionRecord = { kind: p.kind[i]!, source: p.source[i]!, repository: p.repository[i]!, externalId: p.externalId[i]!, occurredAt: new Date(p.occurredAt[i]!), author }
    const committedAt = p.committedAt[i]
    if (committedAt !== undefined) r.committedAt = committedAt === null ? null : new Date(committedAt)
    if (p.isMerge[i] !== undefined) r.isMerge = p.isMerge[i]
    if (p.title[i] !== undefined) r.title = p.title[i]
    if (p.url[i] !== undefined) r.url = p.url[i]
    out.push(r)
  }
  return out
}
