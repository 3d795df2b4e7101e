#!/usr/bin/env node
// The embassy command: runs the TypeScript sources through tsx's loader (no build step to forget).
// tsx reads the tsconfig of the current folder by default; point it at ours so JSX and paths are right
// wherever the command is started from.
import { fileURLToPath } from 'node:url'
import { register } from 'tsx/esm/api'

process.env.TSX_TSCONFIG_PATH ??= fileURLToPath(new URL('../tsconfig.json', import.meta.url))
register()
await import('../src/cli.ts')
