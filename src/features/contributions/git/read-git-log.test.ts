import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildRepository, gitOutput, kubesphereRepositories, signatureDate, type FixtureCommit } from '../../../../tests/support/git-fixtures.ts'
import { checkRef, checkRepository, parseDateBound, readGitLog, type GitCommit } from './read-git-log.ts'
import { commitRecord } from './import-git.ts'
import { parseRepositoryOption, repositoryFromUrl, resolveRepositoryName } from './repository-name.ts'

const commit = (name: string, email: string, authorIso: string, committerIso: string, parents = 1): FixtureCommit => ({
  author: { name, email, ...signatureDate(authorIso) },
  committer: { name: 'GitHub', email: 'noreply@github.com', ...signatureDate(committerIso) },
  parents,
})

/** Processes whose parent is this one and whose command is git (Linux /proc). */
function gitChildren(): number[] {
  if (process.platform !== 'linux') return []
  const found: number[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      const [, comm, rest] = /^\d+ \((.*)\) (.*)$/s.exec(stat) ?? []
      if (comm === 'git' && Number(rest!.split(' ')[1]) === process.pid) found.push(Number(entry))
    } catch {
      // gone meanwhile
    }
  }
  return found
}

async function collect(iterable: AsyncIterable<GitCommit>): Promise<GitCommit[]> {
  const out: GitCommit[] = []
  for await (const c of iterable) out.push(c)
  return out
}

describe('repository names', () => {
  it('reads owner/name from the usual remote URLs, spelled as given', () => {
    expect(repositoryFromUrl('https://github.com/KubeSphere/Console')).toBe('KubeSphere/Console')
    for (const url of [
      'https://github.com/kubesphere/console.git',
      'https://github.com/kubesphere/console/',
      'https://x-access-token:secret@github.com/kubesphere/console.git',
      'git@github.com:kubesphere/console.git',
      'github.com:kubesphere/console',
      'ssh://git@github.com/kubesphere/console.git',
      'ssh://git@github.com:22/kubesphere/console',
      'git://github.com/kubesphere/console.git',
      'https://ghe.example.com/kubesphere/console.git',
    ]) {
      expect(repositoryFromUrl(url), url).toBe('kubesphere/console')
    }
    for (const url of ['/srv/git/console.git', 'file:///srv/git/console.git', 'https://gitlab.com/group/sub/console.git', 'https://github.com/kubesphere', 'not a url', '']) {
      expect(repositoryFromUrl(url), url).toBeUndefined()
    }
  })

  it('validates --repo', () => {
    expect(parseRepositoryOption('KubeSphere/ks-installer')).toBe('KubeSphere/ks-installer')
    expect(parseRepositoryOption(' kubesphere/kube.design_x ')).toBe('kubesphere/kube.design_x')
    for (const bad of ['kubesphere', 'kubesphere/', '/console', 'a/b/c', 'kube sphere/console', '-kubesphere/console', 'kubesphere/console.git', 'kubesphere/..', 'kubesphere/con sole']) {
      expect(() => parseRepositoryOption(bad), bad).toThrow(/--repo ".*" is not a GitHub repository name: use owner\/name/)
    }
  })
})

describe('date bounds', () => {
  it('reads a bare day as the start of that UTC day, and instants with a zone', () => {
    expect(parseDateBound('2023-08-01', 'until').toISOString()).toBe('2023-08-01T00:00:00.000Z')
    expect(parseDateBound('2023-08-01T08:00:00+08:00', 'since').toISOString()).toBe('2023-08-01T00:00:00.000Z')
    expect(parseDateBound('2023-08-01T00:00Z', 'since').toISOString()).toBe('2023-08-01T00:00:00.000Z')
    for (const bad of ['2023-02-30', '2023-13-01', '01/08/2023', 'yesterday', '2023-08-01T00:00:00', '']) {
      expect(() => parseDateBound(bad, 'since'), bad).toThrow(/--since ".*" is not a date/)
    }
  })
})

describe('reading git log', () => {
  let dir: string
  let repo: string

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embassy-read-git-log-'))
    repo = path.join(dir, 'repo')
    await buildRepository(
      repo,
      [
        commit('Root', 'root@example.org', '2022-07-01T10:00:00+00:00', '2022-07-01T10:00:00+00:00', 0),
        // Authored in July (UTC), committed in August: --since by committer date would keep it, we do not.
        commit('Ada', 'ada@example.org', '2022-07-31T20:30:00-02:00', '2022-08-02T09:00:00+08:00'),
        commit('Ada', 'ada@example.org', '2022-08-01T00:30:00+08:00', '2022-08-03T00:00:00+08:00'), // July 31 in UTC
        commit('李雷', '', '2022-08-10T12:00:00+05:30', '2022-08-10T12:00:00+05:30'),
        commit('Bo', 'bo', '2023-07-31T23:59:59+00:00', '2023-08-05T00:00:00+00:00'),
        commit('Merger', '1001+merger@users.noreply.github.com', '2023-08-01T00:00:00+00:00', '2023-08-06T00:00:00+00:00', 2),
      ],
      { repo: 'KubeSphere/Fixture' },
    )
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('yields every commit with its author, dates and parent count', async () => {
    const commits = await collect(readGitLog(repo))
    expect(commits).toHaveLength(6)
    expect(new Set(commits.map((c) => c.sha)).size).toBe(6)
    const bySubject = (name: string) => commits.filter((c) => c.authorName === name)
    expect(bySubject('Root')[0]).toMatchObject({ parents: 0, authorEmail: 'root@example.org' })
    expect(bySubject('Merger')[0]).toMatchObject({ parents: 2, authorEmail: '1001+merger@users.noreply.github.com' })
    expect(bySubject('李雷')[0]).toMatchObject({ authorEmail: '', parents: 1 })
    expect(bySubject('李雷')[0]!.authorDate.toISOString()).toBe('2022-08-10T06:30:00.000Z')
    expect(bySubject('Bo')[0]!.committerDate.toISOString()).toBe('2023-08-05T00:00:00.000Z')
    expect(commits.map((c) => c.sha)).toEqual(gitOutput(repo, 'log', '--all', '--format=%H').trim().split('\n'))
  })

  it('filters by author date, not committer date: since inclusive, until exclusive', async () => {
    const since = parseDateBound('2022-08-01', 'since')
    const until = parseDateBound('2023-08-01', 'until')
    const names = (await collect(readGitLog(repo, { since, until }))).map((c) => c.authorName).sort()
    expect(names).toEqual(['Bo', '李雷'])
    // git's own --since (committer date) would also have kept both of Ada's commits.
    expect(gitOutput(repo, 'log', '--all', '--since=2022-08-01T00:00:00Z', '--until=2023-08-01T00:00:00Z', '--format=%aN').trim().split('\n')).toContain('Ada')
  })

  it('reads one ref when asked', async () => {
    const main = await collect(readGitLog(repo, { ref: 'main' }))
    expect(main).toHaveLength(6)
    const side = await collect(readGitLog(repo, { ref: 'main~1' }))
    expect(side.map((c) => c.authorName)).not.toContain('Merger')
  })

  it('says clearly what is wrong with a path or a ref', async () => {
    await expect(checkRepository(dir)).rejects.toThrow(`${dir} is not a git repository`)
    await expect(checkRepository(path.join(dir, 'missing'))).rejects.toThrow(`${path.join(dir, 'missing')} does not exist`)
    fs.mkdirSync(path.join(repo, 'sub'), { recursive: true })
    await expect(checkRepository(path.join(repo, 'sub'))).rejects.toThrow(/is a folder inside a git repository; pass the repository's top folder/)
    await expect(checkRepository(repo)).resolves.toBeUndefined()
    await expect(checkRepository(path.join(repo, '.git'))).resolves.toBeUndefined()
    await expect(checkRef(repo, 'nope')).rejects.toThrow(`${repo} has no branch, tag or commit "nope"`)
    await expect(checkRef(repo, '--all')).rejects.toThrow(/not a valid ref/)
    await expect(collect(readGitLog(repo, { ref: 'nope' }))).rejects.toThrow(`has no branch, tag or commit "nope"`)
  })

  it('names the repository from origin, or asks for --repo', async () => {
    expect(await resolveRepositoryName(repo)).toBe('KubeSphere/Fixture')
    expect(await resolveRepositoryName(repo, 'other/name')).toBe('other/name')
    const bare = path.join(dir, 'no-origin')
    await buildRepository(bare, [commit('A', 'a@example.org', '2023-01-01T00:00:00Z', '2023-01-01T00:00:00Z', 0)])
    await expect(resolveRepositoryName(bare)).rejects.toThrow(`${bare} has no origin remote to tell which GitHub repository it is; pass --repo owner/name`)
    gitOutput(bare, 'remote', 'add', 'origin', 'https://user:token123@gitlab.example.com/group/sub/name.git')
    const failure = resolveRepositoryName(bare)
    await expect(failure).rejects.toThrow(/cannot tell the GitHub repository of .* from its origin https:\/\/gitlab\.example\.com\/group\/sub\/name\.git; pass --repo owner\/name/)
    await expect(failure).rejects.not.toThrow(/token123/)
  })

  it('reads an empty repository as no commits', async () => {
    const empty = path.join(dir, 'empty')
    fs.mkdirSync(empty)
    gitOutput(empty, 'init', '--quiet')
    expect(await collect(readGitLog(empty))).toEqual([])
  })

  it('honours .mailmap', async () => {
    const mapped = path.join(dir, 'mailmap')
    await buildRepository(
      mapped,
      [
        commit('old name', 'OLD@example.org', '2023-01-01T00:00:00Z', '2023-01-01T00:00:00Z', 0),
        commit('New Name', 'new@example.org', '2023-01-02T00:00:00Z', '2023-01-02T00:00:00Z'),
      ],
      { mailmap: 'New Name <new@example.org> <old@example.org>\n' },
    )
    const commits = await collect(readGitLog(mapped))
    expect(commits.map((c) => `${c.authorName} <${c.authorEmail}>`)).toEqual(['New Name <new@example.org>', 'New Name <new@example.org>'])
  })

  it('reads the instant of a date with an odd UTC offset, and leaves unreadable dates for the importer to reject', async () => {
    // Headers no ordinary git writes, stored as they are: `git hash-object --literally`.
    const odd = path.join(dir, 'odd-dates')
    fs.mkdirSync(odd)
    gitOutput(odd, 'init', '--quiet')
    const tree = gitOutput(odd, 'mktree').trim()
    const write = (author: string, parent?: string) =>
      execFileSync('git', ['-C', odd, 'hash-object', '-t', 'commit', '-w', '--stdin', '--literally'], {
        input: `tree ${tree}\n${parent ? `parent ${parent}\n` : ''}author ${author}\ncommitter C <c@example.org> 1700000000 +0000\n\nm\n`,
        encoding: 'utf8',
      }).trim()
    const offset = write('Odd Offset <odd@example.org> 1700000000 +9999')
    const broken = write('Broken <broken@example.org> notadate +0000', offset)
    const far = write('Far <far@example.org> 99999999999999 +0000', broken)
    gitOutput(odd, 'update-ref', 'refs/heads/main', far)
    const commits = await collect(readGitLog(odd))
    const byName = new Map(commits.map((c) => [c.authorName, c]))
    expect(byName.get('Odd Offset')!.authorDate.toISOString()).toBe('2023-11-14T22:13:20.000Z')
    expect(Number.isNaN(byName.get('Broken')!.authorDate.getTime())).toBe(true)
    // Year 3,170,843: past what a Date holds.
    expect(Number.isNaN(byName.get('Far')!.authorDate.getTime())).toBe(true)
    expect(commitRecord('o/odd', byName.get('Odd Offset')!)).toMatchObject({ occurredAt: new Date('2023-11-14T22:13:20Z'), committedAt: new Date('2023-11-14T22:13:20Z') })
    expect(commitRecord('o/odd', byName.get('Broken')!)).toBeUndefined()
    expect(commitRecord('o/odd', byName.get('Far')!)).toBeUndefined()
  })

  it('kills git when the reader stops early', async () => {
    const [console] = (await kubesphereRepositories()).filter((f) => f.repo === 'kubesphere/console')
    let seen = 0
    let running: number[] = []
    for await (const _ of readGitLog(console!.path)) {
      if (++seen === 10) {
        running = gitChildren()
        break
      }
    }
    expect(seen).toBe(10)
    if (process.platform === 'linux') expect(running).toHaveLength(1)
    // git has been sent SIGTERM; give it a moment to go.
    for (let i = 0; i < 50 && gitChildren().length; i++) await new Promise((r) => setTimeout(r, 20))
    expect(gitChildren()).toEqual([])
  })
})
