import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { expectNoSeriousA11yViolations, useEmbassy } from '../support/browser.ts'
import { makeAmbassadors, makeCommunity } from '../support/factories.ts'
import { memberships } from '../../src/features/memberships/schema.ts'
import { createSigningKey } from '../../src/features/credentials/keys.ts'
import { issueCredential } from '../../src/features/credentials/issue-credential.ts'
import { revokeCredential } from '../../src/features/credentials/revoke-credential.ts'

const DAY = 86_400_000

describe('credential verification pages in the browser', () => {
  const e2e = useEmbassy()

  it('says plainly valid, expired on …, and revoked, with who, what and the issuer', async () => {
    const { server } = e2e()
    const deps = server.server.deps
    await createSigningKey(deps.db, deps.secretKey, 'e2e')
    const community = await makeCommunity(deps.db)
    const now = Date.now()
    const current = { cohortId: community.cohort!.cohortId, termStart: new Date(now - 30 * DAY), termEnd: new Date(now + 300 * DAY) }
    const past = { cohortId: community.cohort!.cohortId, termStart: new Date(now - 500 * DAY), termEnd: new Date(now - 100 * DAY) }
    const [valid, revoked] = await makeAmbassadors(deps.db, current, ['Onur Canog\u0306lu', '尹敏'])
    const [expired] = await makeAmbassadors(deps.db, past, ['I\u0307remnur O\u0308nder'])
    const credentialOf = async (personId: string) => {
      const [m] = await deps.db.select({ id: memberships.id }).from(memberships).where(eq(memberships.personId, personId))
      return (await issueCredential(deps, m!.id)).id
    }
    const validId = await credentialOf(valid!.id)
    const expiredId = await credentialOf(expired!.id)
    const revokedId = await credentialOf(revoked!.id)
    await revokeCredential(deps, revokedId, 'Left the program', 'e2e')

    const page = await e2e().open(`/credentials/${validId}`)
    await page.getByRole('heading', { name: 'Certificate and Open Badge' }).waitFor()
    const status = page.getByRole('status')
    expect(await status.innerText()).toMatch(/^Valid: this credential was issued by Community /)
    const main = await page.locator('main').innerText()
    expect(main.normalize('NFC')).toContain('Onur Canoğlu')
    expect(main).toContain('Test Ambassador Program')
    expect(main).toContain('did:web:')
    expect(await page.getByRole('link', { name: 'Add to LinkedIn profile' }).getAttribute('href')).toContain('linkedin.com/profile/add')
    expect(await page.getByRole('link', { name: 'Download the certificate (PNG)' }).getAttribute('href')).toBe(`/credentials/${validId}/certificate.png`)
    await expectNoSeriousA11yViolations(page)

    await page.goto(`${e2e().url}/credentials/${expiredId}`)
    expect(await page.getByRole('status').innerText()).toMatch(/^Expired on [A-Z][a-z]+ \d{1,2}, \d{4}/)
    expect((await page.locator('main').innerText()).normalize('NFC')).toContain('İremnur Önder')
    expect(await page.getByRole('link', { name: 'Add to LinkedIn profile' }).count()).toBe(0)

    await page.goto(`${e2e().url}/credentials/${revokedId}`)
    expect(await page.getByRole('status').innerText()).toMatch(/^Revoked: the issuer withdrew this credential on /)
    expect(await page.locator('main').innerText()).toContain('尹敏')

    await page.goto(`${e2e().url}/credentials/${validId}?lang=zh-CN`)
    expect(await page.getByRole('status').innerText()).toMatch(/^有效：/)

    const missing = await page.goto(`${e2e().url}/credentials/00000000-0000-4000-8000-000000000000`)
    expect(missing?.status()).toBe(404)
    expect(await page.locator('main').innerText()).toContain('No credential has the id')
  })
})
