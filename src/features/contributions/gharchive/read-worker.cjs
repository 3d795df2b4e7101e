// Worker-thread entry of the GH Archive reader: plain JavaScript so Node can start it as it is, then the
// TypeScript worker through tsx (loader hooks of the main thread do not reach worker threads). Unlike
// render-worker.mjs, tsx's require hook (CommonJS) rather than its ESM loader: the ESM loader runs its hooks
// on a thread of their own, one more V8 isolate, which cost ~20 MB more RSS per reader (measured: an idle
// reader 37 MB vs 18 MB), and the import is held to a memory budget. The worker's modules are plain ESM
// TypeScript without top-level await, which tsx turns into CommonJS as it loads them.
require('tsx/cjs/api').register()
require('./read-worker.ts')
