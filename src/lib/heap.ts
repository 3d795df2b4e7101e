// A full garbage collection on demand, for long streaming jobs (bulk imports) whose memory must stay flat.
// V8 lets its heap grow well past the live data before it collects (on a large machine, to hundreds of MB of
// garbage): an import of 1,000,000 commits peaked at 173 MB of heap for about 60 MB live. Collecting between
// batches keeps the process near its live size; it runs while the database stores the previous batch, when
// the process would be waiting anyway.
import v8 from 'node:v8'
import vm from 'node:vm'

let gc: (() => void) | undefined

/** Runs a full garbage collection (V8's `gc`, exposed once at first use without a command-line flag). */
export function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc')
    gc = vm.runInNewContext('gc') as () => void
  }
  gc()
}

/** Calls collectGarbage once every `every` units of work (records, say) counted with `add`. */
export function garbageCollector(every: number): { add(n: number): void } {
  let since = 0
  return {
    add(n) {
      since += n
      if (since < every) return
      since = 0
      collectGarbage()
    },
  }
}
