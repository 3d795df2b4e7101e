import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Config } from '../config.ts'

/** A random token for links and cookies: 32 bytes, base64url. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url')
}

/** SHA-256 of a token, hex: what the database stores instead of the token. */
export function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** HMAC-SHA-256 of a value under the deployment's secret, base64url. */
export function hmac(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url')
}

/** Constant-time comparison of two strings. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** Raised when a deployment on PostgreSQL has no SECRET_KEY: processes must share one, so it cannot be generated. */
export class MissingSecretKeyError extends Error {
  override name = 'MissingSecretKeyError'
}

/**
 * The deployment's secret key: SECRET_KEY when set; on the embedded engine, a key generated once and kept in
 * DATA_DIR/secret.key (mode 0600). Several processes on PostgreSQL must share one key, so there it is required.
 */
export function resolveSecretKey(config: Config): string {
  if (config.secretKey) return config.secretKey
  if (config.databaseUrl) {
    throw new MissingSecretKeyError('SECRET_KEY must be set when DATABASE_URL is (every process must share it); generate one with: openssl rand -base64 48')
  }
  const file = path.join(config.dataDir, 'secret.key')
  try {
    return fs.readFileSync(file, 'utf8').trim()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  fs.mkdirSync(config.dataDir, { recursive: true })
  const key = randomBytes(48).toString('base64url')
  try {
    fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' })
    return key
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim()
    throw err
  }
}
