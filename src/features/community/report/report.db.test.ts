import { beforeAll, expect, it } from 'vitest'
import { inflateSync } from 'node:zlib'
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm'
import { describeDb } from '../../../../tests/support/db.ts'
import { signedInClient } from '../../../../tests/support/sign-in.ts'
import type { FormClient } from '../../../../tests/support/http.ts'
import { createApp } from '../../../app.tsx'
import { logActivity } from '../activities/log-activity.ts'
import { submitFeedback } from '../feedback/submit-feedback.ts'
import { decideGroup, proposeGroup } from '../groups/propose-group.ts'
import { activities, feedbackItems, regions, userGroups } from '../schema.ts'
import { activityFormFor, groupFormFor, makeTermWorld } from '../test-support.ts'
import { reportPdf } from './export.ts'
import { monthlyReport } from './queries.ts'

const NOW = new Date('2025-10-05T08:00:00Z')

/** The text shown by a PDF written with a standard font: every hex string of every (inflated) content stream. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1')
  let text = ''
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string
    try {
      content = inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1')
    } catch {
      content = m[1]!
    }
    for (const tj of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) text += [...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join('') + '\n'
  }
  return text
}

describeDb('monthly regional report', (ctx) => {
  let world: Awaited<ReturnType<typeof makeTermWorld>>
  let manager: FormClient
  let ambassador: FormClient
  beforeAll(async () => {
    const deps = ctx()
    deps.setNow(NOW)
    const db = deps.db
    world = await makeTermWorld(db, 3)
    const [a0, a1, a2] = await Promise.all(world.ambassadors.map((a) => world.standingOf(a.id)))
    const tokyo = await proposeGroup(db, { programId: world.programId, standing: a1!, form: groupFormFor(`Tokyo ${world.tag}`, { city: 'Tokyo', country: 'JP', region: 'east_asia' }) })
    await decideGroup(db, { programId: world.programId, groupId: tokyo.id, standing: world.managerStanding, decision: 'approved', now: NOW })
    const b1 = await world.standingOf(world.ambassadors[1]!.id)
    const log = (standing: typeof a0, slug: string, form: Record<string, string>) => logActivity(db, { programId: world.programId, standing: standing!, now: NOW, form: activityFormFor(`https://blog.example/${world.tag}/${slug}`, form) })
    await log(a0, 'meetup', { type: 'meetup', groupId: world.groupId, occurredOn: '2025-09-03' })
    await log(a0, 'post', { type: 'blog_post', occurredOn: '2025-09-20' })
    await log(b1, 'talk', { type: 'talk', region: 'east_asia', groupId: tokyo.id, occurredOn: '2025-09-10' })
    await log(b1, 'post-b1', { type: 'blog_post', occurredOn: '2025-09-30' })
    await log(a2, 'august', { type: 'workshop', region: 'africa', occurredOn: '2025-08-31' })
    const f1 = await submitFeedback(db, { programId: world.programId, standing: a0!, form: { groupId: world.groupId, text: 'The installer needs an offline mode', productArea: 'installer', kind: 'feature_request' } })
    const f2 = await submitFeedback(db, { programId: world.programId, standing: b1, form: { groupId: tokyo.id, text: 'The Japanese docs are behind', productArea: 'docs', kind: 'docs_gap' } })
    const f3 = await submitFeedback(db, { programId: world.programId, standing: a0!, form: { groupId: world.groupId, text: 'Thanks for the release', productArea: 'release', kind: 'praise' } })
    await db.update(feedbackItems).set({ createdAt: new Date('2025-09-15T12:00:00Z') }).where(inArray(feedbackItems.id, [f1.id, f2.id]))
    await db.update(feedbackItems).set({ createdAt: new Date('2025-10-01T00:00:00Z') }).where(eq(feedbackItems.id, f3.id))
    const app = createApp(deps)
    manager = await signedInClient(app, db, world.manager.email)
    ambassador = await signedInClient(app, db, world.ambassadors[0]!.email)
  })

  it('has the figures SQL counts give for each region', async () => {
    const { db } = ctx()
    const report = await monthlyReport(db, world.programId, '2025-09')
    const inMonth = and(eq(activities.programId, world.programId), gte(activities.occurredOn, '2025-09-01'), lt(activities.occurredOn, '2025-10-01'))
    for (const region of regions) {
      const line = report.lines.find((l) => l.region === region)!
      const [acts] = await db.select({ n: sql<number>`count(*)::int`, people: sql<number>`count(distinct ${activities.personId})::int` }).from(activities).where(and(inMonth, eq(activities.region, region)))
      const [events] = await db.select({ n: sql<number>`count(*)::int` }).from(activities).innerJoin(userGroups, eq(userGroups.id, activities.groupId)).where(and(inMonth, eq(userGroups.region, region)))
      const [feedback] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(feedbackItems)
        .innerJoin(userGroups, eq(userGroups.id, feedbackItems.groupId))
        .where(and(eq(feedbackItems.programId, world.programId), eq(userGroups.region, region), gte(feedbackItems.createdAt, new Date('2025-09-01T00:00:00Z')), lt(feedbackItems.createdAt, new Date('2025-10-01T00:00:00Z'))))
      expect([line.activitiesTotal, line.activeAmbassadors, line.groupEvents, line.feedbackItems], region).toEqual([acts!.n, acts!.people, events!.n, feedback!.n])
    }
    expect(report.lines.find((l) => l.region === 'europe')).toMatchObject({ activeAmbassadors: 2, activitiesTotal: 3, groupEvents: 1, feedbackItems: 1, activities: { meetup: 1, blog_post: 2, talk: 0 } })
    expect(report.lines.find((l) => l.region === 'east_asia')).toMatchObject({ activeAmbassadors: 1, activitiesTotal: 1, groupEvents: 1, feedbackItems: 1 })
    expect(report.totals).toMatchObject({ activeAmbassadors: 2, activitiesTotal: 4, groupEvents: 2, feedbackItems: 2 })
    expect((await monthlyReport(db, world.programId, '2025-08')).totals).toMatchObject({ activeAmbassadors: 1, activitiesTotal: 1, groupEvents: 0, feedbackItems: 0 })
  })

  it('serves the page to managers with the same number of queries for a quiet and a busy month', async () => {
    const { database } = ctx()
    const count = async (month: string) => {
      const before = database.queryCount
      const res = await manager.get(`${world.base}/report?month=${month}`)
      expect(res.status).toBe(200)
      return { queries: database.queryCount - before, html: res.text }
    }
    const quiet = await count('2025-08')
    const busy = await count('2025-09')
    expect(busy.queries).toBe(quiet.queries)
    expect(busy.html).toContain('East Asia')
    expect(busy.html).toContain(`${world.base}/report.pdf?month=2025-09`)
    expect((await ambassador.get(`${world.base}/report`)).status).toBe(403)
    const bad = await manager.get(`${world.base}/report?month=2025-13`)
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('YYYY-MM')
    expect((await manager.get(`${world.base}/report.csv?month=September`)).status).toBe(422)
  })

  it('downloads a CSV and a PDF that carry the regions', async () => {
    const csv = await manager.get(`${world.base}/report.csv?month=2025-09`)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    const lines = csv.text.trim().split('\r\n')
    expect(lines).toHaveLength(1 + regions.length + 1)
    expect(lines.find((l) => l.includes(',europe,'))).toMatch(/^2025-09,europe,Europe,2,3,/)
    const pdf = await manager.get(`${world.base}/report.pdf?month=2025-09`)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(pdf.text.startsWith('%PDF-')).toBe(true)
    const bytes = await reportPdf(await monthlyReport(ctx().db, world.programId, '2025-09'), { locale: 'en', program: 'Test program', generatedOn: '2025-10-05' })
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    const text = pdfText(bytes)
    for (const name of ['Europe', 'East Asia', 'Latin America', 'All regions', 'Active ambassadors']) expect(text).toContain(name)
    const zh = await reportPdf(await monthlyReport(ctx().db, world.programId, '2025-09'), { locale: 'zh-CN', program: '测试项目', generatedOn: '2025-10-05' })
    expect(zh.subarray(0, 5).toString()).toBe('%PDF-')
  })
})
