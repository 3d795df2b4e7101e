import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { expectNoSeriousA11yViolations, useEmbassy, signInByEmail } from '../support/browser.ts'
import { dayFromToday } from '../support/factories.ts'
import { makeTermWorld } from '../../src/features/community/test-support.ts'

describe('the term in the browser: ledger, feedback, dashboard, calendar', () => {
  const e2e = useEmbassy()

  const signIn = (page: Page, email: string) => signInByEmail(page, e2e().server.server.deps.db, email)

  it('an ambassador logs an activity and feedback for their group; the manager sees both; the calendar feed parses across DST', async () => {
    // Activities are logged on the real clock, so the terms run around today (a day outside them is refused).
    const world = await makeTermWorld(e2e().server.server.deps.db, 2, { termStart: new Date(`${dayFromToday(-60)}T00:00:00Z`), termEnd: new Date(`${dayFromToday(300)}T00:00:00Z`) })
    const groupName = `Berlin ${world.tag}`

    // The ambassador (liaison of the Berlin group) logs a talk and a feedback item.
    const ambassador = await e2e().open(`${world.base}/activities`)
    await signIn(ambassador, world.ambassadors[0]!.email)
    await ambassador.getByRole('heading', { name: /Activity ledger/ }).waitFor()
    await ambassador.getByLabel('Type', { exact: true }).selectOption('talk')
    await ambassador.getByLabel('Title', { exact: true }).fill('KubeSphere at the Berlin meetup')
    await ambassador.getByLabel('Date', { exact: true }).fill(dayFromToday(-3))
    await ambassador.getByLabel('Link', { exact: true }).fill('https://talks.example/berlin-kubesphere')
    await ambassador.getByLabel('Region', { exact: true }).selectOption('europe')
    await ambassador.getByLabel('User group', { exact: true }).selectOption({ label: groupName })
    await ambassador.getByLabel('Audience size (optional)', { exact: true }).fill('35')
    await ambassador.getByRole('button', { name: 'Log an activity' }).click()
    await ambassador.getByText('Activity logged.').waitFor()
    await ambassador.getByRole('link', { name: 'KubeSphere at the Berlin meetup' }).waitFor()
    await expectNoSeriousA11yViolations(ambassador)

    // The same link again is refused in place, with the form kept.
    await ambassador.getByLabel('Type', { exact: true }).selectOption('blog_post')
    await ambassador.getByLabel('Title', { exact: true }).fill('Same talk again')
    await ambassador.getByLabel('Date', { exact: true }).fill(dayFromToday(-2))
    await ambassador.getByLabel('Link', { exact: true }).fill('https://talks.example/berlin-kubesphere/')
    await ambassador.getByLabel('Region', { exact: true }).selectOption('europe')
    await ambassador.getByRole('button', { name: 'Log an activity' }).click()
    await ambassador.getByText('This link is already in the ledger.').waitFor()
    expect(await ambassador.getByLabel('Title', { exact: true }).inputValue()).toBe('Same talk again')

    await ambassador.getByRole('link', { name: 'Feedback', exact: true }).click()
    await ambassador.getByLabel('User group', { exact: true }).selectOption({ label: groupName })
    await ambassador.getByLabel('What did the group say?', { exact: true }).fill('The installer needs a proxy setting for air-gapped clusters.')
    await ambassador.getByLabel('Product area', { exact: true }).fill('Installer')
    await ambassador.getByLabel('Kind', { exact: true }).selectOption('feature_request')
    await ambassador.getByRole('button', { name: 'Save' }).click()
    await ambassador.getByText('Feedback recorded.').waitFor()
    await expectNoSeriousA11yViolations(ambassador)

    // The program manager sees them in the dashboard and in the aggregated feedback view.
    const manager = await e2e().open(`${world.base}/dashboard`)
    await signIn(manager, world.manager.email)
    await manager.getByRole('heading', { name: /Dashboard/ }).waitFor()
    expect(await manager.locator('#monthly-h + p').innerText()).toBe('Total: 1')
    expect(await manager.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(4)
    expect(await manager.getByRole('img', { name: /Feedback themes/ }).innerHTML()).toContain('installer · Feature request')
    await expectNoSeriousA11yViolations(manager)
    await manager.getByRole('link', { name: 'Feedback', exact: true }).first().click()
    await manager.getByText('The installer needs a proxy setting for air-gapped clusters.').waitFor()
    await expectNoSeriousA11yViolations(manager)
    await manager.getByRole('link', { name: 'Activity ledger' }).click()
    await manager.getByRole('button', { name: 'Confirm' }).click()
    await manager.getByRole('cell', { name: 'confirmed', exact: true }).waitFor()

    // The manager schedules a weekly meeting across Berlin's spring DST change; the ambassador subscribes.
    await manager.getByRole('link', { name: 'Meetings' }).click()
    await manager.getByLabel('Title', { exact: true }).fill('Ambassadors weekly')
    await manager.getByLabel('Time zone', { exact: true }).last().fill('Europe/Berlin')
    await manager.getByLabel('First day', { exact: true }).fill('2027-03-18')
    await manager.getByLabel('Start time', { exact: true }).fill('17:00')
    await manager.getByRole('button', { name: 'Schedule a weekly meeting' }).click()
    await manager.getByText('Meeting scheduled.').waitFor()
    await expectNoSeriousA11yViolations(manager)

    await ambassador.getByRole('link', { name: 'Meetings' }).click()
    const feedUrl = await ambassador.getByRole('link', { name: /\/calendar\/people\// }).innerText()
    // A calendar app fetches it without cookies.
    const res = await fetch(feedUrl)
    expect(res.headers.get('content-type')).toContain('text/calendar')
    const root = new ICAL.Component(ICAL.parse(await res.text()))
    for (const tz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz))
    const iterator = new ICAL.Event(root.getFirstSubcomponent('vevent')!).iterator()
    const starts = [iterator.next(), iterator.next(), iterator.next()].map((time) => time!.toJSDate().toISOString())
    expect(starts).toEqual(['2027-03-18T16:00:00.000Z', '2027-03-25T16:00:00.000Z', '2027-04-01T15:00:00.000Z'])
  })
})
