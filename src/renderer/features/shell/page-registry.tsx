import type { ComponentType } from 'react';
import type { PageProps } from './page-props';
import { BacktestPage } from '../backtest/backtest-page';
import { DataPage } from '../data/data-page';
import { DeskPage } from '../desk/desk-page';
import { LogsPage } from '../logs/logs-page';
import { PairsPage } from '../pairs/pairs-page';
import { RiskPage } from '../risk/risk-page';
import { ModelsPage } from '../models/models-page';
import { SettingsPage } from '../settings/settings-page';

export interface PageDefinition {
  /** The hash route segment: #/<id>. */
  readonly id: string;
  /** The navigation link's text and accessible name. */
  readonly title: string;
  readonly component: ComponentType<PageProps>;
}

/**
 * Every page of the app, in navigation order (Alt+1 is the first). A new area (Pairs,
 * Backtest, Models, Trade, Risk) is one entry here when it exists; nothing is listed early.
 */
export const pages: readonly PageDefinition[] = [
  { id: 'data', title: 'Data', component: DataPage },
  { id: 'pairs', title: 'Pairs', component: PairsPage },
  { id: 'backtest', title: 'Backtest', component: BacktestPage },
  { id: 'trade', title: 'Trade', component: DeskPage },
  { id: 'risk', title: 'Risk', component: RiskPage },
  { id: 'models', title: 'Model lab', component: ModelsPage },
  { id: 'logs', title: 'Logs', component: LogsPage },
  { id: 'settings', title: 'Settings', component: SettingsPage },
];

export const DEFAULT_PAGE_ID = 'data';

export function findPage(id: string): PageDefinition | undefined {
  return pages.find((page) => page.id === id);
}
