/** Pure permission and health rules of the term's community work (no database, no HTTP). */

/** Who the viewer is in a program, as loadProgramContext finds it. */
export interface ProgramStanding {
  personId: string
  /** Program manager of the community (or admin). */
  isManager: boolean
  /** Holds an active ambassador or organiser term in one of the program's cohorts. */
  isMember: boolean
  /** Approved user groups the person is liaison of. */
  liaisonGroupIds: string[]
}

/** Whether the person may log activities and propose groups. */
export function canReport(standing: ProgramStanding): boolean {
  return standing.isMember || standing.isManager
}

/** Whether the person may report for (log for, raise feedback from) a group: only its liaisons may. */
export function canReportForGroup(standing: ProgramStanding, groupId: string): boolean {
  return standing.liaisonGroupIds.includes(groupId)
}

/** A user group's health: active, quiet (no meetup for 90 days), dormant (none for 180 days or never). */
export type GroupHealth = 'active' | 'quiet' | 'dormant'

/** Days without a meetup after which a group is quiet. */
export const QUIET_AFTER_DAYS = 90
/** Days without a meetup after which a group is dormant. */
export const DORMANT_AFTER_DAYS = 180

/** The health of a group from its last meetup day ("YYYY-MM-DD" or null) on `today`. */
export function groupHealth(lastMeetupOn: string | null, today: string): GroupHealth {
  if (!lastMeetupOn) return 'dormant'
  const days = Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${lastMeetupOn}T00:00:00Z`)) / 86_400_000)
  if (days >= DORMANT_AFTER_DAYS) return 'dormant'
  if (days >= QUIET_AFTER_DAYS) return 'quiet'
  return 'active'
}
