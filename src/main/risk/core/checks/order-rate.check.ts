import { verdict, type NamedCheck } from '../pre-trade-check';

/** Orders per second and per minute, this one included (recent submissions from the desk's log). */
export const orderRateCheck: NamedCheck = {
  name: 'order_rate',
  appliesToClosing: true,
  evaluate({ request, snapshot, config }) {
    const at = request.submittedAt;
    const within = (ms: number): number => snapshot.recentSubmissions.filter((time) => time > at - ms && time <= at).length + 1;
    const perSecond = within(1_000);
    const perMinute = within(60_000);
    const { maxOrdersPerSecond, maxOrdersPerMinute } = config.limits;
    return [
      verdict('order_rate_second', perSecond <= maxOrdersPerSecond, perSecond, maxOrdersPerSecond, `${perSecond} orders in the last second vs limit ${maxOrdersPerSecond}`),
      verdict('order_rate_minute', perMinute <= maxOrdersPerMinute, perMinute, maxOrdersPerMinute, `${perMinute} orders in the last minute vs limit ${maxOrdersPerMinute}`),
    ];
  },
};
