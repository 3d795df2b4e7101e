import ICAL from 'ical.js'
import { beforeAll, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { describeDb } from '../../../../tests/support/db.ts'
import { refusal } from '../../../../tests/support/refusal.ts'
import { createApp } from '../../../app.tsx'
import { signedInClient } from '../../../../tests/support/sign-in.ts'
import { meetingOccurrences, workingGroupMembers, workingGroups } from '../schema.ts'
import { people } from '../../people/schema.ts'
import { makeTermWorld } from '../test-support.ts'
import { ensurePersonFeedToken, groupFeedToken } from './calendar-feed.ts'
import { recordAttendance, scheduleMeeting } from './schedule-meeting.ts'
import { createWorkingGroup } from './working-groups.ts'

/** Summary → first `n` start instants, as ical.js (an independent parser) expands the feed. */
function expand(ics: string, n: number): Record<string, string[]> {
  const root = new ICAL.Component(ICAL.parse(ics))
  for (const tz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz))
  const out: Record<string, string[]> = {}
  for (const vevent of root.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(vevent)
    const it = event.iterator()
    const starts: string[] = []
    for (let next = it.next(); next && starts.length < n; next = it.next()) starts.push(next.toJSDate().toISOString())
    out[event.summary] = starts
  }
  return out
}

const meetingForm = (overrides: Record<string, string> = {}) => ({ title: 'Weekly ambassadors call', timeZone: 'Europe/Berlin', firstDay: '2025-10-16', startTime: '17:00', durationMinutes: '60', untilDay: '', location: 'https://meet.example/ksap', agendaMd: '# Agenda\n\n<script>alert(1)</script> *news*', workingGroupId: '', ...overrides })

describeDb('meetings, working groups and calendar feeds', (ctx) => {
  let world: Awaited<ReturnType<typeof makeTermWorld>>
  let wg: string
  beforeAll(async () => {
    ctx().setNow(new Date('2025-10-01T00:00:00Z'))
    world = await makeTermWorld(ctx().db, 2)
  })

  it('managers schedule program meetings, working-group members their group\'s; bad input is refused', async () => {
    const { db } = ctx()
    const p = world.programId
    const first = await world.standingOf(world.ambassadors[0]!.id)
    const second = await world.standingOf(world.ambassadors[1]!.id)
    await scheduleMeeting(db, { programId: p, standing: world.managerStanding, form: meetingForm() })
    expect((await refusal(scheduleMeeting(db, { programId: p, standing: first, form: meetingForm() }))).code).toBe('forbidden')
    expect((await refusal(scheduleMeeting(db, { programId: p, standing: world.managerStanding, form: meetingForm({ timeZone: 'Mars/Olympus', startTime: '25:00', untilDay: '2025-10-01' }) }))).fields).toEqual({ timeZone: 'community.field.chooseZone', startTime: 'community.field.notTime' })
    expect((await refusal(scheduleMeeting(db, { programId: p, standing: world.managerStanding, form: meetingForm({ untilDay: '2025-10-01' }) }))).fields).toEqual({ untilDay: 'community.field.untilBeforeFirst' })
    expect((await refusal(createWorkingGroup(db, { programId: p, standing: world.managerStanding, name: 'Docs', memberIds: [world.manager.id] }))).fields).toEqual({ members: 'community.field.notMember' })
    wg = (await createWorkingGroup(db, { programId: p, standing: world.managerStanding, name: 'Localisation', memberIds: [world.ambassadors[0]!.id] })).id
    await scheduleMeeting(db, { programId: p, standing: first, form: meetingForm({ title: 'Localisation sync', timeZone: 'America/New_York', firstDay: '2025-10-30', startTime: '09:30', workingGroupId: wg, untilDay: '2025-11-13' }) })
    expect((await refusal(scheduleMeeting(db, { programId: p, standing: second, form: meetingForm({ title: 'Not mine', workingGroupId: wg }) }))).code).toBe('forbidden')
  })

  it('the personal feed works without cookies and parses with ical.js to the right instants across the DST changes', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const token = await ensurePersonFeedToken(deps.db, deps.secretKey, world.ambassadors[0]!.id)
    const res = await app.request(`/calendar/people/${token}.ics`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/calendar')
    const ics = await res.text()
    const starts = expand(ics, 4)
    // Berlin 17:00: CEST (UTC+2) until October 26, CET (UTC+1) after.
    expect(starts['Weekly ambassadors call']).toEqual(['2025-10-16T15:00:00.000Z', '2025-10-23T15:00:00.000Z', '2025-10-30T16:00:00.000Z', '2025-11-06T16:00:00.000Z'])
    // New York 09:30: EDT (UTC−4) until November 2, EST (UTC−5) after; three occurrences until November 13.
    expect(starts['Localisation sync']).toEqual(['2025-10-30T13:30:00.000Z', '2025-11-06T14:30:00.000Z', '2025-11-13T14:30:00.000Z'])
    expect(ics).not.toContain('<script>')

    const other = await ensurePersonFeedToken(deps.db, deps.secretKey, world.ambassadors[1]!.id)
    expect(Object.keys(expand(await (await app.request(`/calendar/people/${other}.ics`)).text(), 1))).toEqual(['Weekly ambassadors call'])
    expect((await app.request(`/calendar/people/${token.slice(0, -2)}xx.ics`)).status).toBe(404)
    await ensurePersonFeedToken(deps.db, deps.secretKey, world.ambassadors[0]!.id, true)
    expect((await app.request(`/calendar/people/${token}.ics`)).status).toBe(404)

    const group = await app.request(`/calendar/working-groups/${wg}/${groupFeedToken(deps.secretKey, wg)}.ics`)
    expect(Object.keys(expand(await group.text(), 1))).toEqual(['Localisation sync'])
    expect((await app.request(`/calendar/working-groups/${wg}/${groupFeedToken(deps.secretKey, world.groupId)}.ics`)).status).toBe(404)
  })

  it('attendance is recorded per occurrence, idempotently, and only at a real occurrence', async () => {
    const { db } = ctx()
    const [meeting] = (await db.query.meetings.findMany({ where: (m, { eq: e }) => e(m.title, 'Weekly ambassadors call') })).filter((m) => m.programId === world.programId)
    const standing = await world.standingOf(world.ambassadors[1]!.id)
    const at = new Date('2025-10-30T16:00:00.000Z')
    const base = { programId: world.programId, meetingId: meeting!.id, startsAt: at, now: new Date('2025-10-30T16:30:00.000Z') }
    await recordAttendance(db, { ...base, standing, attended: true })
    await recordAttendance(db, { ...base, standing, attended: true })
    await recordAttendance(db, { ...base, standing: await world.standingOf(world.ambassadors[0]!.id), attended: true })
    const [row] = await db.select().from(meetingOccurrences).where(eq(meetingOccurrences.meetingId, meeting!.id))
    expect(row!.attendees.sort()).toEqual([world.ambassadors[0]!.id, world.ambassadors[1]!.id].sort())
    await recordAttendance(db, { ...base, standing, attended: false })
    const [after] = await db.select().from(meetingOccurrences).where(eq(meetingOccurrences.meetingId, meeting!.id))
    expect(after!.attendees).toEqual([world.ambassadors[0]!.id])
    // 15:00 UTC was the time before the DST change: on October 30 there is no occurrence then.
    expect((await refusal(recordAttendance(db, { ...base, startsAt: new Date('2025-10-30T15:00:00.000Z'), standing, attended: true }))).code).toBe('not_found')
  })

  it('attendance is refused for an occurrence still to come: inline on the page (422), nothing stored; the page offers it only once begun', async () => {
    const deps = ctx()
    const [meeting] = (await deps.db.query.meetings.findMany({ where: (m, { eq: e }) => e(m.title, 'Weekly ambassadors call') })).filter((m) => m.programId === world.programId)
    deps.setNow(new Date('2025-11-10T12:00:00Z'))
    try {
      const client = await signedInClient(createApp(deps), deps.db, world.ambassadors[1]!.email)
      const page = `${world.base}/meetings`
      const before = await client.get(`${page}?tz=UTC`)
      // November 6 (16:00 UTC) has begun: it can be marked; November 13 has not: no button.
      expect(before.text).toMatch(/datetime="2025-11-06T16:00:00.000Z"[^]*?name="startsAt" value="2025-11-06T16:00:00.000Z"/)
      expect(before.text).toContain('datetime="2025-11-13T16:00:00.000Z"')
      expect(before.text).not.toContain('name="startsAt" value="2025-11-13T16:00:00.000Z"')

      const future = await client.post(`${page}/${meeting!.id}/attendance`, { startsAt: '2025-11-13T16:00:00.000Z', attended: 'yes' })
      expect(future.status).toBe(422)
      expect(future.text).toMatch(/datetime="2025-11-13T16:00:00.000Z"[^]*?<p class="field-error" role="alert">This meeting has not started yet: record your attendance once it has begun.<\/p>/)
      expect(await deps.db.select().from(meetingOccurrences).where(and(eq(meetingOccurrences.meetingId, meeting!.id), eq(meetingOccurrences.startsAt, new Date('2025-11-13T16:00:00.000Z'))))).toEqual([])
      expect((await refusal(recordAttendance(deps.db, { programId: world.programId, meetingId: meeting!.id, startsAt: new Date('2025-11-13T16:00:00.000Z'), standing: await world.standingOf(world.ambassadors[1]!.id), attended: true, now: deps.clock() }))).code).toBe('validation')

      const past = await client.post(`${page}/${meeting!.id}/attendance`, { startsAt: '2025-11-06T16:00:00.000Z', attended: 'yes' })
      expect(past.status).toBe(303)
      const [row] = await deps.db.select().from(meetingOccurrences).where(and(eq(meetingOccurrences.meetingId, meeting!.id), eq(meetingOccurrences.startsAt, new Date('2025-11-06T16:00:00.000Z'))))
      expect(row!.attendees).toEqual([world.ambassadors[1]!.id])
    } finally {
      deps.setNow(new Date('2025-10-01T00:00:00Z'))
    }
  })

  it('the scheduling form sets every how many weeks a meeting recurs; a number of weeks outside 1–8 is told next to the field, values kept, nothing stored', async () => {
    const deps = ctx()
    const manager = await signedInClient(createApp(deps), deps.db, world.manager.email)
    const page = `${world.base}/meetings`
    const form = await manager.get(page)
    expect(form.text).toContain('<label for="intervalWeeks">Every how many weeks (1–8)</label>')
    const countOf = async (title: string) => (await deps.db.query.meetings.findMany({ where: (m, { eq: e }) => e(m.title, title) })).length
    for (const intervalWeeks of ['0', '9', 'two', '1.5']) {
      const refused = await manager.post(page, meetingForm({ title: 'Fortnightly docs call', intervalWeeks }))
      expect(refused.status).toBe(422)
      expect(refused.text).toContain('<p class="field-error" id="intervalWeeks-error">Enter a number of weeks from 1 to 8.</p>')
      expect(refused.text).toContain(`value="${intervalWeeks}" aria-invalid="true" aria-describedby="intervalWeeks-error"`)
      expect(refused.text).toContain('value="Fortnightly docs call"')
    }
    const zh = await manager.post(`${page}?lang=zh-CN`, meetingForm({ title: 'Fortnightly docs call', intervalWeeks: '10' }))
    expect(zh.text).toContain('<p class="field-error" id="intervalWeeks-error">请输入 1 到 8 之间的周数。</p>')
    expect(await countOf('Fortnightly docs call')).toBe(0)

    expect((await manager.post(`${page}?lang=en`, meetingForm({ title: 'Fortnightly docs call', intervalWeeks: '2' }))).status).toBe(303)
    const [meeting] = await deps.db.query.meetings.findMany({ where: (m, { eq: e }) => e(m.title, 'Fortnightly docs call') })
    expect(meeting!.intervalWeeks).toBe(2)
    expect((await manager.get(`${page}?tz=Europe/Berlin`)).text).toContain('Every 2 week(s) at 17:00 (Europe/Berlin)')
    // Left empty, a meeting is weekly.
    expect((await manager.post(page, meetingForm({ title: 'Weekly triage', intervalWeeks: '' }))).status).toBe(303)
    expect((await deps.db.query.meetings.findMany({ where: (m, { eq: e }) => e(m.title, 'Weekly triage') }))[0]!.intervalWeeks).toBe(1)
  })

  it('managers create a working group on the meetings page with its members by handle; a handle of no ambassador or an empty name is told next to the field, values kept, nothing stored', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const manager = await signedInClient(app, deps.db, world.manager.email)
    const page = `${world.base}/meetings`
    const [jana] = await deps.db.select({ handle: people.handle }).from(people).where(eq(people.id, world.ambassadors[1]!.id))
    const [managerRow] = await deps.db.select({ handle: people.handle }).from(people).where(eq(people.id, world.manager.id))
    expect((await manager.get(page)).text).toContain('<h2 id="working-group-heading">Create a working group</h2>')
    const groupsNamed = (name: string) => deps.db.select({ id: workingGroups.id }).from(workingGroups).where(eq(workingGroups.name, name))

    // A handle that names nobody, or someone who is no ambassador of the program (the manager), is refused.
    for (const members of [`${jana!.handle}, nobody-${deps.engine}`, managerRow!.handle]) {
      const refused = await manager.post(`${page}/working-groups`, { name: 'Translations 翻译', description: 'Chinese docs', members })
      expect(refused.status).toBe(422)
      expect(refused.text).toContain('<p class="field-error" id="members-error">Only ambassadors of the program can take this role.</p>')
      expect(refused.text).toContain(`value="${members}" aria-invalid="true" aria-describedby="members-error"`)
      expect(refused.text).toContain('value="Translations 翻译"')
    }
    const unnamed = await manager.post(`${page}/working-groups?lang=zh-CN`, { name: ' ', members: jana!.handle })
    expect(unnamed.status).toBe(422)
    expect(unnamed.text).toContain('<p class="field-error" id="name-error">')
    expect(await groupsNamed('Translations 翻译')).toEqual([])

    const created = await manager.post(`${page}/working-groups?lang=en`, { name: 'Translations 翻译', description: 'Chinese docs', members: `@${jana!.handle.toUpperCase()}` })
    expect(created.status).toBe(303)
    expect(created.headers.get('location')).toBe(`${page}?created=1`)
    const [group] = await groupsNamed('Translations 翻译')
    expect(await deps.db.select({ personId: workingGroupMembers.personId }).from(workingGroupMembers).where(eq(workingGroupMembers.workingGroupId, group!.id))).toEqual([{ personId: world.ambassadors[1]!.id }])
    // The group can then be chosen for a meeting, and an ambassador cannot create one.
    expect((await manager.get(`${page}?created=1`)).text).toMatch(new RegExp(`Working group created\\.[^]*<option value="${group!.id}">Translations 翻译</option>`))
    const ambassador = await signedInClient(app, deps.db, world.ambassadors[0]!.email)
    expect((await ambassador.post(`${page}/working-groups`, { name: 'Mine', members: '' })).status).toBe(403)
  })

  it('a zone typed into the meetings page that is no time zone is said under the zone field (400), the text kept, times shown in UTC', async () => {
    const deps = ctx()
    const client = await signedInClient(createApp(deps), deps.db, world.ambassadors[0]!.email)
    const page = `${world.base}/meetings`
    const bad = await client.get(`${page}?tz=${encodeURIComponent('Beijing')}`)
    expect(bad.status).toBe(400)
    expect(bad.text).toContain('<input id="tz" name="tz" value="Beijing" aria-invalid="true" aria-describedby="tz-error"/>')
    expect(bad.text).toContain('<p class="field-error" id="tz-error">Choose a time zone such as Europe/Berlin.</p>')
    expect(bad.text).toContain('Next occurrences, in your time zone (UTC)')
    const zh = await client.get(`${page}?tz=Mars%2FOlympus&lang=zh-CN`)
    expect(zh.status).toBe(400)
    expect(zh.text).toContain('<p class="field-error" id="tz-error">请选择时区，如 Asia/Shanghai。</p>')
    const good = await client.get(`${page}?tz=Asia%2FShanghai&lang=en`)
    expect(good.status).toBe(200)
    expect(good.text).not.toContain('tz-error')
  })
})
