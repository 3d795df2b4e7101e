/**
 * The contexts of an Open Badges 3.0 credential: VC 2.0 first, OB 3.0.3, then the 1EdTech extensions context
 * that defines `1EdTechJsonSchemaValidator2019` (the credentialSchema type; safe-mode JSON-LD rejects it otherwise).
 */
export const OB_CONTEXTS = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
] as const

/** The 1EdTech JSON Schema an OB 3.0 credential declares in credentialSchema. */
export const OB_SCHEMA_ID = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json'

/** What an Open Badges 3.0 credential of a membership says. */
export interface CredentialContent {
  /** Absolute base of the deployment (BASE_URL), without a trailing slash. */
  baseUrl: string
  credentialId: string
  issuerDid: string
  community: { slug: string; name: string; websiteUrl: string | null; logoUrl: string | null }
  program: { slug: string; name: string; summary: string; roleMd: string }
  cohort: { slug: string; title: string; year: number }
  role: 'ambassador' | 'organizer'
  /** The name exactly as entered: never normalised, so the credential says what the person typed. */
  recipientName: string
  validFrom: Date
  validUntil: Date
  status: { listUrl: string; index: number }
}

/** XML-schema date-time in UTC with a zone ("Z") and no milliseconds. */
export const dateTimeZ = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')

/** The public URL of a credential's verification page. */
export const credentialUrl = (baseUrl: string, id: string) => `${baseUrl}/credentials/${id}`

/** The unsigned OpenBadgeCredential of a membership's term (pure: same input, same JSON). */
export function buildCredential(c: CredentialContent): Record<string, unknown> {
  const programUrl = `${c.baseUrl}/c/${c.community.slug}/programs/${c.program.slug}`
  const roleName = c.role === 'organizer' ? 'Organizer' : 'Ambassador'
  const narrative =
    c.program.roleMd.trim() ||
    `Selected by ${c.community.name} as a member of ${c.program.name} (${c.cohort.title}) for the term ${dateTimeZ(c.validFrom).slice(0, 10)} to ${dateTimeZ(c.validUntil).slice(0, 10)}.`
  return {
    '@context': [...OB_CONTEXTS],
    id: credentialUrl(c.baseUrl, c.credentialId),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `${c.program.name} — ${c.cohort.title}`,
    issuer: {
      id: c.issuerDid,
      type: ['Profile'],
      name: c.community.name,
      url: c.community.websiteUrl ?? `${c.baseUrl}/c/${c.community.slug}`,
      ...(c.community.logoUrl ? { image: { id: c.community.logoUrl, type: 'Image' } } : {}),
    },
    validFrom: dateTimeZ(c.validFrom),
    validUntil: dateTimeZ(c.validUntil),
    credentialSubject: {
      type: ['AchievementSubject'],
      name: c.recipientName,
      identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: c.recipientName }],
      role: roleName,
      term: String(c.cohort.year),
      achievement: {
        id: `${programUrl}#${encodeURIComponent(c.cohort.slug)}-${c.role}`,
        type: ['Achievement'],
        achievementType: 'ext:Membership',
        name: `${c.program.name} ${roleName} (${c.cohort.title})`,
        description: c.program.summary || `${roleName} of ${c.program.name}, ${c.community.name}.`,
        criteria: { id: programUrl, narrative },
        creator: { id: c.issuerDid, type: ['Profile'], name: c.community.name },
      },
    },
    credentialStatus: {
      id: `${c.status.listUrl}#${c.status.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(c.status.index),
      statusListCredential: c.status.listUrl,
    },
    credentialSchema: [{ id: OB_SCHEMA_ID, type: '1EdTechJsonSchemaValidator2019' }],
  }
}
