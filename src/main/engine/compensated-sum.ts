/**
 * A running sum with Neumaier's compensation: the rounding error of every addition is carried
 * in a second term, so a book of ten thousand fills on $10M sums to within an ulp or two of
 * the exact total instead of drifting by √n ulps. The ledger identity (capital + realized +
 * unrealized − costs + accruals = cash + market value, to 1e-6) depends on it at scale.
 */
export class CompensatedSum {
  private sum: number;
  private compensation = 0;

  constructor(initial = 0) {
    this.sum = initial;
  }

  add(value: number): void {
    const total = this.sum + value;
    this.compensation += Math.abs(this.sum) >= Math.abs(value) ? this.sum - total + value : value - total + this.sum;
    this.sum = total;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}
