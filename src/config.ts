import { z } from 'zod'
import path from 'node:path'

/**
 * The environment Embassy reads, validated once at start. Every variable is optional: with none set,
 * Embassy runs on embedded PGlite under ./data on http://localhost:3000.
 */
const envSchema = z.object({
  /** TCP port of the web server. */
  PORT: z.coerce.number({ error: 'must be a whole number from 1 to 65535' }).int('must be a whole number from 1 to 65535').min(1, 'must be a whole number from 1 to 65535').max(65535, 'must be a whole number from 1 to 65535').default(3000),
  /** Interface to listen on; 127.0.0.1 keeps a trial install private, use 0.0.0.0 behind a proxy or in a container. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Public origin of the deployment (links in emails, credentials, feeds); defaults to http://localhost:PORT. */
  BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://ambassadors.example.org' }).optional(),
  /** PostgreSQL connection string; when unset, Embassy uses embedded PGlite under DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Folder for the embedded database, its lock and generated files. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** Key that encrypts secrets at rest and signs cookies; at least 32 characters. Generated under DATA_DIR when unset. */
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters long').optional(),
  /** The SECRET_KEY before a rotation, only while `embassy secrets rotate` re-seals stored secrets under the new one. */
  SECRET_KEY_PREVIOUS: z.string().min(32, 'must be at least 32 characters long').optional(),
  /** SMTP server for outgoing mail (smtp:// with STARTTLS when offered, smtps:// for TLS); unset: mail stays in the outbox at /admin/outbox. */
  SMTP_URL: z.string().regex(/^smtps?:\/\/\S+$/, 'must be an smtp:// or smtps:// URL').optional(),
  /** Sender of outgoing mail. */
  MAIL_FROM: z.string().min(3).max(200).default('Embassy <no-reply@localhost>'),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
  /** Seconds a rendered public page may be served from the in-process cache before it is rendered again. */
  PAGE_CACHE_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).int('must be a whole number of seconds').min(0, 'must not be negative').max(86400, 'must be at most 86400').default(10),
  /** Load the demo programs when the server starts on an empty embedded database ("true"/"false"). */
  SEED_DEMO_ON_EMPTY: z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  /** Seconds that graceful shutdown waits for requests in flight before it gives up. */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).int('must be a whole number of seconds').min(1, 'must be at least 1').max(600, 'must be at most 600').default(10),
  /** Milliseconds between two polls of the durable job queue by the server's worker (0 disables the worker). */
  JOBS_POLL_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int('must be a whole number').min(0, 'must not be negative').max(600000, 'must be at most 600000').default(2000),
  /** When a person deletes their account: "revoke" their credentials (default) or "keep" them valid. */
  ERASURE_CREDENTIALS: z.enum(['revoke', 'keep'], { error: 'must be revoke or keep' }).default('revoke'),
  /** Months after a cohort's announcement before applications that were not selected are anonymised (0: never). */
  RETENTION_MONTHS: z.coerce.number({ error: 'must be a number of months' }).int('must be a whole number of months').min(0, 'must not be negative').max(120, 'must be at most 120').default(12),
  /** API requests one caller (token, session or address) may make per minute, across processes (0: no limit). */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must not be negative').max(100000, 'must be at most 100000').default(300),
  /** Client ID of the GitHub OAuth app that offers "Sign in with GitHub"; set together with GITHUB_CLIENT_SECRET. */
  GITHUB_CLIENT_ID: z.string().min(1).max(200).optional(),
  /** Client secret of that GitHub OAuth app; set together with GITHUB_CLIENT_ID. */
  GITHUB_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  /** Web origin of GitHub (sign-in pages); GitHub Enterprise Server: https://ghe.example.com. */
  GITHUB_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://github.com' }).default('https://github.com'),
  /** REST API root of GitHub; GitHub Enterprise Server: https://ghe.example.com/api/v3. */
  GITHUB_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.github.com' }).default('https://api.github.com'),
  /** Token `embassy import github` reads the GitHub API with (read-only access to the repositories); unset: 60 requests an hour. */
  GITHUB_TOKEN: z.string().trim().min(1, 'must not be empty').max(1000, 'must be at most 1000 characters').regex(/^\S+$/, 'must not contain spaces').optional(),
  /** Issuer URL of an OpenID Connect provider that offers single sign-on (its /.well-known/openid-configuration is read). */
  OIDC_ISSUER: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://sso.example.org/realms/main' }).optional(),
  /** Client ID registered at the OpenID Connect provider; set together with OIDC_ISSUER. */
  OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
  /** Client secret registered at the OpenID Connect provider; unset for a public client (PKCE only). */
  OIDC_CLIENT_SECRET: z.string().min(1).max(1000).optional(),
  /** Text of the OpenID Connect button on the sign-in page. */
  OIDC_LABEL: z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters').default('Single sign-on'),
})

/** The validated configuration every part of Embassy receives. */
export interface Config {
  port: number
  host: string
  baseUrl: string
  databaseUrl: string | undefined
  dataDir: string
  secretKey: string | undefined
  smtpUrl: string | undefined
  mailFrom: string
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL']
  pageCacheSeconds: number
  seedDemoOnEmpty: boolean
  shutdownTimeoutSeconds: number
  /** Milliseconds between polls of the job queue by the server (0: no worker in this process). */
  jobsPollMs: number
  /** What account deletion does to the person's credentials. */
  erasureCredentials: 'revoke' | 'keep'
  /** Months after the announcement before unselected applications are anonymised; 0 keeps them. */
  retentionMonths: number
  /** API requests per caller and minute (0: unlimited). */
  apiRateLimitPerMinute: number
  /** SECRET_KEY_PREVIOUS: the old key during a rotation. */
  secretKeyPrevious: string | undefined
  /** "Sign in with GitHub", when GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET are set. URLs have no trailing slash. */
  github?: { clientId: string; clientSecret: string; baseUrl: string; apiUrl: string } | undefined
  /** REST API root of GitHub (GITHUB_API_URL, no trailing slash), for the importer whether or not sign-in is configured. */
  githubApiUrl: string
  /** GITHUB_TOKEN: what the GitHub importer authenticates with; undefined reads unauthenticated. */
  githubToken: string | undefined
  /** Sign-in with an OpenID Connect provider, when OIDC_ISSUER and OIDC_CLIENT_ID are set. */
  oidc?: { issuer: string; clientId: string; clientSecret: string | undefined; label: string } | undefined
  /** Outgoing webhooks may target http:// and loopback or private addresses: tests and development only (default: EMBASSY_ALLOW_PRIVATE_FETCH=1). */
  allowPrivateFetch?: boolean
}

/** Variables whose value is never repeated in an error message. */
const secretVariables = new Set(['SECRET_KEY', 'DATABASE_URL', 'SMTP_URL', 'GITHUB_CLIENT_SECRET', 'GITHUB_TOKEN', 'OIDC_CLIENT_SECRET'])

/** Variables that only make sense together: [set, then this one is required]. */
const requiredTogether: [string, string][] = [
  ['GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET'],
  ['GITHUB_CLIENT_SECRET', 'GITHUB_CLIENT_ID'],
  ['OIDC_ISSUER', 'OIDC_CLIENT_ID'],
  ['OIDC_CLIENT_ID', 'OIDC_ISSUER'],
  ['OIDC_CLIENT_SECRET', 'OIDC_ISSUER'],
]

/** Thrown when the environment is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Validates an environment (process.env by default) into a Config, or throws ConfigError. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset: `PORT= npm start` should not fail on "".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = envSchema.safeParse(cleaned)
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment')
        const got = cleaned[name]
        const shown = secretVariables.has(name) || got === undefined ? '' : ` (got "${got}")`
        return `${name} ${issue.message.replace(/^Invalid input: /, '')}${shown}`
      })
  for (const [present, needed] of requiredTogether) {
    if (cleaned[present] !== undefined && cleaned[needed] === undefined && !problems.some((p) => p.startsWith(`${needed} `))) {
      problems.push(`${needed} must be set when ${present} is`)
    }
  }
  if (!parsed.success || problems.length) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`)
  const e = parsed.data
  return {
    port: e.PORT,
    host: e.HOST,
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    secretKey: e.SECRET_KEY,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    pageCacheSeconds: e.PAGE_CACHE_SECONDS,
    seedDemoOnEmpty: e.SEED_DEMO_ON_EMPTY,
    shutdownTimeoutSeconds: e.SHUTDOWN_TIMEOUT_SECONDS,
    jobsPollMs: e.JOBS_POLL_MS,
    erasureCredentials: e.ERASURE_CREDENTIALS,
    retentionMonths: e.RETENTION_MONTHS,
    apiRateLimitPerMinute: e.API_RATE_LIMIT_PER_MINUTE,
    secretKeyPrevious: e.SECRET_KEY_PREVIOUS,
    github:
      e.GITHUB_CLIENT_ID && e.GITHUB_CLIENT_SECRET
        ? { clientId: e.GITHUB_CLIENT_ID, clientSecret: e.GITHUB_CLIENT_SECRET, baseUrl: e.GITHUB_BASE_URL.replace(/\/+$/, ''), apiUrl: e.GITHUB_API_URL.replace(/\/+$/, '') }
        : undefined,
    githubApiUrl: e.GITHUB_API_URL.replace(/\/+$/, ''),
    githubToken: e.GITHUB_TOKEN,
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID
        ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET, label: e.OIDC_LABEL }
        : undefined,
  }
}

/** A database URL with its password replaced, safe to print. */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'postgres://(unparseable URL)'
  }
}
