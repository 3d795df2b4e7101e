import type { Command } from 'commander'
import { runDbCommand } from './run-command.ts'

/** evaluate, assign and select: a cohort's eligibility, reviewers and selection. */
export function addCohortCommands(program: Command): void {
  program
    .command('evaluate')
    .description('recompute and print the eligibility of every application of a cohort')
    .requiredOption('--cohort <community/program/cohort>', 'the cohort, e.g. kubesphere/ksap/2023')
    .option('--json', 'one JSON object per application instead of a table')
    .option('--reimport', 'first run again the recorded imports of the program’s organisations (git, GH Archive, GitHub API with GITHUB_TOKEN) and the applicants’ feeds')
    .action((opts: { cohort: string; json?: boolean; reimport?: boolean }) =>
      runDbCommand('evaluate', { cohort: opts.cohort, json: opts.json === true, reimport: opts.reimport === true }, 'evaluate'),
    )

  program
    .command('assign')
    .description('assign reviewers to the submitted applications of a cohort (balanced, respecting conflicts and languages)')
    .requiredOption('--cohort <community/program/cohort>', 'the cohort, e.g. kubesphere/ksap/2023')
    .option('--per-application <k>', 'reviewers per application (default: the review phase setting, 2)')
    .option('--dry-run', 'print what would be assigned without writing')
    .action((opts: { cohort: string; perApplication?: string; dryRun?: boolean }) => runDbCommand('assign', { cohort: opts.cohort, perApplication: opts.perApplication, dryRun: opts.dryRun === true }, 'assign'))

  program
    .command('select')
    .description('choose the cohort’s ambassadors under the constraints and print the chosen set, the waitlist and every explanation')
    .requiredOption('--cohort <community/program/cohort>', 'the cohort, e.g. kubesphere/ksap/2023')
    .option('--dry-run', 'compute and print, but save nothing')
    .option('--json', 'one JSON document instead of a table')
    .option('--seats <n>', 'seats to fill (default: the last run’s, else the cohort’s)')
    .option('--max-region-share <0..1>', 'largest share of the seats one region may take, e.g. 0.4')
    .option('--max-per-region <n>', 'largest number of seats one region may take')
    .option('--max-country-share <0..1>', 'largest share of the seats one country may take')
    .option('--max-per-country <n>', 'largest number of seats one country may take')
    .option('--max-per-employer <n>', 'largest number of seats people of one employer may take')
    .option('--min-region <list>', 'seats a region should get when it has qualified candidates, e.g. "Africa=2,Europe=3"')
    .option('--waitlist <n>', 'length of the waitlist (default: as many as seats)')
    .option('--exclude-needs-review', 'leave out applications whose eligibility waits on reviewers')
    .option('--normalised', 'rank by per-reviewer z-scores instead of the mean score')
    .action((opts: Record<string, unknown>) => runDbCommand('select', { ...opts, dryRun: opts.dryRun === true, json: opts.json === true }, 'select'))
}

/** announce: a cohort's announcement day. */
export function addAnnounceCommand(program: Command): void {
  program
    .command('announce')
    .description('schedule the announcement of a cohort (locks its selection); --now sends the decisions and publishes at once')
    .requiredOption('--cohort <community/program/cohort>', 'the cohort, e.g. kubesphere/ksap/2023')
    .option('--now', 'announce now: send the decision emails and publish the page before exiting')
    .option('--at <instant>', 'when to announce (default: the announcement date of the cohort calendar)')
    .option('--respond-by <instant>', 'until when selected applicants may confirm (default: two weeks after)')
    .option('--title <title>', 'title of the public announcement')
    .action((opts: Record<string, unknown>) => runDbCommand('announce', { cohort: opts.cohort, now: opts.now === true, at: opts.at, respondBy: opts.respondBy, title: opts.title }, 'announce'))
}
