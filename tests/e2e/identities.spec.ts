import { describe, expect, it } from 'vitest'
import { desc, eq } from 'drizzle-orm'
import { expectNoSeriousA11yViolations, signInByEmail, useEmbassy } from '../support/browser.ts'
import { grantRole } from '../../src/features/accounts/grant-role.ts'
import { outboxMessages } from '../../src/features/communications/schema.ts'
import { contributorIdentities } from '../../src/features/contributions/schema.ts'
import { ingestContributions } from '../../src/features/contributions/store.ts'
import { createPeople } from '../../src/features/people/create-people.ts'
import { people } from '../../src/features/people/schema.ts'
import { commitBy } from '../support/factories.ts'

describe('contributor identities in the browser: an admin confirms a suggested merge; a person adds an address', () => {
  const e2e = useEmbassy()

  it('an admin finds and confirms a suggestion; the person then adds the address they commit with', async () => {
    const { db } = e2e().server.server.deps
    await ingestContributions(db, [
      commitBy('e2e-id-1', { name: 'Zhou Xiaoming', email: 'xiaoming@work.example.org' }),
      commitBy('e2e-id-2', { name: 'Zhou Xiaoming', email: 'xiaoming@home.example.org' }),
      commitBy('e2e-id-3', { name: 'Zhou Xiaoming', email: 'zxm@laptop.example.org' }),
    ])
    await createPeople(db, [{ displayName: 'Zhou Xiaoming', handle: 'zhou-xiaoming', email: 'xiaoming@mail.example.org' }])

    const page = await e2e().open('/sign-in?next=/admin/identities')
    await signInByEmail(page, db, 'identities-admin@example.org')
    const [admin] = await db.select().from(people).where(eq(people.email, 'identities-admin@example.org'))
    await grantRole(db, admin!.id, 'admin', null, 'test')
    await page.goto(new URL('/admin/identities', e2e().url).toString())
    await page.getByRole('button', { name: 'Look for new suggestions' }).click()
    await page.getByText(/new suggestions?\./).waitFor()
    const suggestion = page.locator('section.suggestion', { hasText: 'xiaoming@work.example.org' }).filter({ hasText: 'xiaoming@home.example.org' })
    await suggestion.waitFor()
    await expectNoSeriousA11yViolations(page)

    // A handle nobody has: the message by the field; then the right one.
    await suggestion.getByLabel('Handle of the person both belong to').fill('zhou')
    await suggestion.getByRole('button', { name: 'Confirm: same person' }).click()
    await page.getByText('There is no person with the handle "zhou".').waitFor()
    const again = page.locator('section.suggestion', { hasText: 'xiaoming@work.example.org' }).filter({ hasText: 'xiaoming@home.example.org' })
    await again.getByLabel('Handle of the person both belong to').fill('zhou-xiaoming')
    await again.getByRole('button', { name: 'Confirm: same person' }).click()
    await page.getByRole('status').filter({ hasText: 'now belong to Zhou Xiaoming (@zhou-xiaoming).' }).waitFor()
    await expectNoSeriousA11yViolations(page)
    const [person] = await db.select().from(people).where(eq(people.handle, 'zhou-xiaoming'))
    const owner = async (key: string) => (await db.select({ personId: contributorIdentities.personId }).from(contributorIdentities).where(eq(contributorIdentities.key, key)))[0]?.personId
    expect(await owner('email:xiaoming@work.example.org')).toBe(person!.id)
    expect(await owner('email:xiaoming@home.example.org')).toBe(person!.id)

    // Another suggestion rejected by mistake, then reopened from the list of decisions.
    const laptop = page.locator('section.suggestion', { hasText: 'zxm@laptop.example.org' }).first()
    await laptop.getByRole('button', { name: 'Reject: different people' }).click()
    await page.getByRole('status').filter({ hasText: 'stay apart' }).waitFor()
    await expectNoSeriousA11yViolations(page)
    await page.getByRole('button', { name: /^Reopen the suggestion of .*email:zxm@laptop\.example\.org/ }).first().click()
    await page.getByRole('status').filter({ hasText: 'is open again.' }).waitFor()
    await page.locator('section.suggestion', { hasText: 'zxm@laptop.example.org' }).first().waitFor()

    // The person signs in and adds the laptop's address; the link arrives and, opened here, adds it.
    const own = await e2e().open('/sign-in?next=/account')
    await signInByEmail(own, db, 'xiaoming@mail.example.org')
    await own.getByRole('heading', { name: 'Your account' }).waitFor()
    expect(await own.locator('main').innerText()).toContain('email:xiaoming@work.example.org · Zhou Xiaoming · contributions: 1')
    await expectNoSeriousA11yViolations(own)
    await own.getByLabel('Email address').fill('zxm@laptop.example.org')
    await own.getByRole('button', { name: 'Send a confirmation link' }).click()
    await own.getByText('A link is on its way to zxm@laptop.example.org.').waitFor()
    const [mail] = await db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'zxm@laptop.example.org')).orderBy(desc(outboxMessages.createdAt)).limit(1)
    await own.goto(/https?:\/\/\S+\/sign-in\/verify\?token=[A-Za-z0-9_-]+/.exec(mail!.textBody)![0])
    await own.getByText('Press the button to add zxm@laptop.example.org to the account of Zhou Xiaoming.').waitFor()
    await expectNoSeriousA11yViolations(own)
    await own.getByRole('button', { name: 'Add the address' }).click()
    await own.getByText('zxm@laptop.example.org is now an address of the account of Zhou Xiaoming.').waitFor()
    await own.getByRole('link', { name: 'Your account' }).last().click()
    await own.getByText('email:zxm@laptop.example.org').waitFor()
    expect(await owner('email:zxm@laptop.example.org')).toBe(person!.id)
  })
})
