import { z } from 'zod'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { isMessageKey, t, type Locale } from '../../ui/i18n.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { inboxSettings } from './schema.ts'
import type { TriageRules } from './triage.ts'

const lines = z.string().max(20_000, 'inbox.error.rulesLength').transform((s) => [...new Set(s.split(/\r?\n/).map((l) => l.trim().toLowerCase()).filter(Boolean))])

/** The settings form: policy, where commercial mail should go, and the program's own phrases and sender patterns (one per line). Its messages are catalogue keys. */
export const inboxSettingsForm = z.object({
  policyText: z.string().trim().max(4000, 'inbox.error.policyLength'),
  elsewhere: z.string().trim().max(500, 'inbox.error.elsewhereLength').refine((s) => !/[\r\n]/.test(s), 'inbox.error.oneLine'),
  commercialPhrases: lines,
  spamPhrases: lines,
  openSourcePhrases: lines,
  commercialSenders: lines.refine((l) => l.every((p) => p.includes('@')), 'inbox.error.commercialSender'),
  spamSenders: lines.refine((l) => l.every((p) => p.includes('@')), 'inbox.error.spamSender'),
})

/** Saves a program's inbox settings (refused with field messages in `locale`, English by default, when invalid), audited. */
export async function saveInboxSettings(deps: AppDeps, input: { programId: string; fields: Record<string, string>; actor: string; locale?: Locale }): Promise<void> {
  const parsed = inboxSettingsForm.safeParse(Object.fromEntries(Object.keys(inboxSettingsForm.shape).map((k) => [k, input.fields[k] ?? ''])))
  if (!parsed.success) {
    const errors: Record<string, string> = {}
    const locale = input.locale ?? 'en'
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= isMessageKey(issue.message) ? t(locale, issue.message) : issue.message
    throw new AppError('validation', t(locale, 'inbox.error.settings'), errors, { key: 'inbox.error.settings' })
  }
  const { policyText, elsewhere, ...rules } = parsed.data
  const stored: Partial<TriageRules> = rules
  const now = deps.clock()
  await deps.db.transaction(async (tx) => {
    await tx
      .insert(inboxSettings)
      .values({ programId: input.programId, policyText, elsewhere, rules: stored, updatedBy: input.actor, updatedAt: now })
      .onConflictDoUpdate({ target: inboxSettings.programId, set: { policyText, elsewhere, rules: stored, updatedBy: input.actor, updatedAt: now } })
    await recordAudit(tx, { actor: input.actor, action: 'inbox.settings', entity: 'program', entityId: input.programId, after: parsed.data })
  })
}
