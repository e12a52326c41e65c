import type { AdfWorkspace, LagGramSample } from './adf-workspace';

/**
 * Cross-products of the ADF lag-search regressions, built once at the maximum lag.
 *
 * statsmodels fits every candidate lag 0..L on one common sample (rows i = L..N−1 of the
 * differences d, N = T − 1) with regressors ordered [deterministic terms, level v_i,
 * d_{i−1}, …, d_{i−L}] and dependent variable d_i. The regressors of lag k are a prefix of
 * those of lag k + 1, so one Gram matrix X'X (and X'y, y'y) serves every candidate.
 *
 * The lag block is Toeplitz up to edge terms: Σ_i d_{i−j} d_{i−k} moves along a diagonal by
 * adding one product and removing one, so it costs (L+1) dot products plus O(L²) updates.
 * The level-lag products use v_i = v_{i−j} + Σ_{s=1..j} d_{i−s}, which turns them into a
 * sliding sum of v_t·d_t plus entries of the lag block. The deterministic trend is an affine
 * function of the row index (centred and scaled for conditioning); any affine trend spans the
 * same space as statsmodels' 1..n alongside the constant, so every statistic is unchanged.
 */
export type { LagGramSample } from './adf-workspace';

/**
 * out[h] = Σ_{i=from}^{to−1} a_i · a_{i−h} for h = 0..lags−1: eight lags per pass share each
 * load of a_i and keep eight independent add chains, which is what makes the Engle-Granger
 * scan fast in plain JavaScript (about one multiply-add per cycle). The summation order is
 * fixed, so results are deterministic.
 */
export function laggedDots(a: Float64Array, from: number, to: number, lags: number, out: Float64Array, stride: number): void {
  let h = 0;
  for (; h + 7 < lags; h += 8) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    for (let i = from; i < to; i += 1) {
      const ai = a[i] as number;
      const base = i - h;
      s0 += ai * (a[base] as number);
      s1 += ai * (a[base - 1] as number);
      s2 += ai * (a[base - 2] as number);
      s3 += ai * (a[base - 3] as number);
      s4 += ai * (a[base - 4] as number);
      s5 += ai * (a[base - 5] as number);
      s6 += ai * (a[base - 6] as number);
      s7 += ai * (a[base - 7] as number);
    }
    out[h * stride] = s0;
    out[(h + 1) * stride] = s1;
    out[(h + 2) * stride] = s2;
    out[(h + 3) * stride] = s3;
    out[(h + 4) * stride] = s4;
    out[(h + 5) * stride] = s5;
    out[(h + 6) * stride] = s6;
    out[(h + 7) * stride] = s7;
  }
  for (; h < lags; h += 1) {
    let s = 0;
    for (let i = from; i < to; i += 1) s += (a[i] as number) * (a[i - h] as number);
    out[h * stride] = s;
  }
}

/**
 * Fills ws.diff with the differences of values[0..length) and ws.gram / ws.xty with the
 * lag-search cross-products at maxLag (stride ws.maxColumns, full symmetric matrix).
 */
export function buildLagGram(ws: AdfWorkspace, values: Float64Array, length: number, maxLag: number, trendTerms: 0 | 1 | 2): LagGramSample {
  const d = ws.diff;
  const n = length - 1;
  const lagCount = maxLag + 1;
  const rows = n - maxLag;
  // One pass: differences, level·difference, and the level sums over the common sample.
  let slidingProduct = 0;
  let levelSquares = 0;
  for (let t = 0; t < n; t += 1) {
    const level = values[t] as number;
    const difference = (values[t + 1] as number) - level;
    const product = level * difference;
    d[t] = difference;
    ws.levelTimesDiff[t] = product;
    if (t >= maxLag) {
      slidingProduct += product;
      levelSquares += level * level;
    }
  }

  // Lag block: Dm[j][k] = Σ_{i=L}^{N−1} d_{i−j} d_{i−k}, walked down each diagonal.
  const dm = ws.diffGram;
  laggedDots(d, maxLag, n, lagCount, dm, 1);
  for (let h = 0; h < lagCount; h += 1) {
    let value = dm[h] as number;
    dm[h * lagCount] = value;
    for (let j = 0; j + 1 + h < lagCount; j += 1) {
      value += (d[maxLag - 1 - j] as number) * (d[maxLag - 1 - j - h] as number) - (d[n - 1 - j] as number) * (d[n - 1 - j - h] as number);
      const row = j + 1;
      const column = j + 1 + h;
      dm[row * lagCount + column] = value;
      dm[column * lagCount + row] = value;
    }
  }

  // Level block: Σ v_i d_{i−j} = Σ v_{i−j} d_{i−j} + Σ_{s=1..j} Dm[s][j].
  const levelDiff = ws.levelDiff;
  for (let j = 0; j < lagCount; j += 1) {
    if (j > 0) slidingProduct += (ws.levelTimesDiff[maxLag - j] as number) - (ws.levelTimesDiff[n - j] as number);
    let sum = slidingProduct;
    for (let s = 1; s <= j; s += 1) sum += dm[s * lagCount + j] as number;
    levelDiff[j] = sum;
  }

  const stride = ws.maxColumns;
  const columns = trendTerms + 1 + maxLag;
  const gram = ws.gram;
  const xty = ws.xty;
  const level = trendTerms;
  gram[level * stride + level] = levelSquares;
  xty[level] = levelDiff[0] as number;
  for (let j = 1; j < lagCount; j += 1) {
    const column = trendTerms + j;
    gram[level * stride + column] = levelDiff[j] as number;
    gram[column * stride + level] = levelDiff[j] as number;
    xty[column] = dm[j] as number;
    for (let k = 1; k < lagCount; k += 1) gram[column * stride + trendTerms + k] = dm[j * lagCount + k] as number;
  }

  const trendCenter = (maxLag + n - 1) / 2;
  const trendScale = Math.max(1, rows);
  if (trendTerms >= 1) {
    // Constant column: Σ d_{i−j} slides like the products above.
    let sumDiff = 0;
    for (let i = maxLag; i < n; i += 1) sumDiff += d[i] as number;
    let sumLevel = 0;
    for (let i = maxLag; i < n; i += 1) sumLevel += values[i] as number;
    for (let j = 0; j < lagCount; j += 1) {
      if (j > 0) sumDiff += (d[maxLag - j] as number) - (d[n - j] as number);
      ws.constDiff[j] = sumDiff;
    }
    gram[0] = rows;
    gram[level] = sumLevel;
    gram[level * stride] = sumLevel;
    xty[0] = ws.constDiff[0] as number;
    for (let j = 1; j < lagCount; j += 1) {
      gram[trendTerms + j] = ws.constDiff[j] as number;
      gram[(trendTerms + j) * stride] = ws.constDiff[j] as number;
    }
  }
  if (trendTerms === 2) {
    // Trend column τ_i = (i − centre)/scale; not on the Engle-Granger path, so plain sums.
    let sumTau = 0;
    let sumTau2 = 0;
    let sumTauLevel = 0;
    for (let i = maxLag; i < n; i += 1) {
      const tau = (i - trendCenter) / trendScale;
      sumTau += tau;
      sumTau2 += tau * tau;
      sumTauLevel += tau * (values[i] as number);
    }
    for (let j = 0; j < lagCount; j += 1) {
      let sum = 0;
      for (let i = maxLag; i < n; i += 1) sum += ((i - trendCenter) / trendScale) * (d[i - j] as number);
      ws.trendDiff[j] = sum;
    }
    gram[stride + 1] = sumTau2;
    gram[1] = sumTau;
    gram[stride] = sumTau;
    gram[stride + level] = sumTauLevel;
    gram[level * stride + 1] = sumTauLevel;
    xty[1] = ws.trendDiff[0] as number;
    for (let j = 1; j < lagCount; j += 1) {
      gram[stride + trendTerms + j] = ws.trendDiff[j] as number;
      gram[(trendTerms + j) * stride + 1] = ws.trendDiff[j] as number;
    }
  }
  const sample = ws.sample;
  sample.rows = rows;
  sample.columns = columns;
  sample.yy = dm[0] as number;
  sample.trendCenter = trendCenter;
  sample.trendScale = trendScale;
  return sample;
}
