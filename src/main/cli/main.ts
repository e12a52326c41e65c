import { Command, CommanderError } from 'commander';
import packageJson from '../../../package.json';
import { isAppError } from '../../shared/ipc/errors';
import { ioFaultError } from '../store/io-errors';
import { exitCodeFor, exitCodes } from './exit-codes';

type RegisterCommands = (program: Command) => void;

/**
 * Every top-level command, in help order, with the module that defines it. A command's
 * module is loaded only when that command runs: the CLI is also the import benchmark's
 * process, and loading every area (the HTTP/WebSocket server, worker pools, metrics, each
 * IPC schema) for one `data import` cost ~20 MB of its 300 MB peak-RSS budget and their
 * start-up time. The build splits the bundle along these dynamic imports.
 */
const commandTable: readonly { readonly names: readonly string[]; readonly load: () => Promise<RegisterCommands> }[] = [
  { names: ['serve'], load: async () => (await import('./commands/serve.command')).registerServeCommand },
  { names: ['doctor'], load: async () => (await import('./commands/doctor.command')).registerDoctorCommand },
  { names: ['config'], load: async () => (await import('./commands/config.command')).registerConfigCommand },
  { names: ['db'], load: async () => (await import('./commands/db.command')).registerDbCommand },
  { names: ['data'], load: async () => (await import('./commands/data.command')).registerDataCommand },
  { names: ['scan'], load: async () => (await import('./commands/scan.command')).registerScanCommand },
  { names: ['coint'], load: async () => (await import('./commands/coint.command')).registerCointCommand },
  { names: ['backtest'], load: async () => (await import('./commands/backtest.command')).registerBacktestCommand },
  { names: ['models'], load: async () => (await import('./commands/models.command')).registerModelsCommand },
  {
    names: ['sweep'],
    load: async () => {
      const [{ registerSweepCommand }, { outputFolderRules }] = await Promise.all([
        import('./commands/research.command'),
        import('./commands/backtest.command'),
      ]);
      return (program) => registerSweepCommand(program, outputFolderRules);
    },
  },
  { names: ['halt'], load: async () => (await import('./commands/halt.command')).registerHaltCommand },
  { names: ['audit', 'records'], load: async () => (await import('./commands/audit.command')).registerAuditCommands },
  { names: ['divergence'], load: async () => (await import('./commands/divergence.command')).registerDivergenceCommand },
  { names: ['alerts'], load: async () => (await import('./commands/alerts.command')).registerAlertsCommand },
  { names: ['paper'], load: async () => (await import('./commands/paper.command')).registerPaperCommand },
];

/** The top-level command names, in help order. */
export const commandNames: readonly string[] = commandTable.flatMap((entry) => entry.names);

/**
 * The program with the commands `argv` can reach: only the named command's module when
 * `argv[2]` names one (options and arguments after it belong to that command), otherwise
 * every command, so help, `--version` and commander's unknown-command suggestions see them all.
 */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('arbdesk')
    .description('ArbDesk: statistical-arbitrage pairs trading workstation')
    .version(packageJson.version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const named = argv[2];
  const only = commandTable.find((entry) => named !== undefined && entry.names.includes(named));
  const registers = await Promise.all((only === undefined ? commandTable : [only]).map((entry) => entry.load()));
  for (const register of registers) register(program);
  return program;
}

/**
 * Runs the CLI and returns the exit status. Typed errors print their message (never a stack)
 * and map to a sysexits status; anything else is a bug and prints the stack.
 */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
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
