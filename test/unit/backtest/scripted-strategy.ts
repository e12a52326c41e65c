import type { EpochDay } from '../../../src/main/core/time/epoch-day';
import type { EntryDecision, ExitReason, PairStrategy, StrategyInput, StrategyOutput } from '../../../src/main/engine/strategy';

/** A strategy that decides only on the days it is told to: golden scenarios need exact control. */
export class ScriptedStrategy implements PairStrategy {
  readonly kind = 'scripted';
  readonly warmup = 1;
  readonly seen: StrategyInput[] = [];
  constructor(private readonly script: ReadonlyMap<EpochDay, { enter: 'long' | 'short'; beta?: number } | { exit: ExitReason }>) {}

  decide(input: StrategyInput): StrategyOutput {
    this.seen.push(input);
    const step = this.script.get(input.day);
    if (step === undefined) return { kind: 'none', reason: input.position.side === 'flat' ? 'in_band' : 'holding' };
    if ('exit' in step) return { kind: 'exit', reason: step.exit, z: 0 };
    const entry: EntryDecision = { kind: 'enter', direction: step.enter, z: 0, alpha: 0, beta: step.beta ?? 1, halfLife: 5, spreadVolatility: 0.01, spreadStd: 0.02 };
    return entry;
  }
}
