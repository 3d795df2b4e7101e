// From an issued credential to what its certificate shows (shared by downloads and bulk issuance).
import { eq } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { communities } from '../../programs/schema.ts'
import type { CredentialRecord } from '../queries.ts'
import type { CertificateDesign, CertificateInput } from './template.ts'

/** A community's certificate design: its colours, and its logo when stored inline (never fetched). */
export async function findCertificateDesign(db: Db, communitySlug: string): Promise<CertificateDesign> {
  const [row] = await db
    .select({ primaryColor: communities.primaryColor, accentColor: communities.accentColor, logoUrl: communities.logoUrl })
    .from(communities)
    .where(eq(communities.slug, communitySlug))
    .limit(1)
  if (!row) return {}
  // Rendering never touches the network: only a data: URI logo is drawn; others get the initials emblem.
  const logoDataUri = row.logoUrl?.startsWith('data:image/') ? row.logoUrl : null
  return { primaryColor: row.primaryColor, accentColor: row.accentColor, logoDataUri }
}

/** The verification page of a credential, which the certificate's QR code opens. */
export function verificationUrl(baseUrl: string, credentialId: string): string {
  return `${baseUrl}/credentials/${credentialId}`
}

/** What the certificate of `credential` shows. */
export function certificateInputOf(credential: CredentialRecord, design: CertificateDesign, baseUrl: string): CertificateInput {
  return {
    certificateId: credential.id,
    recipientName: credential.recipientName,
    programName: credential.programName,
    communityName: credential.communityName,
    cohortTitle: credential.cohortTitle,
    validFrom: credential.validFrom.toISOString(),
    validUntil: credential.validUntil.toISOString(),
    timeZone: credential.timeZone,
    verificationUrl: verificationUrl(baseUrl, credential.id),
    design,
  }
}
