import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import Database from 'better-sqlite3';
import type { Command } from 'commander';
import { tradingScopeSchema } from '../../../shared/domain/trading';
import { AppError } from '../../../shared/ipc/errors';
import { createAuditService } from '../../audit/audit.service';
import { loadConfig } from '../../config/load-config';
import { ensureAppDirs, resolveAppPaths, type AppPaths } from '../../config/paths';
import { sendControlRequest } from '../../control/control-client';
import { haltReplySchema, type HaltReply } from '../../control/core/control-protocol';
import { haltInDatabase, type HaltRequest } from '../../control/halt-control';
import { isProcessAlive, readInstanceLock } from '../../control/instance-lock';
import { createLogRoot } from '../../logging/create-logger';
import { openTradingDatabase } from '../../store/trading-db';
import { exitCodes } from '../exit-codes';

/** How long the running instance has to answer before the CLI writes HALTED itself. */
export const INSTANCE_ANSWER_MS = 1000;

interface HaltOptions {
  flatten?: boolean;
  pair?: string;
  reason?: string;
  yes?: boolean;
}

async function confirmFlatten(scope: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`Flatten every position in ${scope} after halting? Type "yes" to flatten: `);
    return answer.trim().toLowerCase() === 'yes';
  } finally {
    rl.close();
  }
}

/** Asks the running instance; null when there is none or it did not answer properly in time. */
async function askInstance(lockFile: string, request: HaltRequest): Promise<{ reply: HaltReply | null; note: string }> {
  const lock = readInstanceLock(lockFile);
  if (lock === null) return { reply: null, note: 'no ArbDesk instance is running on this data directory' };
  if (!isProcessAlive(lock.pid)) return { reply: null, note: `the instance lock names pid ${lock.pid}, which is gone` };
  const outcome = await sendControlRequest(lock.endpoint, { ...request, token: lock.token }, INSTANCE_ANSWER_MS);
  if (outcome.kind === 'timeout') return { reply: null, note: `the running instance (pid ${lock.pid}) did not answer within ${INSTANCE_ANSWER_MS / 1000} s` };
  if (outcome.kind === 'unreachable') return { reply: null, note: `the running instance (pid ${lock.pid}) could not be reached (${outcome.detail})` };
  const halt = haltReplySchema.safeParse(outcome.reply);
  if (!halt.success) {
    const message = 'message' in outcome.reply ? outcome.reply.message : 'an unexpected answer';
    return { reply: null, note: `the running instance (pid ${lock.pid}) refused: ${message}` };
  }
  if (!halt.data.persisted) return { reply: null, note: `the running instance (pid ${lock.pid}) halted but could not save it` };
  return { reply: halt.data, note: `the running instance (pid ${lock.pid}) halted` };
}

/**
 * Writes HALTED to trading.sqlite without the app. Deliberately lighter than `withStore`: the
 * research store is only read (raw, read-only, no quick_check or migrations) and only for the
 * one-off legacy adoption a first open may need, so a large research file or an import writing
 * to it never delays the halt. Entries are unsigned on purpose: a halt must not wait for a
 * keychain prompt; they are still chained and the head file moves with them.
 */
async function haltWithoutInstance(paths: AppPaths, request: HaltRequest): Promise<HaltReply> {
  const { config } = loadConfig({ paths, env: process.env });
  const logs = createLogRoot({ logDir: paths.logDir, ...config.logging });
  const research = existsSync(paths.dbFile) ? new Database(paths.dbFile, { readonly: true, fileMustExist: true, timeout: config.store.busyTimeoutMs }) : new Database(':memory:');
  try {
    const trading = openTradingDatabase({ path: paths.tradingDbFile, busyTimeoutMs: config.store.busyTimeoutMs, research, logger: logs.child('trading-store') });
    try {
      const audit = createAuditService(trading.db, { headFile: paths.auditHeadFile });
      return await haltInDatabase({ tradingDb: trading.db, audit, logger: logs.child('halt'), profile: config.profile, request });
    } finally {
      trading.close();
    }
  } finally {
    research.close();
    await logs.close();
  }
}

export function registerHaltCommand(program: Command): void {
  program
    .command('halt')
    .description(
      'halt trading now: asks the running instance over its local control channel; if it does not answer within 1 s (or none runs), writes HALTED to the trading database itself. Exit 0 once HALTED is persisted; 69 when --flatten was asked and nothing could flatten',
    )
    .option('--flatten', 'also close positions (asks to confirm on a terminal; needs --yes otherwise)')
    .option('--pair <Y/X>', 'halt one pair only, e.g. KO/PEP (default: everything)')
    .option('--reason <text>', 'why; can also be added later in the app')
    .option('--yes', 'confirm --flatten without asking (required when not on a terminal)')
    .action(async (options: HaltOptions) => {
      const scope = options.pair === undefined ? 'global' : `pair:${options.pair}`;
      const parsedScope = tradingScopeSchema.safeParse(scope);
      if (!parsedScope.success) throw new AppError('BAD_REQUEST', `--pair: ${parsedScope.error.issues[0]?.message ?? 'invalid pair'}`, { field: '--pair' });
      let flatten = options.flatten === true;
      if (flatten && options.yes !== true) {
        if (!process.stdin.isTTY) {
          process.stderr.write('arbdesk: --flatten closes positions; pass --yes to confirm when not running on a terminal. Nothing was done.\n');
          process.exitCode = exitCodes.usage;
          return;
        }
        flatten = await confirmFlatten(scope);
        if (!flatten) process.stderr.write('Not flattening; halting only.\n');
      }
      const request: HaltRequest = { op: 'halt', scope, reason: options.reason ?? null, flatten, actor: 'user:cli' };

      const paths = resolveAppPaths(process.env);
      ensureAppDirs(paths);
      const asked = await askInstance(paths.instanceLockFile, request);
      let reply = asked.reply;
      if (reply === null) {
        process.stderr.write(`${asked.note}; writing HALTED to ${paths.tradingDbFile} directly.\n`);
        reply = await haltWithoutInstance(paths, request);
      }
      if (!reply.persisted) throw new AppError('UNAVAILABLE', `HALTED could not be saved to ${paths.tradingDbFile}; trading may NOT be stopped.`, { file: paths.tradingDbFile });
      process.stdout.write(`HALTED ${scope}${reply.alreadyHalted ? ' (it already was)' : ''}: persisted${asked.reply === null ? ' by this command' : ` by the running instance`}.\n`);
      if (reply.flatten !== null) {
        process.stdout.write(reply.flatten.done ? `Flattened: ${reply.flatten.detail}\n` : `Not flattened: ${reply.flatten.detail}\n`);
        if (!reply.flatten.done) process.exitCode = exitCodes.unavailable;
      } else if (flatten) {
        process.stdout.write('Not flattened: no running instance can flatten.\n');
        process.exitCode = exitCodes.unavailable;
      }
    });
}
