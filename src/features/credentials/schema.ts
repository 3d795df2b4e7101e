import { sql } from 'drizzle-orm'
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { memberships } from '../memberships/schema.ts'
import { communities } from '../programs/schema.ts'

/** An Ed25519 issuer key; the private half is encrypted under SECRET_KEY. Keys are never deleted, so old credentials stay verifiable. */
export const credentialKeys = pgTable('credential_keys', {
  /** Fragment of the verification method in the issuer's DID document, e.g. "key-20261122-1a2b3c". */
  id: text('id').primaryKey(),
  /** Multibase (z…) Ed25519 public key, as a Multikey verification method publishes it. */
  publicKeyMultibase: text('public_key_multibase').notNull(),
  /** AES-256-GCM ciphertext of the multibase secret key: iv.tag.ciphertext, base64url. */
  secretKeyEncrypted: text('secret_key_encrypted').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

/** A community's Bitstring Status List (revocation): credentials take positions in it. */
export const credentialStatusLists = pgTable(
  'credential_status_lists',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    /** Number of positions (bits); 131,072 is the minimum the spec asks for herd privacy. */
    size: integer('size').notNull().default(131072),
    /** How many positions were handed out; positions are a permutation of this counter, not the counter itself. */
    allocated: integer('allocated').notNull().default(0),
    /** Bumped on every revocation: the signed list is re-issued when it differs from signedVersion. */
    version: integer('version').notNull().default(0),
    signedVersion: integer('signed_version').notNull().default(-1),
    /** The last signed BitstringStatusListCredential, as JSON text. */
    signedCredential: text('signed_credential'),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('credential_status_lists_community').on(t.communityId),
    check('credential_status_lists_allocated', sql`${t.allocated} >= 0 and ${t.allocated} <= ${t.size}`),
  ],
)

/** An issued Open Badges 3.0 credential; its id is also the certificate id shown to people. */
export const credentials = pgTable(
  'credentials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    /** The term the credential attests: one credential per membership and term. */
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validUntil: timestamp('valid_until', { withTimezone: true }).notNull(),
    /** The recipient's name exactly as entered when issued (any normalisation form), as in the credential. */
    recipientName: text('recipient_name').notNull(),
    statusListId: uuid('status_list_id')
      .notNull()
      .references(() => credentialStatusLists.id),
    statusListIndex: integer('status_list_index').notNull(),
    /** The signed credential as issued; text rather than jsonb so the key order people read is kept. */
    credential: text('credential').notNull(),
    keyId: text('key_id')
      .notNull()
      .references(() => credentialKeys.id),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revocationReason: text('revocation_reason'),
  },
  (t) => [
    uniqueIndex('credentials_membership_term').on(t.membershipId, t.validFrom, t.validUntil),
    uniqueIndex('credentials_status_position').on(t.statusListId, t.statusListIndex),
    check('credentials_term_order', sql`${t.validUntil} > ${t.validFrom}`),
    check('credentials_revocation_reason', sql`(${t.revokedAt} is null) = (${t.revocationReason} is null)`),
  ],
)
