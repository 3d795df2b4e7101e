import { z } from 'zod'
import { isCalendarDay, isValidTimeZone } from '../../lib/dates.ts'
import { isCountryCode } from '../../lib/countries.ts'
import { activityTypes, feedbackKinds, meetingCadences, regions } from './schema.ts'
import type { MessageKey } from '../../ui/i18n.ts'

/** A form as posted: field → value. */
export type RawForm = Record<string, string>

/** Whether a string is an absolute http(s) URL with a host. */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value)
    return (u.protocol === 'http:' || u.protocol === 'https:') && Boolean(u.hostname)
  } catch {
    return false
  }
}

/**
 * The key one link is known by: lower-case scheme and host, no default port, no fragment, no trailing slash,
 * http and https alike, so "https://Blog.example/post/#top" and "http://blog.example/post" are the same log.
 */
export function linkKey(url: string): string {
  const u = new URL(url)
  u.hash = ''
  const path = u.pathname.replace(/\/+$/, '')
  return `${u.hostname.toLowerCase()}${u.port ? `:${u.port}` : ''}${path}${u.search}`
}

const link = z.string().trim().max(2000, 'community.field.tooLong').refine(isHttpUrl, 'community.field.notLink')
const day = z.string().trim().refine(isCalendarDay, 'community.field.notDate')
const optionalId = z
  .string()
  .default('')
  .transform((v) => v.trim())
  .transform((v) => v || undefined)
  .pipe(z.uuid('community.field.chooseGroup').optional())

/** An activity as logged by an ambassador (the "not in the future" rule needs the clock: see logActivity). */
export const activityForm = z.object({
  type: z.enum(activityTypes, { error: 'community.field.chooseType' }),
  title: z.string().trim().min(1, 'community.field.giveTitle').max(300, 'community.field.tooLong'),
  occurredOn: day,
  url: link,
  region: z.enum(regions, { error: 'community.field.chooseRegion' }),
  groupId: optionalId,
  audienceSize: z
    .string()
    .default('')
    .transform((v) => v.trim())
    .transform((v) => (v === '' ? undefined : Number(v)))
    .pipe(z.number({ error: 'community.field.notNumber' }).int('community.field.notNumber').min(0, 'community.field.notNumber').max(1_000_000, 'community.field.notNumber').optional()),
})
/** A validated activity. */
export type ActivityInput = z.infer<typeof activityForm>

/** A user group as proposed by an ambassador. */
export const groupForm = z.object({
  name: z.string().trim().min(2, 'community.field.giveName').max(120, 'community.field.tooLong'),
  city: z.string().trim().min(1, 'community.field.giveCity').max(120, 'community.field.tooLong'),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isCountryCode, 'community.field.chooseCountry'),
  region: z.enum(regions, { error: 'community.field.chooseRegion' }),
  links: z
    .string()
    .default('')
    .transform((v) => v.split(/\s+/).filter(Boolean))
    .pipe(z.array(link).max(10, 'community.field.tooLong')),
  organisers: z.string().trim().max(500, 'community.field.tooLong').default(''),
  cadence: z.enum(meetingCadences, { error: 'community.field.chooseCadence' }),
  lastMeetupOn: z.union([z.literal(''), day]).default('').transform((v) => v || undefined),
})
/** A validated group proposal. */
export type GroupInput = z.infer<typeof groupForm>

/** A feedback item from a user group. */
export const feedbackForm = z.object({
  groupId: z.uuid('community.field.chooseGroup'),
  text: z.string().trim().min(5, 'community.field.giveText').max(4000, 'community.field.tooLong'),
  productArea: z
    .string()
    .trim()
    .min(1, 'community.field.giveArea')
    .max(60, 'community.field.tooLong')
    .transform((v) => v.toLowerCase()),
  kind: z.enum(feedbackKinds, { error: 'community.field.chooseKind' }),
})
/** A validated feedback item. */
export type FeedbackInput = z.infer<typeof feedbackForm>

/** A weekly meeting: first start as local date and time in its zone. */
export const meetingForm = z.object({
  title: z.string().trim().min(1, 'community.field.giveTitle').max(200, 'community.field.tooLong'),
  timeZone: z.string().trim().refine(isValidTimeZone, 'community.field.chooseZone'),
  firstDay: day,
  startTime: z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'community.field.notTime'),
  durationMinutes: z.coerce.number({ error: 'community.field.notNumber' }).int('community.field.notNumber').min(5, 'community.field.notNumber').max(1440, 'community.field.notNumber'),
  // Empty means weekly; anything else must be a whole number of weeks from 1 to 8 (told next to the field).
  intervalWeeks: z
    .string()
    .default('')
    .transform((v) => v.trim())
    .transform((v) => (v === '' ? 1 : Number(v)))
    .pipe(z.number({ error: 'community.field.notInterval' }).int('community.field.notInterval').min(1, 'community.field.notInterval').max(8, 'community.field.notInterval')),
  untilDay: z.union([z.literal(''), day]).default('').transform((v) => v || undefined),
  location: z.string().trim().max(500, 'community.field.tooLong').default(''),
  agendaMd: z.string().max(20_000, 'community.field.tooLong').default(''),
  workingGroupId: optionalId,
})
/** A validated meeting. */
export type MeetingInput = z.infer<typeof meetingForm>

/** Field → message key of a failed parse (the first issue per field). */
export function issueKeys(error: z.ZodError): Record<string, MessageKey> {
  const fields: Record<string, MessageKey> = {}
  for (const issue of error.issues) {
    const name = String(issue.path[0] ?? '_')
    const message = issue.message.startsWith('community.') ? issue.message : 'community.field.invalid'
    fields[name] ??= message as MessageKey
  }
  return fields
}
