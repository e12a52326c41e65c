import type { NamedCheck } from '../pre-trade-check';
import { buyingPowerCheck } from './buying-power.check';
import { concentrationCheck } from './concentration.check';
import { correlationCheck } from './correlation.check';
import { duplicateOrderCheck } from './duplicate-order.check';
import { exposureCheck } from './exposure.check';
import { openPairsCheck } from './open-pairs.check';
import { orderRateCheck } from './order-rate.check';
import { orderSizeCheck } from './order-size.check';
import { priceBandCheck } from './price-band.check';
import { quoteFreshnessCheck } from './quote-freshness.check';
import { sectorExposureCheck } from './sector-exposure.check';
import { sessionCheck } from './session.check';
import { shortabilityCheck } from './shortability.check';
import { tradingStateCheck } from './trading-state.check';

export { orderFingerprint } from './duplicate-order.check';

/** Every pre-trade check in the order the ticket lists them. */
export function defaultPreTradeChecks(): NamedCheck[] {
  return [
    tradingStateCheck,
    sessionCheck,
    quoteFreshnessCheck,
    orderSizeCheck,
    priceBandCheck,
    orderRateCheck,
    duplicateOrderCheck,
    shortabilityCheck,
    buyingPowerCheck,
    openPairsCheck,
    exposureCheck,
    sectorExposureCheck,
    concentrationCheck,
    correlationCheck,
  ];
}
