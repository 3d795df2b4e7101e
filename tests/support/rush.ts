import fs from 'node:fs'

/** One HTTP request the load test made: what came back and how long it took. */
export interface Sample {
  /** HTTP status; 0 when the request failed (timeout, connection refused or reset). */
  status: number
  ms: number
  error?: string
}

/** Runs `fn` over `items` with at most `concurrency` calls in flight; resolves when every call has settled. */
export async function runPool<T>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      await fn(items[i]!, i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
}

/** Times one fetch (which must not throw past a timeout): status 0 and the reason when it fails. */
export async function timed(call: () => Promise<Response>): Promise<Sample & { response?: Response; body?: string }> {
  const start = performance.now()
  try {
    const response = await call()
    const body = await response.text()
    return { status: response.status, ms: performance.now() - start, response, body }
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } }
    return { status: 0, ms: performance.now() - start, error: e.cause?.code ?? e.name ?? e.message }
  }
}

/** The value below which `p` percent of the sorted values fall (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

/** Latency percentiles, throughput and statuses of a batch of samples, as one printable line. */
export function summarize(label: string, samples: Sample[], elapsedMs: number): string {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b)
  const statuses = new Map<number, number>()
  for (const s of samples) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1)
  const f = (v: number) => `${Math.round(v)} ms`
  return (
    `${label}: ${samples.length} requests in ${(elapsedMs / 1000).toFixed(1)} s ` +
    `(${((samples.length * 1000) / elapsedMs).toFixed(1)} req/s); ` +
    `p50 ${f(percentile(ms, 50))}, p95 ${f(percentile(ms, 95))}, p99 ${f(percentile(ms, 99))}, max ${f(ms[ms.length - 1] ?? NaN)}; ` +
    `statuses ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}`
  )
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); NaN elsewhere. */
export function cpuMs(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // utime and stime are fields 14 and 15 of the line, in clock ticks (100 per second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
  } catch {
    return NaN
  }
}
