#!/usr/bin/env node
import { ManifestInputError } from '../diff/manifests';
import { ChangeClass, DatabaseDiff, DiffReport } from '../diff/report';
import { ManifestDiff } from '../manifest-diff';
import { describeObject, ManifestValidation, ValidationReport } from '../manifest-validation';

const USAGE = `Usage: cdk8s-dbaas diff OLD NEW [--json] [--allow DATABASE]...
       cdk8s-dbaas validate PATH... [--json]

diff: compares two synthesized outputs (directories of *.k8s.yaml, *.yaml, *.yml or *.json
manifests, or single files) and classifies every change per database:
  safe         applied online (scale up, a new schedule, a new proxy replica)
  restart      rolling restart (resources, engine parameters, an image within a minor)
  risky        weakens availability or recoverability (scale down, PDB removed, PITR off)
  destructive  loses data or the database (removed or renamed, storage shrunk, downgrade)

Options:
  --json             print the report as JSON
  --allow DATABASE   acknowledge the destructive changes of DATABASE (name or namespace/name);
                     repeat for several databases
  -h, --help         print this help

Exit codes: 0 nothing destructive (or all acknowledged), 1 destructive changes,
2 bad input (unreadable or non-Kubernetes files, wrong arguments).

validate: checks every object of the manifests at PATH... (directories or files) as the
Kubernetes API server would: the schema of its kind (the vendored operator CRDs and the
Kubernetes 1.28 core kinds) with unknown fields refused, and every CEL rule of the CRDs.

Options:
  --json             print the report as JSON

Exit codes: 0 every object valid, 1 an object is invalid,
2 bad input (unreadable or non-Kubernetes files, no objects at all, wrong arguments).
`;

/** Where the command writes; tests pass their own. */
export interface Output {
  write(text: string): void;
}

interface DiffArguments {
  readonly oldPath: string;
  readonly newPath: string;
  readonly json: boolean;
  readonly allow: string[];
}

class UsageError extends Error {}

function parseDiffArguments(args: string[]): DiffArguments {
  const paths: string[] = [];
  const allow: string[] = [];
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') {
      json = true;
    } else if (arg === '--allow') {
      if (i + 1 >= args.length) throw new UsageError('--allow needs a database name');
      allow.push(args[++i]);
    } else if (arg.startsWith('--allow=')) {
      allow.push(arg.slice('--allow='.length));
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      paths.push(arg);
    }
  }
  if (paths.length !== 2) throw new UsageError(`diff needs two locations, OLD and NEW (got ${paths.length})`);
  return { oldPath: paths[0], newPath: paths[1], json, allow };
}

/** Pads columns to the widest cell; the last column is not padded. */
function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map(row => row[column].length)));
  return rows.map(row => row.map((text, column) => (column === row.length - 1 ? text : text.padEnd(widths[column]))).join('  ').trimEnd()).join('\n');
}

/** One line per change: multi-line values (my.cnf, mongod.conf) are shown with `\n`, and never cut: a reviewer reads all of it. */
function cell(value: string | undefined): string {
  return value === undefined ? '-' : value.replace(/\n/g, '\\n');
}

function databaseTable(database: DatabaseDiff): string {
  const title = `${database.database} (${database.kind}, ${database.status}): ${database.changeClass.toUpperCase()}`;
  const header = ['CLASS', 'OBJECT', 'FIELD', 'OLD', 'NEW', 'WHY'];
  const rows = database.changes.map(c => [c.changeClass, `${c.kind} ${c.object}`, c.field, cell(c.oldValue), cell(c.newValue), c.reason]);
  return `${title}\n${table([header, ...rows])}\n`;
}

/** What `--allow` decided: the destructive databases it acknowledged and those it did not. */
interface Verdicts {
  readonly acknowledged: DatabaseDiff[];
  readonly blocking: DatabaseDiff[];
}

function summary(report: DiffReport, { acknowledged, blocking }: Verdicts): string {
  if (report.databases.length === 0) return 'No changes to any database.\n';
  const counts = Object.values(ChangeClass)
    .map(c => [c, report.databases.filter(d => d.changeClass === c).length] as const)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${n} ${c}`);
  const lines = [`${report.databases.length} database(s) changed: ${counts.join(', ')}.`];
  if (acknowledged.length > 0) lines.push(`Acknowledged with --allow: ${acknowledged.map(d => d.database).join(', ')}.`);
  if (blocking.length > 0) {
    lines.push(`Destructive changes to ${blocking.map(d => d.database).join(', ')}.`);
    lines.push(`If they are intended, rerun with ${blocking.map(d => `--allow ${d.database}`).join(' ')}.`);
  }
  return `${lines.join('\n')}\n`;
}

function diff(args: string[], out: Output): number {
  const options = parseDiffArguments(args);
  const report = ManifestDiff.compareDirectories(options.oldPath, options.newPath);
  // A stale or misspelt acknowledgement must not pass silently: it acknowledges nothing the reviewer meant.
  const unknown = options.allow.filter(a => !report.databases.some(d => d.name === a || d.database === a));
  if (unknown.length > 0) throw new UsageError(`--allow ${unknown.join(', ')} matches no database in the report`);
  const blocking = report.unacknowledgedDestructive(options.allow);
  const acknowledged = report.databases.filter(d => d.changeClass === ChangeClass.DESTRUCTIVE && !blocking.includes(d));
  const exitCode = blocking.length > 0 ? 1 : 0;
  if (options.json) {
    const names = (databases: DatabaseDiff[]) => databases.map(d => d.database);
    out.write(`${JSON.stringify({ ...report, acknowledged: names(acknowledged), blocking: names(blocking), exitCode }, undefined, 2)}\n`);
  } else {
    out.write([...report.databases.map(databaseTable), summary(report, { acknowledged, blocking })].join('\n'));
  }
  return exitCode;
}

/** The paths and options of `validate`. */
function parseValidateArguments(args: string[]): { readonly paths: string[]; readonly json: boolean } {
  const unknown = args.find(a => a.startsWith('-') && a !== '--json');
  if (unknown) throw new UsageError(`unknown option ${unknown}`);
  const paths = args.filter(a => !a.startsWith('-'));
  if (paths.length === 0) throw new UsageError('validate needs at least one location (a directory or a file)');
  return { paths, json: args.includes('--json') };
}

/** One line per object, its problems indented below it. */
function validationText(report: ValidationReport): string {
  const lines = report.objects.flatMap(o => [
    `${o.problems.length === 0 ? 'valid  ' : 'INVALID'}  ${describeObject(o)}`,
    ...o.problems.map(p => `           ${p.path || '(object)'}: ${p.message}`),
  ]);
  const invalid = report.invalidObjects.length;
  lines.push('', `${report.objects.length} object(s) checked: ${report.objects.length - invalid} valid, ${invalid} invalid.`);
  return `${lines.join('\n')}\n`;
}

function validate(args: string[], out: Output): number {
  const options = parseValidateArguments(args);
  const report = ManifestValidation.validateLocations(options.paths);
  if (report.objects.length === 0) throw new ManifestInputError(`no Kubernetes objects in ${options.paths.join(', ')}`);
  const exitCode = report.valid ? 0 : 1;
  if (options.json) {
    out.write(`${JSON.stringify({ objects: report.objects, valid: report.valid, exitCode }, undefined, 2)}\n`);
  } else {
    out.write(validationText(report));
  }
  return exitCode;
}

const COMMANDS = new Map<string, (args: string[], out: Output) => number>([['diff', diff], ['validate', validate]]);

/**
 * Runs the command line and returns the exit code. Every failure is exit code 2, never 1: a pipeline must not
 * mistake "could not compare" or "could not check" for "destructive" or "invalid", nor for "safe" or "valid".
 */
export function main(argv: string[], out: Output = process.stdout, err: Output = process.stderr): number {
  const [command, ...args] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help' || args.includes('--help') || args.includes('-h')) {
    (command === undefined ? err : out).write(USAGE);
    return command === undefined ? 2 : 0;
  }
  try {
    const run = COMMANDS.get(command);
    if (!run) throw new UsageError(`unknown command ${command}`);
    return run(args, out);
  } catch (e) {
    if (e instanceof UsageError) err.write(`cdk8s-dbaas: ${e.message}\n\n${USAGE}`);
    else if (ManifestDiff.isInputError(e)) err.write(`cdk8s-dbaas ${command}: bad input: ${(e as Error).message}\n`);
    else err.write(`cdk8s-dbaas ${command}: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
