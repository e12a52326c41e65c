import type { FormEvent } from 'react';
import { backtestStore, useBacktest } from '../../stores/app-stores';
import type { CostsChoice, FillChoice, KalmanZSource, LegsChoice, SizingMethod, StrategyKind } from '../../stores/backtest-form-model';
import { BorrowTableEditor } from './borrow-table-editor';
import { ChoiceField, TextField } from './form-field';
import { PairPicker } from './pair-picker';

const STRATEGIES: ReadonlyArray<readonly [StrategyKind, string]> = [
  ['zscore', 'z-score mean reversion'],
  ['kalman', 'Kalman-hedged z-score'],
];
const Z_SOURCES: ReadonlyArray<readonly [KalmanZSource, string]> = [
  ['innovation', 'Filter innovation'],
  ['spread', 'Spread over the lookback'],
];
const FILLS: ReadonlyArray<readonly [FillChoice, string]> = [
  ['next_open', 'Next open'],
  ['next_close', 'Next close'],
  ['vwap_proxy', 'VWAP proxy'],
];
const COSTS: ReadonlyArray<readonly [CostsChoice, string]> = [
  ['default', 'Realistic (default model)'],
  ['custom', 'Realistic, edited rates'],
  ['none', 'None (no costs at all)'],
];
const SIZING: ReadonlyArray<readonly [SizingMethod, string]> = [
  ['fixed_fraction', 'Fixed fraction of equity'],
  ['vol_target', 'Volatility target'],
  ['kelly', 'Fractional Kelly (capped)'],
];
const LEGS: ReadonlyArray<readonly [LegsChoice, string]> = [
  ['beta_neutral', 'Beta-neutral'],
  ['dollar_neutral', 'Dollar-neutral'],
];

/** The run's config: pairs, window, strategy, execution and costs, sizing. */
export function BacktestForm() {
  const form = useBacktest((state) => state.form);
  const errors = useBacktest((state) => state.fieldErrors);
  const general = useBacktest((state) => state.generalErrors);
  const running = useBacktest((state) => state.running !== null && !state.running.job.ended);
  const set = backtestStore.getState().setForm;

  function submit(event: FormEvent): void {
    event.preventDefault();
    void backtestStore.getState().startRun();
  }

  return (
    <form className="bt-form" aria-label="Backtest configuration" onSubmit={submit} noValidate>
      <PairPicker />
      <fieldset>
        <legend>Window and capital</legend>
        <div className="bt-row">
          <TextField label="From" path="from" value={form.from} error={errors['from']} onChange={(from) => set({ from })} inputMode="text" placeholder="YYYY-MM-DD" />
          <TextField label="To" path="to" value={form.to} error={errors['to']} onChange={(to) => set({ to })} inputMode="text" placeholder="YYYY-MM-DD" />
          <TextField label="Capital ($)" path="capital" value={form.capital} error={errors['capital']} onChange={(capital) => set({ capital })} />
        </div>
      </fieldset>
      <fieldset>
        <legend>Strategy</legend>
        <div className="bt-row">
          <ChoiceField label="Strategy" path="strategy.kind" value={form.strategyKind} options={STRATEGIES} error={errors['strategy.kind']} onChange={(strategyKind) => set({ strategyKind })} />
          <TextField narrow label="Lookback (days)" path="strategy.lookback" value={form.lookback} error={errors['strategy.lookback']} onChange={(lookback) => set({ lookback })} inputMode="numeric" />
          <TextField narrow label="Entry |z|" path="strategy.entry" value={form.entry} error={errors['strategy.entry']} onChange={(entry) => set({ entry })} />
          <TextField narrow label="Exit |z|" path="strategy.exit" value={form.exit} error={errors['strategy.exit']} onChange={(exit) => set({ exit })} />
          <TextField narrow label="Stop |z|" path="strategy.stop" value={form.stop} error={errors['strategy.stop']} onChange={(stop) => set({ stop })} />
        </div>
        {form.strategyKind === 'kalman' ? (
          <div className="bt-row" role="group" aria-label="Kalman parameters">
            <TextField narrow label="State noise δ" path="strategy.delta" value={form.kalmanDelta} error={errors['strategy.delta']} onChange={(kalmanDelta) => set({ kalmanDelta })} />
            <TextField narrow label="Observation variance" path="strategy.observationVariance" value={form.kalmanObservationVariance} error={errors['strategy.observationVariance']} onChange={(kalmanObservationVariance) => set({ kalmanObservationVariance })} />
            <ChoiceField label="z from" path="strategy.zSource" value={form.kalmanZSource} options={Z_SOURCES} error={errors['strategy.zSource']} onChange={(kalmanZSource) => set({ kalmanZSource })} />
          </div>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>Execution and costs</legend>
        <div className="bt-row">
          <ChoiceField label="Fill" path="fill" value={form.fill} options={FILLS} error={errors['fill']} onChange={(fill) => set({ fill })} />
          <ChoiceField label="Costs" path="costs" value={form.costs} options={COSTS} error={undefined} onChange={(costs) => set({ costs })} />
        </div>
        {form.costs === 'custom' ? (
          <div className="bt-row" role="group" aria-label="Cost rates">
            <TextField narrow label="Commission $/share" path="costs.commission.perShare" value={form.commissionPerShare} error={errors['costs.commission.perShare']} onChange={(commissionPerShare) => set({ commissionPerShare })} />
            <TextField narrow label="Minimum $/order" path="costs.commission.minimum" value={form.commissionMinimum} error={errors['costs.commission.minimum']} onChange={(commissionMinimum) => set({ commissionMinimum })} />
            <TextField narrow label="Slippage (bps)" path="costs.slippageBps" value={form.slippageBps} error={errors['costs.slippageBps']} onChange={(slippageBps) => set({ slippageBps })} />
            <TextField narrow label="Impact coefficient" path="costs.impact.coefficient" value={form.impactCoefficient} error={errors['costs.impact.coefficient']} onChange={(impactCoefficient) => set({ impactCoefficient })} />
            <TextField narrow label="Borrow rate (GC, annual)" path="costs.borrow.generalCollateralRate" value={form.borrowRate} error={errors['costs.borrow.generalCollateralRate']} onChange={(borrowRate) => set({ borrowRate })} />
            <TextField narrow label="Margin interest (annual)" path="costs.marginInterestRate" value={form.marginInterestRate} error={errors['costs.marginInterestRate']} onChange={(marginInterestRate) => set({ marginInterestRate })} />
            <TextField narrow label="Short rebate (annual)" path="costs.shortRebateRate" value={form.shortRebateRate} error={errors['costs.shortRebateRate']} onChange={(shortRebateRate) => set({ shortRebateRate })} />
          </div>
        ) : null}
        {form.costs === 'custom' ? <BorrowTableEditor /> : null}
      </fieldset>
      <fieldset>
        <legend>Sizing</legend>
        <div className="bt-row">
          <ChoiceField label="Sizing" path="sizing.method" value={form.sizingMethod} options={SIZING} error={errors['sizing.method']} onChange={(sizingMethod) => set({ sizingMethod })} />
          {form.sizingMethod === 'fixed_fraction' ? (
            <TextField narrow label="Fraction of equity" path="sizing.fraction" value={form.sizingFraction} error={errors['sizing.fraction']} onChange={(sizingFraction) => set({ sizingFraction })} />
          ) : null}
          {form.sizingMethod === 'vol_target' ? (
            <TextField narrow label="Target volatility (annual)" path="sizing.annualVolatility" value={form.sizingVolatility} error={errors['sizing.annualVolatility']} onChange={(sizingVolatility) => set({ sizingVolatility })} />
          ) : null}
          {form.sizingMethod === 'kelly' ? (
            <>
              <TextField narrow label="Kelly fraction" path="sizing.kellyFraction" value={form.kellyFraction} error={errors['sizing.kellyFraction']} onChange={(kellyFraction) => set({ kellyFraction })} />
              <TextField narrow label="Kelly cap" path="sizing.cap" value={form.kellyCap} error={errors['sizing.cap']} onChange={(kellyCap) => set({ kellyCap })} />
            </>
          ) : null}
          {form.sizingMethod !== 'fixed_fraction' ? (
            <TextField narrow label="Max fraction of equity" path="sizing.maxFraction" value={form.sizingMaxFraction} error={errors['sizing.maxFraction']} onChange={(sizingMaxFraction) => set({ sizingMaxFraction })} />
          ) : null}
          <TextField narrow label="Lot size (shares)" path="sizing.lotSize" value={form.lotSize} error={errors['sizing.lotSize']} onChange={(lotSize) => set({ lotSize })} inputMode="numeric" />
          <ChoiceField label="Legs" path="sizing.legs" value={form.legs} options={LEGS} error={errors['sizing.legs']} onChange={(legs) => set({ legs })} />
          <label className="check">
            <input type="checkbox" name="sizing.correlationAware" checked={form.correlationAware} onChange={(e) => set({ correlationAware: e.target.checked })} />
            Correlation-aware (size down against open pairs)
          </label>
        </div>
      </fieldset>
      {general.length > 0 ? (
        <ul className="form-errors" role="alert">
          {general.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
      <button type="submit" className="btn btn-primary" disabled={running}>
        Run backtest
      </button>
    </form>
  );
}
