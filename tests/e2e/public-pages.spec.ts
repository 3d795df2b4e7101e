import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectNoSeriousA11yViolations, useEmbassy } from '../support/browser.ts'

// One real Embassy server (embedded PGlite, demo programs loaded on first start) and one Chromium for the file.
// The server runs on the real clock, so the 2023 KubeSphere cohort is entirely in the past.
const e2e = useEmbassy()

/** Visible text of a part of the page, NFC-normalised (some demo names are stored decomposed). */
async function textOf(page: Page, selector = 'main'): Promise<string> {
  return (await page.locator(selector).innerText()).normalize('NFC')
}

/** Visible texts of every element matching the selector, NFC-normalised. */
async function textsOf(page: Page, selector: string): Promise<string[]> {
  return (await page.locator(selector).allInnerTexts()).map((t) => t.normalize('NFC').trim())
}

/** Opens a path and asserts the HTTP status. */
async function visit(path: string, status = 200): Promise<Page> {
  const page = await e2e().open()
  const response = await page.goto(new URL(path, e2e().url).toString())
  expect(response?.status(), `status of ${path}`).toBe(status)
  return page
}

/** Searches the directory through its form, as a visitor would, and waits for the results page. */
async function searchDirectory(page: Page, text: string): Promise<void> {
  await page.getByLabel('Name or GitHub login').fill(text)
  await Promise.all([page.waitForURL((url) => url.searchParams.get('q') === text), page.getByRole('button', { name: 'Search' }).click()])
}

const EMAIL = /[\w.+-]+@[\w-]+\.[\w.]+/

const KSAP_AMBASSADORS = [
  'Onur Canoğlu',
  'Rossana Suarez',
  'Jona Apelbaum',
  'Nilo Yucra Gavilan',
  'Halil İbrahim BUGÖL',
  'Eda Konyar',
  'İremnur Önder',
  'Harun Eren SAT',
  'Min Yin',
  'Kevin Xu',
  'Haili Zhang',
  'Zhengjun Zhou',
  'Zhenfei Pei',
  'Jianlin Zheng',
]

describe('public pages in a browser', () => {
  it('home page lists the demo communities', async () => {
    const page = await visit('/')
    expect(await page.title()).toBe('Embassy · Ambassador programs')
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Ambassador programs')
    const communities = await textsOf(page, 'main article h2 a')
    expect(communities).toEqual(['KubeSphere', 'OpenStack'])
    await expectNoSeriousA11yViolations(page)
  })

  it('home page counts each community’s programs', async () => {
    const page = await visit('/')
    const cards = await textsOf(page, 'main article')
    expect(cards.find((t) => t.startsWith('KubeSphere'))).toContain('1 program')
    expect(cards.find((t) => t.startsWith('OpenStack'))).toContain('1 program')
  })

  it('KubeSphere community page links its program and directory', async () => {
    const page = await visit('/c/kubesphere')
    expect(await textOf(page, 'h1')).toBe('KubeSphere')
    expect(await page.getByRole('link', { name: 'KubeSphere Ambassadorship Program' }).getAttribute('href')).toBe('/c/kubesphere/programs/ksap')
    expect(await page.getByRole('link', { name: 'Browse the ambassador directory' }).getAttribute('href')).toBe('/c/kubesphere/ambassadors')
    await expectNoSeriousA11yViolations(page)
  })

  it('KSAP program page: calendar all done, members, the fourteen 2023 ambassadors', async () => {
    const page = await visit('/c/kubesphere/programs/ksap')
    expect(await textOf(page, 'h1')).toBe('KubeSphere Ambassadorship Program')

    const calendar = await textOf(page, 'section[aria-labelledby="calendar-heading"]')
    expect(await textsOf(page, 'ol.calendar .when')).toEqual([
      'August 1, 2023 – September 1, 2023',
      'September 15, 2023',
      'September 20, 2023',
      'September 20, 2023 – September 21, 2024',
    ])
    expect(calendar).toContain('Every phase of this cohort is done.')
    const phaseClasses = await page.locator('ol.calendar > li').evaluateAll((lis) => lis.map((li) => li.className))
    expect(phaseClasses).toEqual(['past', 'past', 'past', 'past'])
    expect(await textsOf(page, 'ol.calendar .badge')).toEqual(['Done', 'Done', 'Done', 'Done'])
    expect(await page.locator('ol.calendar [aria-current]').count()).toBe(0)

    const members = await textsOf(page, 'section[aria-labelledby="members-heading"] a.name')
    expect(members).toEqual(['Calvin Yu', 'Fawei Zhao', 'Halil İbrahim BUGÖL'])

    expect(await textOf(page, '#ambassadors-heading')).toContain('(14)')
    const ambassadors = await textsOf(page, 'section[aria-labelledby="ambassadors-heading"] a.name')
    expect(ambassadors).toHaveLength(14)
    expect(ambassadors).toContain('Onur Canoğlu')
    expect([...ambassadors].sort()).toEqual([...KSAP_AMBASSADORS].sort())

    // The only address on the page is the program team's, in the Contact section's mailto link.
    const html = await page.content()
    const contact = await page.locator('section[aria-labelledby="contact-heading"]').evaluate((el) => el.outerHTML)
    expect(contact).toContain('href="mailto:halil.bugol@kubesphere.io"')
    expect(html.replace(contact, '')).not.toMatch(EMAIL)

    await expectNoSeriousA11yViolations(page)
  })

  it('OpenStack program page: three questions, no cohort yet', async () => {
    const page = await visit('/c/openstack/programs/ambassadors')
    expect(await textOf(page, 'h1')).toBe('OpenStack Ambassador Program')
    expect(await textsOf(page, 'section[aria-labelledby="questions-heading"] li')).toEqual([
      'Why are you applying to become an OpenStack Ambassador?',
      'How have you participated in the OpenStack Community to date?',
      'What ideas do you have for your community, that you wish you had time or resources to implement?',
    ])
    expect(await textOf(page)).toContain('No cohort has been scheduled yet')
    await expectNoSeriousA11yViolations(page)
  })

  it('directory: search by name ignores accents and case; no match; result leads to the profile', async () => {
    const page = await visit('/c/kubesphere/ambassadors')
    expect(await textOf(page, '#result-count')).toBe('14 ambassadors.')
    expect(await page.content()).not.toMatch(EMAIL)

    await searchDirectory(page, 'canoglu')
    expect(await textsOf(page, 'ul.members a.name')).toEqual(['Onur Canoğlu'])
    expect(await textOf(page, '#result-count')).toBe('1 ambassador match “canoglu”.')
    expect(await page.getByLabel('Name or GitHub login').inputValue()).toBe('canoglu')
    expect(await page.content()).not.toMatch(EMAIL)
    await expectNoSeriousA11yViolations(page)

    await searchDirectory(page, 'IREMNUR onder')
    expect(await textsOf(page, 'ul.members a.name')).toEqual(['İremnur Önder'])

    await searchDirectory(page, 'zzzz')
    expect(await page.locator('ul.members > li').count()).toBe(0)
    expect(await textOf(page)).toContain('No ambassador matches')

    await searchDirectory(page, 'canoglu')
    await Promise.all([page.waitForURL(/\/people\/[^/]+$/), page.locator('ul.members a.name').first().click()])
    expect(await textOf(page, 'h1')).toContain('Onur Canoğlu')
    const terms = await textOf(page, 'table')
    expect(terms).toContain('KubeSphere Ambassadorship Program')
    expect(terms).toContain('KubeSphere Ambassadors 2023')
    expect(terms).toContain('September 20, 2023 – September 21, 2024')
    expect(await page.content()).not.toMatch(EMAIL)
    await expectNoSeriousA11yViolations(page)
  })

  it('directory in Chinese: the search form keeps the language, the result leads to a Chinese profile', async () => {
    const page = await visit('/c/kubesphere/ambassadors?lang=zh-CN')
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN')
    expect(await textOf(page, 'h1')).toBe('大使名录')
    expect(await textOf(page, '#result-count')).toBe('共 14 位大使。')
    await page.getByLabel('姓名或 GitHub 用户名').fill('canoglu')
    await Promise.all([page.waitForURL((url) => url.searchParams.get('q') === 'canoglu'), page.getByRole('button', { name: '搜索' }).click()])
    expect(new URL(page.url()).searchParams.get('lang')).toBe('zh-CN')
    expect(await textOf(page, '#result-count')).toBe('1 位大使符合“canoglu”。')
    await expectNoSeriousA11yViolations(page)
    // The language chosen by ?lang= is remembered: the profile, reached by a plain link, is in Chinese too.
    await Promise.all([page.waitForURL(/\/people\/[^/]+$/), page.locator('ul.members a.name').first().click()])
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN')
    expect(await textOf(page, 'thead')).toContain('任期')
    expect(await textOf(page, 'tbody')).toContain('2023年9月20日 – 2024年9月21日')
    await expectNoSeriousA11yViolations(page)
    // The language switch leads back to English, on the same page.
    await Promise.all([page.waitForURL(/lang=en/), page.getByRole('link', { name: 'English' }).click()])
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    expect(await textOf(page, 'thead')).toContain('Term')
  })

  it('a profile reached from the program page shows its term', async () => {
    const page = await visit('/c/kubesphere/programs/ksap')
    await Promise.all([page.waitForURL(/\/people\//), page.getByRole('link', { name: 'Fawei Zhao' }).click()])
    expect(await textOf(page, 'h1')).toContain('Fawei Zhao')
    const row = await textOf(page, 'tbody tr')
    expect(row).toContain('Program team')
    expect(row).toContain('September 20, 2023 – September 21, 2024')
    expect(await page.content()).not.toMatch(EMAIL)
  })

  it('on a 375-pixel phone screen no public page scrolls sideways', async () => {
    for (const path of ['/', '/c/kubesphere', '/c/kubesphere/programs/ksap', '/c/kubesphere/ambassadors', '/people/eda-konyar']) {
      const page = await visit(path)
      await page.setViewportSize({ width: 375, height: 800 })
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      expect(width, `page width of ${path}`).toBeLessThanOrEqual(375)
      await page.close()
    }
  })

  it('unknown community: 404 page with a visible message', async () => {
    const page = await visit('/c/nope', 404)
    expect(await textOf(page, 'h1')).toBe('Page not found')
    const alert = page.getByRole('alert')
    expect(await alert.isVisible()).toBe(true)
    expect((await alert.innerText()).trim()).toBe('There is no community called “nope” here.')
    await expectNoSeriousA11yViolations(page)
  })

  it('bad directory page number: 400 page explaining it', async () => {
    const page = await visit('/c/kubesphere/ambassadors?page=abc', 400)
    expect(await textOf(page, 'h1')).toBe('Bad request')
    expect(await page.getByRole('alert').isVisible()).toBe(true)
    expect(await textOf(page, '[role="alert"]')).toContain('page must be a whole number')
    await expectNoSeriousA11yViolations(page)
  })
})
