import { epochDayFromIso, type EpochDay } from '../core/time/epoch-day';

/**
 * Dated regulatory fee schedules for US equity sales. Each entry applies from its date until
 * the next entry. `verified` says whether the rate AND its effective date were checked against
 * the cited notice; unverified entries carry the rate from memory of the SEC's fee-rate
 * advisories, with the effective date inferred as 60 days after the fiscal year's regular
 * appropriation (Section 31(j) as amended by Dodd-Frank). Check them against
 * https://www.sec.gov/divisions/marketreg/mrfreqreq.shtml before relying on them.
 */

export interface SecFeeRate {
  readonly from: string;
  /** Dollars per million dollars of sale proceeds. */
  readonly perMillion: number;
  readonly source: string;
  readonly verified: boolean;
}

export interface TafRate {
  readonly from: string;
  readonly perShare: number;
  readonly maxPerTrade: number;
  readonly source: string;
  readonly verified: boolean;
}

export const secSection31Schedule: readonly SecFeeRate[] = [
  { from: '2012-01-01', perMillion: 22.4, source: 'SEC Fee Rate Advisory #2 for FY2013 (press release 2012-232, 2012-11-15): "current rate of $22.40 per million"; start date not verified', verified: false },
  { from: '2013-05-25', perMillion: 17.4, source: 'FY2013 rate; in force until 2014-03-17 per FINRA Information Notice 2014-03-03; start date inferred', verified: false },
  { from: '2014-03-18', perMillion: 22.1, source: 'FINRA Information Notice 2014-03-03: "Effective March 18, 2014 … from $17.40 … to $22.10 per million"', verified: true },
  { from: '2015-02-14', perMillion: 21.8, source: 'In force on 2016-02-25 per FINRA Information Notice 2016-03-15 ("remain at the current rate of $21.80"); start date inferred', verified: false },
  { from: '2017-07-04', perMillion: 23.1, source: 'FY2017 rate $23.10 (broker disclosures); start date inferred', verified: false },
  { from: '2018-05-22', perMillion: 13.0, source: 'FY2018 rate $13.00; start date inferred', verified: false },
  { from: '2019-04-16', perMillion: 20.7, source: 'FY2019 rate $20.70; start date inferred', verified: false },
  { from: '2020-02-18', perMillion: 22.1, source: 'FY2020 rate $22.10; consistent with the FY2021 advisory ("$22.10 per million … through February 24, 2021")', verified: false },
  { from: '2021-02-25', perMillion: 5.1, source: 'SEC Fee Rate Advisory #2 for FY2021 (2021-01-15): $5.10 per million from 2021-02-25', verified: true },
  { from: '2022-05-14', perMillion: 22.9, source: 'FY2022 rate $22.90; start date inferred', verified: false },
  { from: '2023-02-27', perMillion: 8.0, source: 'FY2023 rate $8.00 per million (broker disclosures); start date inferred', verified: false },
  { from: '2024-05-22', perMillion: 27.8, source: 'FY2024 rate $27.80 per million; start date inferred', verified: false },
  { from: '2025-05-14', perMillion: 0, source: 'SEC announcement 2025-04-08: rate $0.00 from 2025-05-14 (FY2025 collections complete)', verified: true },
  { from: '2026-04-04', perMillion: 20.6, source: 'FINRA Information Notice 2026-03-17: $20.60 per million effective 2026-04-04', verified: true },
];

export const finraTafSchedule: readonly TafRate[] = [
  { from: '2012-07-01', perShare: 0.00009, maxPerTrade: 4.5, source: 'SEC approval 2012-06-08 of FINRA TAF increase to $0.000090/share, cap $4.50, effective July 1 (Orrick, FINRA notice)', verified: false },
  { from: '2013-01-02', perShare: 0.000119, maxPerTrade: 5.95, source: 'FINRA TAF $0.000119/share, max $5.95 per trade (broker disclosures); start date not verified', verified: false },
  { from: '2022-01-01', perShare: 0.00013, maxPerTrade: 6.49, source: 'FINRA TAF fee adjustment schedule (SR-FINRA-2020-040): $0.000130, cap $6.49', verified: false },
  { from: '2023-01-01', perShare: 0.000145, maxPerTrade: 7.27, source: 'FINRA TAF fee adjustment schedule: $0.000145, cap $7.27', verified: false },
  { from: '2024-01-01', perShare: 0.000166, maxPerTrade: 8.3, source: 'FINRA TAF fee adjustment schedule: $0.000166, cap $8.30', verified: false },
  { from: '2026-01-01', perShare: 0.000195, maxPerTrade: 9.79, source: 'FINRA 2026 TAF (SR-FINRA-2024-019 fee adjustment schedule): $0.000195, cap $9.79', verified: false },
];

export interface DatedRate<T> {
  readonly fromDay: EpochDay;
  readonly value: T;
}

/** A schedule as ascending epoch days, for lookups in the hot loop. */
export function compileSchedule<T extends { readonly from: string }>(entries: readonly T[]): DatedRate<T>[] {
  return entries.map((entry) => ({ fromDay: epochDayFromIso(entry.from), value: entry })).sort((a, b) => a.fromDay - b.fromDay);
}

/** The entry in force on `day`: the last one starting on or before it; the first before all. */
export function rateOn<T>(schedule: readonly DatedRate<T>[], day: EpochDay): T | undefined {
  let found: T | undefined = schedule[0]?.value;
  for (const entry of schedule) {
    if (entry.fromDay > day) break;
    found = entry.value;
  }
  return found;
}
