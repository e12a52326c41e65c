import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../../shared/ipc/errors';
import type { AuditVerifyReport } from '../../audit/audit.service';
import { exportAuditJsonl, exportRecords } from '../../audit/records-export';
import type { AuditListQuery, AuditRow } from '../../store/repos/audit.repo';
import { exitCodes } from '../exit-codes';
import { withStore } from '../with-store';

/** Parses an ISO date or date-time (UTC when no zone is given) into epoch ms. */
function parseTime(flag: string, value: string): number {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new AppError('BAD_REQUEST', `${flag} must be an ISO date or date-time such as 2026-12-01 or 2026-12-01T09:30:00Z, got "${value}"`, { field: flag });
  return ms;
}

function describeReport(report: AuditVerifyReport): string {
  const signing = report.signing.enabled ? `signing on (key ${report.signing.keyId ?? '?'})` : 'signing OFF';
  const counts = `${report.checked} entries, ${report.signed} signed, ${report.unsigned} unsigned`;
  if (report.ok) return `audit log: OK (${counts}; head ${report.head.state}; ${signing})\n`;
  return `audit log: BROKEN at entry ${report.firstBadId ?? '?'}: ${report.problem ?? 'unknown problem'}\n  (${counts} checked; head ${report.head.state}; ${signing})\n`;
}

function formatRow(row: AuditRow): string {
  const subject = row.subject === null ? '' : ` ${row.subject}`;
  const reason = row.reason === null ? '' : ` — ${row.reason}`;
  return `#${row.id} ${new Date(row.at).toISOString()} ${row.actor}/${row.surface ?? '-'} ${row.action}${subject}${reason}${row.signature === null ? '' : ' [signed]'}\n`;
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('inspect, verify and export the signed, hash-chained audit log');
  audit
    .command('verify')
    .description('recompute every hash, the chain and each signature, and compare the head kept outside the database; exit 65 at the first broken entry')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }) => {
      await withStore(async (_store, context) => {
        const report = (await context.audit()).verify();
        process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : describeReport(report));
        if (!report.ok) process.exitCode = exitCodes.dataError;
      });
    });
  audit
    .command('list')
    .description('list audit entries, newest first')
    .option('--action <name>', 'only this action, e.g. trading.halt')
    .option('--actor <name>', 'only this actor, e.g. user, user:cli, system, hand-edit')
    .option('--subject <text>', 'only this subject (a trailing * matches a prefix)')
    .option('--since <time>', 'from this ISO date/time (UTC), inclusive')
    .option('--until <time>', 'before this ISO date/time (UTC)')
    .option('--limit <n>', 'at most this many (1-1000, default 50)', (value) => Number.parseInt(value, 10))
    .option('--json', 'one JSON object a line')
    .action(async (options: { action?: string; actor?: string; subject?: string; since?: string; until?: string; limit?: number; json?: boolean }) => {
      const query: AuditListQuery = {
        limit: options.limit ?? 50,
        ...(options.action === undefined ? {} : { action: options.action }),
        ...(options.actor === undefined ? {} : { actor: options.actor }),
        ...(options.subject === undefined ? {} : { subject: options.subject }),
        ...(options.since === undefined ? {} : { since: parseTime('--since', options.since) }),
        ...(options.until === undefined ? {} : { until: parseTime('--until', options.until) }),
      };
      await withStore(async (_store, context) => {
        const rows = (await context.audit()).list(query);
        for (const row of rows) process.stdout.write(options.json ? `${JSON.stringify({ ...row, time: new Date(row.at).toISOString() })}\n` : formatRow(row));
        if (!options.json) process.stderr.write(`${rows.length} entr${rows.length === 1 ? 'y' : 'ies'}\n`);
      });
    });
  audit
    .command('export')
    .description('write every audit entry, oldest first, to a JSONL file (never overwrites)')
    .requiredOption('--out <file>', 'the .jsonl file to create')
    .action(async (options: { out: string }) => {
      await withStore(async (_store, context) => {
        const count = exportAuditJsonl(await context.audit(), path.resolve(options.out));
        process.stdout.write(`Exported ${count} audit entries to ${path.resolve(options.out)}\n`);
      });
    });

  const records = program.command('records').description('record keeping: verifiable exports of the audit log');
  records
    .command('export')
    .description('write a self-contained export (entries as stored, public keys, heads) that `node scripts/verify-records.mjs FILE` checks')
    .requiredOption('--out <file>', 'the file to create')
    .action(async (options: { out: string }) => {
      await withStore(async (_store, context) => {
        const file = path.resolve(options.out);
        const header = exportRecords(await context.audit(), file, context.paths.auditHeadFile);
        process.stdout.write(`Exported ${header.entries} entries (${header.keys.length} signing key${header.keys.length === 1 ? '' : 's'}) to ${file}\nVerify with: node scripts/verify-records.mjs ${file}\n`);
      });
    });
}
