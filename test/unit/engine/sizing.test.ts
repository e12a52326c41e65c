import { describe, expect, it } from 'vitest';
import { grossNotional, sizePair, type SizingConfig } from '../../../src/main/engine/sizing';
import type { EntryDecision } from '../../../src/main/engine/strategy';

const decision: EntryDecision = { kind: 'enter', direction: 'long', z: -2.5, alpha: 0, beta: 1.5, halfLife: 10, spreadVolatility: 0.01, spreadStd: 0.04 };
const input = { equity: 100_000, priceY: 40, priceX: 25, decision, exitBand: 0.5, lookback: 60 };

describe('pair sizing', () => {
  it('fixed fraction, beta-neutral: N_y = G / (1 + |β|), N_x = |β|·N_y, whole shares', () => {
    const config: SizingConfig = { sizing: { method: 'fixed_fraction', fraction: 0.1 }, legs: 'beta_neutral', lotSize: 1 };
    // G = 10 000; N_y = 4 000 → 100 shares at 40; N_x = 6 000 → 240 shares at 25
    expect(sizePair(input, config)).toEqual({ quantityY: 100, quantityX: 240, sameDirection: false, grossNotional: 10_000 });
  });

  it('rounds lots in traded shares on a split-adjusted basis (φ traded shares per stored share)', () => {
    const config: SizingConfig = { sizing: { method: 'fixed_fraction', fraction: 0.1 }, legs: 'dollar_neutral', lotSize: 30 };
    // 5 000 per leg. y stored at 40 with φ = 1/4 (a 4:1 split ahead) trades at 160: ⌊5 000 / 160 / 30⌋·30 = 30
    // traded = 120 stored shares (x on the raw basis: 180 as before). With x stored at 25 and φ = 1/7 it
    // trades at 175: ⌊5 000 / 175 / 30⌋·30 = 0, and a pair with a zero leg is sized as nothing.
    expect(sizePair({ ...input, tradedPerStoredY: 1 / 4 }, config)).toMatchObject({ quantityY: 120, quantityX: 180 });
    expect(sizePair({ ...input, tradedPerStoredY: 1 / 4, tradedPerStoredX: 1 / 7 }, config)).toMatchObject({ quantityY: 0, quantityX: 0 });
    // lot 1: y 5 000 / 160 = 31.25 → 31 traded = 124 stored (the old stored rounding gave 125 = 31.25 traded);
    // x 5 000 / 175 = 28.57 → 28 traded = 196 stored (not 200 = 28.57 traded).
    expect(sizePair({ ...input, tradedPerStoredY: 1 / 4, tradedPerStoredX: 1 / 7 }, { ...config, lotSize: 1 })).toMatchObject({ quantityY: 124, quantityX: 196 });
  });

  it('fixed fraction, dollar-neutral, with lot rounding down', () => {
    const config: SizingConfig = { sizing: { method: 'fixed_fraction', fraction: 0.1 }, legs: 'dollar_neutral', lotSize: 30 };
    // 5 000 per leg: 125 → 120 shares of y, 200 → 180 shares of x
    expect(sizePair(input, config)).toMatchObject({ quantityY: 120, quantityX: 180 });
  });

  it('volatility target: N_y = target·E / (σ_Δs·√252), capped', () => {
    const config: SizingConfig = { sizing: { method: 'vol_target', annualVolatility: 0.02, maxFraction: 1 }, legs: 'beta_neutral', lotSize: 1 };
    // N_y = 0.02 · 100 000 / (0.01 · 15.8745) = 12 599.2; G = 2.5 · N_y = 31 498.0
    expect(grossNotional(input, config)).toBeCloseTo((0.02 * 100_000 * 2.5) / (0.01 * Math.sqrt(252)), 6);
    expect(grossNotional(input, { ...config, sizing: { method: 'vol_target', annualVolatility: 0.02, maxFraction: 0.2 } })).toBe(20_000);
  });

  it('fractional Kelly with its cap', () => {
    const config: SizingConfig = { sizing: { method: 'kelly', kellyFraction: 0.5, cap: 10, maxFraction: 10 }, legs: 'dollar_neutral', lotSize: 1 };
    // μ = (2.5 − 0.5) · 0.04 / 10 = 0.008; f = 0.5 · 0.008 / 0.0001 = 40 → capped at 10; G = 10 · E · 2 → capped at maxFraction 10 · E
    expect(grossNotional(input, config)).toBe(1_000_000);
    const small = { ...config, sizing: { method: 'kelly', kellyFraction: 0.01, cap: 10, maxFraction: 10 } } as const;
    // f = 0.01 · 80 = 0.8; G = 0.8 · 100 000 · 2 = 160 000
    expect(grossNotional(input, small)).toBeCloseTo(160_000, 6);
  });

  it('gives nothing for a non-positive equity, a missing price or a leg that rounds to zero', () => {
    const config: SizingConfig = { sizing: { method: 'fixed_fraction', fraction: 0.1 }, legs: 'dollar_neutral', lotSize: 1 };
    expect(sizePair({ ...input, equity: Number.NaN }, config).quantityY).toBe(0);
    expect(sizePair({ ...input, priceX: Number.NaN }, config).quantityY).toBe(0);
    expect(sizePair({ ...input, priceX: 6_000 }, config)).toMatchObject({ quantityY: 0, quantityX: 0 });
    expect(grossNotional({ ...input, decision: { ...decision, spreadVolatility: 0 } }, { ...config, sizing: { method: 'vol_target', annualVolatility: 0.1, maxFraction: 1 } })).toBe(0);
  });

  it('trades x in the same direction as y for a negative β', () => {
    const config: SizingConfig = { sizing: { method: 'fixed_fraction', fraction: 0.1 }, legs: 'beta_neutral', lotSize: 1 };
    expect(sizePair({ ...input, decision: { ...decision, beta: -1.5 } }, config).sameDirection).toBe(true);
  });
});
