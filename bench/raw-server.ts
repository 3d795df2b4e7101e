// The baseline: plain node:http answering every request with the same bytes.
// Usage: node --import tsx bench/raw-server.ts BODY_FILE [PORT] [CONTENT_TYPE]   (or env PORT, CONTENT_TYPE)
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'

const [file, portArg, typeArg] = process.argv.slice(2)
if (!file) {
  process.stderr.write('usage: raw-server.ts BODY_FILE [PORT] [CONTENT_TYPE]\n')
  process.exit(2)
}
const body = readFileSync(file)
const port = Number(portArg ?? process.env.PORT ?? 3001)
const headers = { 'Content-Type': typeArg ?? process.env.CONTENT_TYPE ?? 'text/html; charset=utf-8', 'Content-Length': body.length }

const server = createServer((_req, res) => {
  res.writeHead(200, headers)
  res.end(body)
})
server.listen(port, '127.0.0.1')
const stop = () => server.close(() => process.exit(0))
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
