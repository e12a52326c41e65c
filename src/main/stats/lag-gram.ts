import type { AdfWorkspace } from './adf-workspace';

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
export interface LagGramSample {
  /** Rows of the common sample, N − L. */
  readonly rows: number;
  /** Number of columns, ntrend + 1 + L. */
  readonly columns: number;
  /** y'y of the dependent variable d_i over the sample. */
  readonly yy: number;
  readonly trendCenter: number;
  readonly trendScale: number;
}

/** Σ_{i=from}^{to−1} a_i · a_{i−h} with four accumulators (independent add chains run faster). */
function laggedDot(a: Float64Array, from: number, to: number, h: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = from;
  for (; i + 3 < to; i += 4) {
    s0 += (a[i] as number) * (a[i - h] as number);
    s1 += (a[i + 1] as number) * (a[i + 1 - h] as number);
    s2 += (a[i + 2] as number) * (a[i + 2 - h] as number);
    s3 += (a[i + 3] as number) * (a[i + 3 - h] as number);
  }
  for (; i < to; i += 1) s0 += (a[i] as number) * (a[i - h] as number);
  return s0 + s1 + (s2 + s3);
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
  for (let t = 0; t < n; t += 1) {
    const difference = (values[t + 1] as number) - (values[t] as number);
    d[t] = difference;
    ws.levelTimesDiff[t] = (values[t] as number) * difference;
  }

  // Lag block: Dm[j][k] = Σ_{i=L}^{N−1} d_{i−j} d_{i−k}, walked down each diagonal.
  const dm = ws.diffGram;
  for (let h = 0; h < lagCount; h += 1) {
    let value = laggedDot(d, maxLag, n, h);
    dm[h] = value;
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
  let slidingProduct = 0;
  for (let i = maxLag; i < n; i += 1) slidingProduct += ws.levelTimesDiff[i] as number;
  let levelSquares = 0;
  for (let i = maxLag; i < n; i += 1) levelSquares += (values[i] as number) * (values[i] as number);
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
  return { rows, columns, yy: dm[0] as number, trendCenter, trendScale };
}
