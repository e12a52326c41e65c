import { Command, CommanderError } from 'commander';
import packageJson from '../../../package.json';
import { isAppError } from '../../shared/ipc/errors';
import { registerAlertsCommand } from './commands/alerts.command';
import { registerAuditCommands } from './commands/audit.command';
import { registerConfigCommand } from './commands/config.command';
import { registerDataCommand } from './commands/data.command';
import { registerDbCommand } from './commands/db.command';
import { registerDoctorCommand } from './commands/doctor.command';
import { registerCointCommand } from './commands/coint.command';
import { registerScanCommand } from './commands/scan.command';
import { registerHaltCommand } from './commands/halt.command';
import { registerServeCommand } from './commands/serve.command';
import { registerDivergenceCommand } from './commands/divergence.command';
import { registerPaperCommand } from './commands/paper.command';
import { ioFaultError } from '../store/io-errors';
import { exitCodeFor, exitCodes } from './exit-codes';

export function buildProgram(): Command {
  const program = new Command('arbdesk')
    .description('ArbDesk: statistical-arbitrage pairs trading workstation')
    .version(packageJson.version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerServeCommand(program);
  registerDoctorCommand(program);
  registerConfigCommand(program);
  registerDbCommand(program);
  registerDataCommand(program);
  registerScanCommand(program);
  registerCointCommand(program);
  registerHaltCommand(program);
  registerAuditCommands(program);
  registerDivergenceCommand(program);
  registerPaperCommand(program);
  registerAlertsCommand(program);
  return program;
}

/**
 * Runs the CLI and returns the exit status. Typed errors print their message (never a stack)
 * and map to a sysexits status; anything else is a bug and prints the stack.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : exitCodes.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; they already printed.
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    // A full disk or an unwritable data directory hit outside the store (log files, folders).
    const typed = isAppError(error) ? error : ioFaultError(error);
    if (typed !== null) {
      process.stderr.write(`arbdesk: ${typed.message}\n`);
      return exitCodeFor(typed.code);
    }
    process.stderr.write(`arbdesk: unexpected failure; please report it.\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return exitCodes.software;
  }
}
