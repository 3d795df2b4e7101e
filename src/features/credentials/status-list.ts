import { createList } from '@digitalbazaar/vc-bitstring-status-list'
import { dateTimeZ } from './build-credential.ts'

/** Positions per status list: the spec's minimum of 131,072 bits (16 KB), which gives herd privacy. */
export const STATUS_LIST_SIZE = 131072

// An odd multiplier permutes 0…2^k−1: positions look scattered (no issue order leaks), yet never collide.
const MULTIPLIER = 40503
const OFFSET = 7919

/** The list position of the n-th credential of a list of `size` (a power of two) positions. */
export function positionOf(n: number, size = STATUS_LIST_SIZE): number {
  return Number((BigInt(n) * BigInt(MULTIPLIER) + BigInt(OFFSET)) % BigInt(size))
}

/** The public URL of a status list credential; did:key credentials name the key whose did:key signs it. */
export function statusListUrl(baseUrl: string, listId: string, didKeyId?: string): string {
  return didKeyId ? `${baseUrl}/credentials/status/${listId}/${didKeyId}` : `${baseUrl}/credentials/status/${listId}`
}

/** The unsigned BitstringStatusListCredential (revocation) with the given positions set. */
export async function buildStatusListCredential(o: {
  url: string
  issuerDid: string
  size: number
  revokedPositions: number[]
  validFrom: Date
}): Promise<Record<string, unknown>> {
  const list = await createList({ length: o.size })
  for (const p of o.revokedPositions) list.setStatus(p, true)
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: o.url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: o.issuerDid,
    validFrom: dateTimeZ(o.validFrom),
    credentialSubject: {
      id: `${o.url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList: await list.encode(),
    },
  }
}
