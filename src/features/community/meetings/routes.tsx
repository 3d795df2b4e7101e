import { Hono, type Context } from 'hono'
import { eq, inArray } from 'drizzle-orm'
import type { AppDeps } from '../../../deps.ts'
import { AppError } from '../../../lib/errors.ts'
import { renderMarkdown } from '../../../lib/markdown.ts'
import { t, type MessageKey } from '../../../ui/i18n.ts'
import type { AppEnv } from '../../../ui/env.ts'
import { fieldsNamed, readStringFields, refuseUnstorableText, unstorableFields } from '../../../ui/read-form.ts'
import { meetingForm } from '../forms.ts'
import { loadProgramPage, viewerZone } from '../context.ts'
import { isValidTimeZone } from '../../../lib/dates.ts'
import { MeetingsPage } from '../views/meetings-page.tsx'
import { ensurePersonFeedToken, groupFeedToken, isGroupFeedToken, meetingsCalendar, meetingsForPerson, personOfFeedToken } from './calendar-feed.ts'
import { formatInZone, occurrencesBetween } from './occurrences.ts'
import { listProgramMeetings, listWorkingGroups, occurrenceRecords } from './queries.ts'
import { recordAttendance, scheduleMeeting } from './schedule-meeting.ts'
import { meetings, workingGroups } from '../schema.ts'
import { people } from '../../people/schema.ts'
import { createWorkingGroup } from './working-groups.ts'

type Loaded = Exclude<Awaited<ReturnType<typeof loadProgramPage>>, { redirect: Response }>

/** How many coming occurrences of each meeting the page lists. */
const SHOWN_OCCURRENCES = 4

/** Meetings and working groups of a program, attendance, and the token-addressed iCalendar feeds. */
export function meetingRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const path = '/c/:community/programs/:program/meetings'
  const host = new URL(deps.config.baseUrl).host

  async function render(
    c: Context<AppEnv>,
    loaded: Loaded,
    state: { values?: Record<string, string>; errors?: Record<string, string>; notice?: string; attendanceError?: { meetingId: string; iso: string; message: string }; workingGroupForm?: { values: Record<string, string>; errors: Record<string, string> } } = {},
    status: 200 | 400 | 422 = 200,
  ) {
    const l = loaded.frame.locale
    const zone = viewerZone(c)
    // A zone typed into the page's zone field that is none: said under the field, times shown in the zone used.
    const typedZone = c.req.query('tz')
    const zoneError = typedZone && !isValidTimeZone(typedZone) ? { value: typedZone, message: 'community.field.chooseZone' } : undefined
    if (zoneError && status === 200) status = 400
    const now = deps.clock()
    // A week back, so this week's meeting can still be marked as attended.
    const from = new Date(now.getTime() - 7 * 86_400_000)
    const horizon = new Date(now.getTime() + 365 * 86_400_000)
    const [rows, groups, token] = await Promise.all([
      listProgramMeetings(deps.db, loaded.program.id),
      listWorkingGroups(deps.db, loaded.program.id),
      ensurePersonFeedToken(deps.db, deps.secretKey, loaded.viewer.personId),
    ])
    const planned = rows.map((r) => ({ ...r, starts: occurrencesBetween(r.meeting, from, horizon, SHOWN_OCCURRENCES) }))
    const records = await occurrenceRecords(deps.db, rows.map((r) => r.meeting.id), from, horizon)
    const locale = l === 'zh-CN' ? 'zh-CN' : 'en-GB'
    const meetingViews = planned.map(({ meeting: m, workingGroupName, starts }) => ({
      id: m.id,
      title: m.title,
      workingGroupName,
      rule: t(l, 'community.meetings.every', { n: m.intervalWeeks, time: m.firstStartLocal.slice(11), zone: m.timeZone }),
      location: m.location,
      agendaHtml: m.agendaMd ? renderMarkdown(m.agendaMd) : '',
      occurrences: starts.map((s) => {
        const record = records.find((r) => r.meetingId === m.id && r.startsAt.getTime() === s.getTime())
        const iso = s.toISOString()
        const error = state.attendanceError?.meetingId === m.id && state.attendanceError.iso === iso ? state.attendanceError.message : undefined
        return { iso, label: formatInZone(s, zone, locale), attendees: record?.attendees.length ?? 0, attended: record?.attendees.includes(loaded.viewer.personId) ?? false, started: s.getTime() <= now.getTime(), error }
      }),
    }))
    const canSeeGroupFeed = (g: { members: { id: string }[] }) => loaded.standing.isManager || g.members.some((p) => p.id === loaded.viewer.personId)
    return c.html(
      <MeetingsPage
        frame={loaded.frame}
        viewerZone={zone}
        meetings={meetingViews}
        workingGroups={groups.map((g) => ({ ...g, feedUrl: canSeeGroupFeed(g) ? `${deps.config.baseUrl}/calendar/working-groups/${g.id}/${groupFeedToken(deps.secretKey, g.id)}.ics` : undefined }))}
        feedUrl={`${deps.config.baseUrl}/calendar/people/${token}.ics`}
        values={state.values ?? {}}
        errors={state.errors ?? {}}
        notice={state.notice}
        workingGroupForm={state.workingGroupForm}
        zoneError={zoneError}
      />,
      status,
    )
  }

  app.get(path, async (c) => {
    const loaded = await loadProgramPage(deps, c)
    if (loaded.redirect) return loaded.redirect
    const l = loaded.frame.locale
    return render(c, loaded, { notice: c.req.query('scheduled') ? t(l, 'community.meetings.scheduled') : c.req.query('created') ? t(l, 'community.meetings.workingGroupCreated') : undefined })
  })

  app.post(path, async (c) => {
    const loaded = await loadProgramPage(deps, c)
    if (loaded.redirect) return loaded.redirect
    const form = await readStringFields(c)
    try {
      refuseUnstorableText(fieldsNamed(form, Object.keys(meetingForm.shape)), 'key')
      await scheduleMeeting(deps.db, { programId: loaded.program.id, standing: loaded.standing, form })
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation') return render(c, loaded, { values: form, errors: err.fields }, 422)
      throw err
    }
    return c.redirect(`${c.req.path}?scheduled=1`, 303)
  })

  // Managers create a working group with its first members, named by their handles (ambassadors of the program).
  app.post(`${path}/working-groups`, async (c) => {
    const loaded = await loadProgramPage(deps, c, { managersOnly: true })
    if (loaded.redirect) return loaded.redirect
    const form = await readStringFields(c)
    const refuse = (errors: Record<string, string>) => render(c, loaded, { workingGroupForm: { values: form, errors } }, 422)
    const nul = unstorableFields(fieldsNamed(form, ['name', 'description', 'members']), 'key')
    if (Object.keys(nul).length) return refuse(nul)
    const handles = [...new Set((form.members ?? '').toLowerCase().split(/[,\s]+/).map((h) => h.replace(/^@/, '')).filter(Boolean))]
    const found = handles.length ? await deps.db.select({ id: people.id }).from(people).where(inArray(people.handle, handles)) : []
    if (found.length !== handles.length) return refuse({ members: 'community.field.notMember' })
    if ((form.description ?? '').trim().length > 500) return refuse({ description: 'community.field.tooLong' })
    try {
      await createWorkingGroup(deps.db, { programId: loaded.program.id, standing: loaded.standing, name: form.name ?? '', description: form.description, memberIds: found.map((p) => p.id) })
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation') return refuse(err.fields)
      throw err
    }
    return c.redirect(`${c.req.path.replace(/\/working-groups$/, '')}?created=1`, 303)
  })

  app.post(`${path}/:id/attendance`, async (c) => {
    const loaded = await loadProgramPage(deps, c)
    if (loaded.redirect) return loaded.redirect
    const { startsAt = '', attended } = await readStringFields(c)
    const meetingId = c.req.param('id')
    const at = new Date(startsAt)
    try {
      await recordAttendance(deps.db, { programId: loaded.program.id, standing: loaded.standing, meetingId, startsAt: at, attended: attended !== 'no', now: deps.clock() })
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation') throw err
      const message = t(loaded.frame.locale, (err.fields.startsAt ?? 'community.meetings.notYet') as MessageKey)
      return render(c, loaded, { attendanceError: { meetingId, iso: at.toISOString(), message } }, 422)
    }
    return c.redirect(c.req.path.replace(/\/[^/]+\/attendance$/, ''), 303)
  })

  const calendarResponse = (c: Context, body: string) => c.body(body, 200, { 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'private, max-age=300' })

  // Calendar apps fetch these without cookies: the unguessable token in the URL is the credential.
  app.get('/calendar/people/:file', async (c) => {
    const token = c.req.param('file').replace(/\.ics$/, '')
    const personId = await personOfFeedToken(deps.db, deps.secretKey, token)
    if (!personId) throw new AppError('not_found', 'There is no such calendar.')
    const rows = await meetingsForPerson(deps.db, personId)
    return calendarResponse(c, meetingsCalendar(rows, { name: 'Embassy meetings', host }))
  })

  app.get('/calendar/working-groups/:id/:file', async (c) => {
    const id = c.req.param('id')
    const token = c.req.param('file').replace(/\.ics$/, '')
    if (!/^[0-9a-f-]{36}$/i.test(id) || !isGroupFeedToken(deps.secretKey, id, token)) throw new AppError('not_found', 'There is no such calendar.')
    const [group] = await deps.db.select({ name: workingGroups.name }).from(workingGroups).where(eq(workingGroups.id, id))
    if (!group) throw new AppError('not_found', 'There is no such calendar.')
    const rows = await deps.db.select().from(meetings).where(eq(meetings.workingGroupId, id))
    return calendarResponse(c, meetingsCalendar(rows, { name: group.name, host }))
  })

  return app
}
