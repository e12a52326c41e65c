import { describe, expect, it } from 'vitest';
import { buildProgram, commandNames } from '../../../src/main/cli/main';

const argvFor = (...args: string[]): string[] => ['node', 'arbdesk', ...args];

describe('the CLI program', () => {
  it('registers every command of the table, in help order, when no command is named', async () => {
    const program = await buildProgram(argvFor('--help'));
    expect(program.commands.map((command) => command.name())).toEqual(commandNames);
    expect(commandNames).toEqual(expect.arrayContaining(['data', 'scan', 'serve', 'audit', 'records', 'sweep']));
  });

  it('loads only the named command’s module when argv names one', async () => {
    expect((await buildProgram(argvFor('data', 'import', 'prices', '--stats'))).commands.map((c) => c.name())).toEqual(['data']);
    expect((await buildProgram(argvFor('records', 'export'))).commands.map((c) => c.name())).toEqual(['audit', 'records']);
    expect((await buildProgram(argvFor('sweep'))).commands.map((c) => c.name())).toEqual(['sweep']);
  });

  it('registers everything for an unknown command, so commander can suggest the right one', async () => {
    expect((await buildProgram(argvFor('dat'))).commands.map((c) => c.name())).toEqual(commandNames);
    expect((await buildProgram(argvFor())).commands.map((c) => c.name())).toEqual(commandNames);
  });
});
