import { AppError } from '../../shared/ipc/errors';
import type { Broker, BrokerAccount } from '../broker/broker-port';
import type { RiskAccountPort } from './risk-analytics.service';

/**
 * The risk service's account port over any Broker adapter (the paper broker now, Schwab
 * next): the first account, or the named one, with its balances, positions and every order
 * the broker still knows (the orders carry the pair and leg the positions are attributed by).
 */
export function brokerAccountPort(broker: Broker, accountId?: string): RiskAccountPort {
  const resolve = async (): Promise<BrokerAccount> => {
    const accounts = await broker.accounts();
    const chosen = accountId === undefined ? accounts[0] : accounts.find((account) => account.id === accountId);
    if (chosen === undefined) throw new AppError('NOT_FOUND', `The ${broker.name} broker has no account ${accountId ?? '(none at all)'}`, { broker: broker.name, accountId: accountId ?? null });
    return chosen;
  };
  return {
    async account() {
      const account = await resolve();
      return { account, balances: await broker.balances(account.id) };
    },
    positions: async () => broker.positions((await resolve()).id),
    orders: async (all) => broker.orders((await resolve()).id, { all }),
  };
}
