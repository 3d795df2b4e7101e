/**
 * What happens to each piece of a person's data: whether it goes into their download, and what erasure does
 * to it. Every foreign key to people, applications or memberships and every column holding an email
 * address must have a rule here; a test walks the database catalog and fails on a column without one, so a
 * new table cannot quietly keep personal data after an account is deleted.
 */

/** Name shown wherever the erased person used to appear. */
export const ERASED_NAME = 'Deleted person'
/** How an erased person's handle begins (a random suffix follows): with ERASED_NAME and no email, it marks them. */
export const ERASED_HANDLE_PREFIX = 'deleted-'

/** On erasure: remove the rows, null the reference (rows stay, no longer linked), or keep them as records. */
export type Erase = 'delete' | 'detach' | 'keep'

/** One rule for a `table.column` that points at a person, one of their applications or memberships. */
export interface DataRule {
  /** Included in the person's data download. */
  export: boolean
  erase: Erase
  /** Why, when it is not obvious (committee records, others' work). */
  why?: string
  /** With "detach" on an address column: other columns of the same rows to overwrite (their personal content). */
  blank?: Record<string, string | null>
}

/** Columns referencing people.id. */
export const personRules: Record<string, DataRule> = {
  'applications.person_id': { export: true, erase: 'keep', why: 'anonymised in place (answers, links cleared): cohort statistics stay right' },
  'memberships.person_id': { export: true, erase: 'keep', why: 'the term record of a cohort; the person row itself is anonymised' },
  'identities.person_id': { export: true, erase: 'delete' },
  'sessions.person_id': { export: false, erase: 'delete' },
  'sign_in_tokens.person_id': { export: false, erase: 'delete', why: 'pending links that add an address to the account' },
  'api_tokens.person_id': { export: true, erase: 'delete' },
  'role_grants.person_id': { export: true, erase: 'delete' },
  'contributor_identities.person_id': { export: true, erase: 'detach', why: 'public git history stays, unlinked from the person' },
  'acceptance_offers.person_id': { export: true, erase: 'keep', why: 'the selection record' },
  'selection_decisions.person_id': { export: true, erase: 'keep', why: 'the selection record' },
  'cohort_reviewers.person_id': { export: true, erase: 'delete' },
  'review_assignments.reviewer_person_id': { export: true, erase: 'keep', why: 'committee record of who reviewed what' },
  'review_conflicts.reviewer_person_id': { export: true, erase: 'delete' },
  'reviews.reviewer_person_id': { export: true, erase: 'keep', why: 'scores stay part of the committee decision' },
  'activities.person_id': { export: true, erase: 'delete' },
  'activities.confirmed_by': { export: false, erase: 'detach' },
  'activity_months.person_id': { export: false, erase: 'delete', why: 'counts derived from the person’s activities (exported themselves)' },
  'announcements.scheduled_by': { export: false, erase: 'detach' },
  'calendar_feed_keys.person_id': { export: false, erase: 'delete' },
  'feedback_items.author_id': { export: true, erase: 'detach', why: 'the user group’s feedback stays, without its author' },
  'feedback_votes.person_id': { export: true, erase: 'detach' },
  'mail_template_overrides.updated_by': { export: false, erase: 'detach' },
  'meetings.created_by': { export: false, erase: 'detach' },
  'user_group_liaisons.person_id': { export: true, erase: 'delete' },
  'user_groups.decided_by': { export: false, erase: 'detach' },
  'user_groups.proposed_by': { export: false, erase: 'detach' },
  'working_group_members.person_id': { export: true, erase: 'delete' },
  'inbox_messages.assignee_id': { export: false, erase: 'detach' },
  'inbox_replies.author_id': { export: false, erase: 'detach', why: 'replies sent on behalf of the program stay' },
  'inbox_settings.updated_by': { export: false, erase: 'detach' },
  'program_webhooks.created_by': { export: false, erase: 'detach' },
  'triage_examples.created_by': { export: false, erase: 'detach' },
  'approved_commenters.approved_by': { export: false, erase: 'detach' },
  'comments.moderated_by': { export: false, erase: 'detach' },
  'benefit_fulfilments.person_id': { export: true, erase: 'delete', why: 'claims hold a shipping address' },
}

/** Columns referencing applications.id (the person's applications). */
export const applicationRules: Record<string, DataRule> = {
  'evidence_items.application_id': { export: true, erase: 'delete' },
  'reviews.application_id': { export: false, erase: 'keep', why: 'reviewers’ private comments are never shown to applicants' },
  'review_assignments.application_id': { export: false, erase: 'keep' },
  'review_conflicts.application_id': { export: false, erase: 'keep' },
  'selection_decisions.application_id': { export: false, erase: 'keep', why: 'exported through selection_decisions.person_id' },
  'selection_exceptions.application_id': { export: false, erase: 'keep' },
  'acceptance_offers.application_id': { export: false, erase: 'keep', why: 'exported through acceptance_offers.person_id' },
}

/** Columns referencing memberships.id (the person's terms). */
export const membershipRules: Record<string, DataRule> = {
  'credentials.membership_id': { export: true, erase: 'keep', why: 'revoked or kept by the deployment’s policy (ERASURE_CREDENTIALS)' },
  'acceptance_offers.membership_id': { export: false, erase: 'keep' },
  'memberships.renewed_by_id': { export: false, erase: 'keep' },
}

/**
 * Text columns that hold an email address, matched case-insensitively against each of the person's addresses
 * (personAddresses: the account's address and every address of their sign-in identities, such as one added on
 * the account page); "detach" replaces the address with erased@invalid.
 */
export const emailRules: Record<string, DataRule> = {
  'people.email': { export: true, erase: 'keep', why: 'the person row is anonymised' },
  'outbox_messages.to_address': { export: true, erase: 'detach', why: 'the delivery record stays with the address and bodies blanked', blank: { subject: '[erased]', text_body: '', html_body: null } },
  'sign_in_tokens.email': { export: false, erase: 'delete' },
  'identities.email': { export: true, erase: 'delete' },
  'contributor_identities.email': { export: true, erase: 'keep', why: 'an author address in public git history, unlinked from the person' },
  'inbox_messages.from_address': { export: true, erase: 'detach', why: 'the program keeps the thread, without the sender’s address' },
  'mail_preferences.address': { export: true, erase: 'delete' },
  'triage_examples.sender_address': { export: false, erase: 'detach' },
  'approved_commenters.email': { export: true, erase: 'delete' },
  'comments.author_email': { export: true, erase: 'detach', why: 'the discussion stays; the comment is signed "Deleted person"', blank: { author_name: ERASED_NAME } },
  'benefit_fulfilments.address_sealed': { export: false, erase: 'keep', why: 'encrypted; the row goes with benefit_fulfilments.person_id' },
}

/** Columns never copied into a download whatever the table: secrets and their hashes. */
export const SECRET_COLUMN = /(hash|secret|encrypted|cipher|token|private|key_material)/i
