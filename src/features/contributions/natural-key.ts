import { hash } from 'node:crypto'

/**
 * The key of a contribution: the MD5 of its natural key (kind ␟ repository ␟ external id, UTF-8) as 32 hex
 * digits, which PostgreSQL reads as a uuid. The same value as `md5(kind || chr(31) || repository || chr(31) ||
 * external_id)::uuid` in SQL (the activity ledger's imported-line id is this key without dashes); computed here, where the
 * store builds a batch, rather than in the insert (decision 25).
 */
export function contributionKey(kind: string, repository: string, externalId: string): string {
  return hash('md5', `${kind}\u001f${repository}\u001f${externalId}`, 'hex')
}
