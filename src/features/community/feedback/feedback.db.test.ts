import { beforeAll, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { describeDb } from '../../../../tests/support/db.ts'
import { refusal } from '../../../../tests/support/refusal.ts'
import { decideGroup, proposeGroup } from '../groups/propose-group.ts'
import { feedbackItems, feedbackVotes } from '../schema.ts'
import { groupFormFor, makeTermWorld } from '../test-support.ts'
import { feedbackCsv, feedbackJson } from './export.ts'
import { feedbackThemes, listFeedback } from './queries.ts'
import { mergeFeedback, submitFeedback, voteFeedback } from './submit-feedback.ts'

describeDb('feedback from user groups', (ctx) => {
  let world: Awaited<ReturnType<typeof makeTermWorld>>
  let tokyo: string
  beforeAll(async () => {
    const { db } = ctx()
    world = await makeTermWorld(db, 2)
    const second = await world.standingOf(world.ambassadors[1]!.id)
    tokyo = (await proposeGroup(db, { programId: world.programId, standing: second, form: groupFormFor(`Tokyo ${world.tag}`, { city: 'Tokyo', country: 'JP', region: 'east_asia' }) })).id
    await decideGroup(db, { programId: world.programId, groupId: tokyo, standing: world.managerStanding, decision: 'approved', now: new Date() })
  })

  it('liaisons report, other groups vote once, duplicates merge with their groups counted, themes aggregate by region', async () => {
    const { db } = ctx()
    const berlinLiaison = await world.standingOf(world.ambassadors[0]!.id)
    const tokyoLiaison = await world.standingOf(world.ambassadors[1]!.id)
    const p = world.programId
    const a = await submitFeedback(db, { programId: p, standing: berlinLiaison, form: { groupId: world.groupId, text: 'The installer fails behind a proxy', productArea: 'Installer', kind: 'bug' } })
    const b = await submitFeedback(db, { programId: p, standing: tokyoLiaison, form: { groupId: tokyo, text: 'Installer cannot use our HTTP proxy', productArea: 'installer', kind: 'bug' } })
    const c = await submitFeedback(db, { programId: p, standing: tokyoLiaison, form: { groupId: tokyo, text: 'Multi-cluster docs are great', productArea: 'docs', kind: 'praise' } })
    await voteFeedback(db, { programId: p, standing: berlinLiaison, feedbackId: c.id, groupId: world.groupId })
    await voteFeedback(db, { programId: p, standing: berlinLiaison, feedbackId: c.id, groupId: world.groupId })
    expect(await db.select().from(feedbackVotes).where(eq(feedbackVotes.feedbackId, c.id))).toHaveLength(1)
    expect((await refusal(voteFeedback(db, { programId: p, standing: tokyoLiaison, feedbackId: c.id, groupId: tokyo }))).fields).toEqual({ groupId: 'community.field.ownGroup' })

    expect((await refusal(mergeFeedback(db, { programId: p, standing: tokyoLiaison, intoId: a.id, duplicateIds: [b.id] }))).code).toBe('forbidden')
    expect(await mergeFeedback(db, { programId: p, standing: world.managerStanding, intoId: a.id, duplicateIds: [b.id] })).toBe(1)
    const [merged] = await db.select().from(feedbackItems).where(eq(feedbackItems.id, b.id))
    expect(merged!.mergedIntoId).toBe(a.id)
    // Voting on a merged duplicate counts for the item it joined.
    const listed = await listFeedback(db, { programId: p })
    expect(listed.map((i) => [i.productArea, i.votes, i.merged]).sort()).toEqual([
      ['docs', 1, 0],
      ['installer', 1, 1],
    ])
    const themes = await feedbackThemes(db, p)
    expect(themes.top).toEqual([
      { productArea: 'installer', kind: 'bug', weight: 2 },
      { productArea: 'docs', kind: 'praise', weight: 2 },
    ].sort((x, y) => y.weight - x.weight || x.productArea.localeCompare(y.productArea)))
    expect(themes.byRegion.filter((r) => r.productArea === 'installer').map((r) => r.region).sort()).toEqual(['east_asia', 'europe'])
    expect(themes.byMonth.reduce((n, m) => n + m.weight, 0)).toBe(4)

    const link = (id: string) => `https://embassy.test/f#${id}`
    const csv = feedbackCsv(listed, link)
    expect(csv.split('\r\n')[0]).toBe('id,createdAt,groupName,region,productArea,kind,votes,merged,issueUrl,text,link')
    expect(csv).toContain(`,installer,bug,1,1,,The installer fails behind a proxy,https://embassy.test/f#${a.id}`)
    expect(feedbackJson(listed, link).items.find((i) => i.id === a.id)).toMatchObject({ id: a.id, votes: 1, link: link(a.id) })
  })

  it('refuses reports for a group the ambassador is not liaison of, and bad fields', async () => {
    const { db } = ctx()
    const berlinLiaison = await world.standingOf(world.ambassadors[0]!.id)
    expect((await refusal(submitFeedback(db, { programId: world.programId, standing: berlinLiaison, form: { groupId: tokyo, text: 'Not my group at all', productArea: 'docs', kind: 'bug' } }))).fields).toEqual({ groupId: 'community.field.notLiaison' })
    expect((await refusal(submitFeedback(db, { programId: world.programId, standing: berlinLiaison, form: { groupId: world.groupId, text: 'x', productArea: '', kind: 'rant' } }))).fields).toEqual({ text: 'community.field.giveText', productArea: 'community.field.giveArea', kind: 'community.field.chooseKind' })
  })

  it('a CSV field that starts like a formula is neutralised', () => {
    expect(feedbackCsv([{ id: '1', createdAt: 'x', groupName: '=HYPERLINK("x")', region: 'europe', productArea: 'a', kind: 'bug', votes: 0, merged: 0, issueUrl: null, text: 'say "hi", ok' }], () => 'l').split('\r\n')[1]).toBe(`1,x,"'=HYPERLINK(""x"")",europe,a,bug,0,0,,"say ""hi"", ok",l`)
  })
})
