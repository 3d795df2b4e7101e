import { describe, expect, it } from 'vitest'
import { AuthorCache, isBotAuthor, parseNoreply, resolveIdentity } from './identity.ts'

describe('resolveIdentity', () => {
  it.each([
    [{ email: '49057502+smartcat999@users.noreply.github.com', name: 'smartcat999' }, 'github:49057502', 'smartcat999'],
    [{ email: '49057502+SmartCat@users.noreply.github.com', name: 'renamed' }, 'github:49057502', 'SmartCat'],
    [{ email: 'Octo@users.noreply.github.com', name: 'Octo' }, 'login:octo', 'Octo'],
    [{ email: 'Coder.Scala@Gmail.com', name: 'hongming' }, 'email:coder.scala@gmail.com', null],
    [{ email: 'longlong', name: 'Long Long' }, 'name:long long', null],
    [{ email: '', name: 'Zhāng Wěi' }, 'name:zhang wei', null],
    [{ githubId: 42, login: 'octocat', email: 'x@y.org' }, 'github:42', 'octocat'],
    [{ login: 'octocat' }, 'login:octocat', 'octocat'],
  ])('%o → %s', (author, key, login) => {
    const r = resolveIdentity(author)
    expect(r.key).toBe(key)
    expect(r.login).toBe(login)
  })

  it('keeps only valid emails', () => {
    expect(resolveIdentity({ email: 'user@host', name: 'u' }).email).toBeNull()
    expect(resolveIdentity({ email: 'A@B.org', name: 'a' }).email).toBe('a@b.org')
  })
})

describe('bots', () => {
  it.each([
    [{ name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' }, true],
    [{ name: 'ks-ci-bot', email: '' }, true],
    [{ name: 'GitHub Action', email: 'action@github.com' }, true],
    [{ name: 'allcontributors[bot]', email: '46447321+allcontributors[bot]@users.noreply.github.com' }, true],
    [{ name: 'Robert Bottom', email: 'rob@example.org' }, false],
    [{ name: 'hongming', email: 'coder.scala@gmail.com' }, false],
  ])('%o → %s', (author, bot) => {
    expect(isBotAuthor(author)).toBe(bot)
  })

  it('takes a configurable list', () => {
    expect(isBotAuthor({ name: 'release-robot' }, ['release-robot'])).toBe(true)
  })

  it('parses noreply addresses in both forms', () => {
    expect(parseNoreply('12345+Login@users.noreply.github.com')).toEqual({ githubId: 12345, login: 'Login' })
    expect(parseNoreply('login@users.noreply.github.com')).toEqual({ githubId: null, login: 'login' })
    expect(parseNoreply('login@example.org')).toBeUndefined()
  })
})

describe('AuthorCache', () => {
  it('resolves each author once, as resolveIdentity would, and stays within its bound', () => {
    const cache = new AuthorCache(3)
    const ada = { name: 'Ada', email: '12345+ada@users.noreply.github.com' }
    const first = cache.resolve(ada)
    expect(first).toEqual(resolveIdentity(ada))
    // The same fields in another object: the same resolution, not a new one.
    expect(cache.resolve({ ...ada })).toBe(first)
    // Fields that differ only in where they sit are different authors.
    expect(cache.resolve({ name: null, email: 'Ada' }).key).not.toBe(first.key)
    expect(cache.resolve({ login: 'dependabot[bot]', githubId: 49699333 }).isBot).toBe(true)
    expect(cache.resolve({ name: 'ci-runner', email: 'ci@example.org' }, ['ci-runner']).isBot).toBe(true)
    // Full at three: emptied, then the author is resolved again (equal, not the same object).
    const again = cache.resolve(ada)
    expect(again).toEqual(first)
    expect(again).not.toBe(first)
  })
})
