import type { Context } from 'hono'

/** A urlencoded form's string fields, without the CSRF field (files and repeated fields' arrays left out). */
export async function readStringFields(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody()
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== '_csrf'))
}
