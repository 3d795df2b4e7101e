#!/usr/bin/env node
// Browser tests need Debian's Chromium at /usr/bin/chromium; install it when missing (never a downloaded browser).
import { existsSync } from 'node:fs'
import { execSync } from 'node:child_process'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (existsSync(CHROMIUM)) process.exit(0)
if (process.getuid?.() !== 0) {
  console.error(`Chromium is missing at ${CHROMIUM}. Install it with: sudo apt-get update && sudo apt-get install -y chromium`)
  process.exit(1)
}
console.error('Chromium is missing: installing Debian\'s chromium package…')
execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null', { stdio: 'inherit', shell: '/bin/bash' })
if (!existsSync(CHROMIUM)) {
  console.error(`apt-get finished but ${CHROMIUM} is still missing.`)
  process.exit(1)
}
