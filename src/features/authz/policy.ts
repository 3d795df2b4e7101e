import type { RoleName } from '../accounts/schema.ts'

/**
 * Who may do something to a resource, as data: every route of the app declares one of these (route-access.ts)
 * and a test walks every route with every kind of person to check the app answers as declared.
 */
export type Access =
  /** Anyone, signed in or not. */
  | 'public'
  /** Any signed-in person (the answer concerns only themselves: their account, their tokens). */
  | 'signed-in'
  /** The person the resource belongs to (their application, their membership), its community's managers, admins. */
  | 'owner'
  /** Only the person the resource belongs to (their receipt, their withdrawal): managers use their own pages. */
  | 'self'
  /** Reviewers of the resource's community without a conflict on it, its managers, admins. */
  | 'reviewer'
  /** Ambassadors of the resource's community (their term's tools), its managers, admins. */
  | 'ambassador'
  /** Program managers of the resource's community, admins. */
  | 'manager'
  /** Program managers of any community, and admins (the management index). */
  | 'staff'
  /** Deployment administrators only. */
  | 'admin'
  /** Whoever holds a secret carried in the URL or body (signed links, calendar feed keys, webhook tokens). */
  | 'capability'

/** The person asking: their id and role grants (community null = deployment-wide). */
export interface Subject {
  personId?: string
  roles: { role: RoleName; communityId: string | null }[]
}

/** What the request is about: its community, the person it belongs to, conflicts declared on it. */
export interface ResourceContext {
  communityId?: string
  ownerPersonId?: string
  /** Reviewers with a declared or detected conflict on this resource. */
  conflictedPersonIds?: string[]
}

const holds = (s: Subject, role: RoleName, communityId: string | undefined) =>
  s.roles.some((r) => r.role === role && (r.communityId === null || r.communityId === communityId))

/** Whether the subject is a deployment administrator. */
export const isAdmin = (s: Subject) => s.roles.some((r) => r.role === 'admin')

/** Whether the subject manages the resource's community (admins manage every community). */
export const isManager = (s: Subject, r: ResourceContext) => isAdmin(s) || holds(s, 'program_manager', r.communityId)

/** The permission matrix: may this subject act on this resource under this access rule? */
export function allows(access: Access, s: Subject, r: ResourceContext): boolean {
  switch (access) {
    case 'public':
    case 'capability':
      return true
    case 'signed-in':
      return s.personId !== undefined
    case 'owner':
      return (s.personId !== undefined && s.personId === r.ownerPersonId) || isManager(s, r)
    case 'self':
      return s.personId !== undefined && s.personId === r.ownerPersonId
    case 'reviewer':
      return isManager(s, r) || (holds(s, 'reviewer', r.communityId) && !(r.conflictedPersonIds ?? []).includes(s.personId ?? ''))
    case 'ambassador':
      return isManager(s, r) || holds(s, 'ambassador', r.communityId)
    case 'manager':
      return isManager(s, r)
    case 'staff':
      return isAdmin(s) || s.roles.some((g) => g.role === 'program_manager')
    case 'admin':
      return isAdmin(s)
  }
}
