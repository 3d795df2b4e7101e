/** A half-open range of UTC days, [from, to), as 'YYYY-MM-DD'. */
export type DayRange = readonly [from: string, to: string]

/** How a window is read: its whole months from the monthly roll-up, its partial edge months from the days. */
export interface WindowSplit {
  /** First days of the whole months [from, to), or null when the window holds no whole month. */
  months: DayRange | null
  /** At most two ranges of days: before the first whole month and after the last one. */
  days: DayRange[]
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** The first day of the month after the one `day` is in ('2022-12-15' → '2023-01-01'). */
function nextMonthStart(day: string): string {
  const year = Number(day.slice(0, 4))
  const month = Number(day.slice(5, 7))
  return month === 12 ? `${String(year + 1).padStart(4, '0')}-01-01` : `${day.slice(0, 4)}-${String(month + 1).padStart(2, '0')}-01`
}

/**
 * Splits the window [since, until) of UTC days into whole calendar months and the days at its edges, so
 * that a count reads twelve month rows for a year instead of every active day, and stays exact for windows
 * that start or end mid-month. An empty window (until ≤ since) has nothing to read.
 */
export function splitWindow(since: string, until: string): WindowSplit {
  if (!DAY.test(since) || !DAY.test(until)) throw new RangeError(`a window is two days as YYYY-MM-DD, not ${since}..${until}`)
  if (until <= since) return { months: null, days: [] }
  const firstWhole = since.endsWith('-01') ? since : nextMonthStart(since)
  const untilMonth = `${until.slice(0, 8)}01`
  if (firstWhole >= untilMonth) return { months: null, days: [[since, until]] }
  const days: DayRange[] = []
  if (since < firstWhole) days.push([since, firstWhole])
  if (untilMonth < until) days.push([untilMonth, until])
  return { months: [firstWhole, untilMonth], days }
}

/** Windows with a partial month at an edge, up to this many days long, are read from the days alone. */
export const DAYS_ONLY_MAX_DAYS = 400

/**
 * How `countContributions` reads a window: whole months from the roll-up when the window is made of whole
 * months (or is long); otherwise, for a window of up to about a year that starts or ends mid-month, every day
 * from the days alone. Each range costs one index descent per identity, which outweighs the rows it reads:
 * over 10,000 identities and 10,000,000 contributions, a mid-month year read as months plus two edge ranges
 * took ~190 ms of server CPU, read as one range of days ~120 ms (whole months from the roll-up: ~94 ms).
 */
export function planWindow(since: string, until: string): WindowSplit {
  const split = splitWindow(since, until)
  if (!split.months || split.days.length === 0) return split
  const days = (Date.parse(`${until}T00:00:00Z`) - Date.parse(`${since}T00:00:00Z`)) / 86_400_000
  return days <= DAYS_ONLY_MAX_DAYS ? { months: null, days: [[since, until]] } : split
}
