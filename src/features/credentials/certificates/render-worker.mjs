// Worker-thread entry of the certificate render pool: plain JavaScript so Node can start it as it is, then the
// TypeScript worker through tsx (loader hooks of the main thread do not reach worker threads).
import { register } from 'tsx/esm/api'

register()
await import('./render-worker.ts')
