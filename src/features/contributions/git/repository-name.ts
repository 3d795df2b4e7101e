import { GitImportError, runGit } from './read-git-log.ts'

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$/
const NAME = /^[A-Za-z0-9._-]{1,100}$/

/**
 * "owner/name" when `owner` and `name` are valid GitHub names, spelled as given: the other importers keep
 * GitHub's spelling too (GH Archive's repo.name, the API's full_name), and the repository is part of a
 * contribution's natural key, so a remote URL in GitHub's own case gives the same key as they do.
 */
function ownerName(owner: string, name: string): string | undefined {
  if (!OWNER.test(owner) || !NAME.test(name) || name === '.' || name === '..') return undefined
  return `${owner}/${name}`
}

/** Validates a `--repo owner/name` value. */
export function parseRepositoryOption(value: string): string {
  const text = String(value).trim()
  const [owner, name, ...more] = text.split('/')
  const parsed = !more.length && owner !== undefined && name !== undefined && !/\.git$/i.test(name) ? ownerName(owner, name) : undefined
  if (!parsed) throw new GitImportError(`--repo "${text}" is not a GitHub repository name: use owner/name, e.g. kubesphere/console`)
  return parsed
}

/**
 * The owner/name of a remote URL: https://host/owner/name(.git), git@host:owner/name.git, ssh://git@host/owner/name,
 * git://host/owner/name. Any host is accepted (GitHub Enterprise has the same shape); undefined when the URL has
 * not exactly two path segments (a local path, a GitLab subgroup) or they are not valid GitHub names.
 */
export function repositoryFromUrl(url: string): string | undefined {
  const text = url.trim()
  let pathname: string
  const scp = /^(?:[^@/\s]+@)?[^:/\s]+:(?!\/\/)(.+)$/.exec(text)
  if (!text.includes('://') && scp) pathname = scp[1]!
  else {
    let parsed: URL
    try {
      parsed = new URL(text)
    } catch {
      return undefined
    }
    if (!['https:', 'http:', 'ssh:', 'git:', 'git+ssh:', 'ssh+git:'].includes(parsed.protocol) || !parsed.hostname) return undefined
    pathname = decodeURIComponent(parsed.pathname)
  }
  const parts = pathname
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/i, '')
    .split('/')
  return parts.length === 2 ? ownerName(parts[0]!, parts[1]!) : undefined
}

/** A URL safe to print: without its user information (a password or token). */
function redact(url: string): string {
  try {
    const parsed = new URL(url)
    // A token can sit in either part (https://TOKEN@github.com/…): both go.
    parsed.username = ''
    parsed.password = ''
    return parsed.toString()
  } catch {
    return url
  }
}

/** The repository's owner/name: `--repo` when given (validated), else from the `origin` remote's URL. */
export async function resolveRepositoryName(repoPath: string, repoOption?: string): Promise<string> {
  if (repoOption !== undefined && repoOption !== '') return parseRepositoryOption(repoOption)
  const { code, stdout } = await runGit(repoPath, ['config', '--get', 'remote.origin.url'])
  const url = stdout.trim()
  if (code !== 0 || !url) throw new GitImportError(`${repoPath} has no origin remote to tell which GitHub repository it is; pass --repo owner/name`)
  const name = repositoryFromUrl(url)
  if (!name) throw new GitImportError(`cannot tell the GitHub repository of ${repoPath} from its origin ${redact(url)}; pass --repo owner/name`)
  return name
}
