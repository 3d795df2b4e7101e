/**
 * Free and ISP mail providers: two people with addresses there share a mailbox provider, not an employer,
 * so a shared domain there is no conflict.
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'yahoo.co.jp', 'ymail.com',
  'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'pm.me', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de',
  'mail.ru', 'yandex.ru', 'yandex.com', 'zoho.com', 'fastmail.com', 'hey.com', 'tutanota.com', 'qq.com', 'foxmail.com', '163.com',
  '126.com', 'yeah.net', 'sina.com', 'sina.cn', 'sohu.com', 'aliyun.com', '139.com', 'naver.com', 'daum.net', 'hanmail.net',
  'rediffmail.com', 'users.noreply.github.com', 'example.com', 'example.org',
])

/** Why a reviewer is detected as conflicted with an applicant. */
export type DetectedConflict = 'same_person' | 'same_email_domain'

/** The lower-cased domain of an email address, or undefined. */
export function emailDomain(email: string | null | undefined): string | undefined {
  const at = email?.lastIndexOf('@') ?? -1
  if (!email || at < 0) return undefined
  const domain = email.slice(at + 1).trim().toLowerCase().replace(/\.$/, '')
  return domain.includes('.') ? domain : undefined
}

/** Whether the domain belongs to a free-mail provider (subdomains of one included). */
export function isFreeMail(domain: string): boolean {
  for (let d = domain; d.includes('.'); d = d.slice(d.indexOf('.') + 1)) if (FREE_MAIL_DOMAINS.has(d)) return true
  return false
}

/** Same company: equal domains, or one a subdomain of the other (eu.corp.com and corp.com). */
function sameOrganisation(a: string, b: string): boolean {
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`)
}

/**
 * The obvious conflicts between a reviewer and an applicant: the same person, or the same company email
 * domain (free-mail domains such as gmail.com, qq.com or 163.com never count).
 */
export function detectConflict(reviewer: { personId: string; email: string | null }, applicant: { personId: string; email: string | null }): DetectedConflict | undefined {
  if (reviewer.personId === applicant.personId) return 'same_person'
  const a = emailDomain(reviewer.email)
  const b = emailDomain(applicant.email)
  if (a && b && !isFreeMail(a) && !isFreeMail(b) && sameOrganisation(a, b)) return 'same_email_domain'
  return undefined
}

/** The key of a reviewer–application pair in sets of blocked pairs. */
export const pairKey = (reviewerId: string, applicationId: string) => `${reviewerId}|${applicationId}`

/** A company email domain and its parent domains of two labels or more (eu.corp.com → corp.com). */
function withParents(domain: string): string[] {
  const out = [domain]
  for (let d = domain; d.indexOf('.') !== d.lastIndexOf('.'); ) out.push((d = d.slice(d.indexOf('.') + 1)))
  return out
}

/**
 * detectConflict for every reviewer–applicant pair, by pairKey, without comparing every pair: applicants are
 * indexed by company domain (and its parent domains), so the cost follows the matches, not reviewers × applicants.
 */
export function detectConflicts(
  reviewers: readonly { personId: string; email: string | null }[],
  applicants: readonly { applicationId: string; personId: string; email: string | null }[],
): Map<string, DetectedConflict> {
  const found = new Map<string, DetectedConflict>()
  const byPerson = new Map<string, string[]>()
  const byDomain = new Map<string, string[]>()
  const byExactDomain = new Map<string, string[]>()
  const add = (map: Map<string, string[]>, key: string, id: string) => {
    const list = map.get(key)
    if (list) list.push(id)
    else map.set(key, [id])
  }
  for (const a of applicants) {
    add(byPerson, a.personId, a.applicationId)
    const domain = emailDomain(a.email)
    if (domain && !isFreeMail(domain)) {
      add(byExactDomain, domain, a.applicationId)
      for (const d of withParents(domain)) add(byDomain, d, a.applicationId)
    }
  }
  for (const r of reviewers) {
    const domain = emailDomain(r.email)
    if (domain && !isFreeMail(domain)) {
      // Applicants at the reviewer's domain or below it, then applicants exactly at one of its parents.
      for (const id of byDomain.get(domain) ?? []) found.set(pairKey(r.personId, id), 'same_email_domain')
      for (const parent of withParents(domain).slice(1)) for (const id of byExactDomain.get(parent) ?? []) found.set(pairKey(r.personId, id), 'same_email_domain')
    }
    for (const id of byPerson.get(r.personId) ?? []) found.set(pairKey(r.personId, id), 'same_person')
  }
  return found
}
