import type { Handlers } from '../../ipc/handler-registry';
import type { ResearchService } from './research.service';

export type ResearchHandlers = Pick<Handlers, 'backtest:sweep' | 'backtest:walk-forward' | 'backtest:research-list' | 'backtest:research-get'>;

/** Thin adapters from the research channels to the research service. */
export function createResearchHandlers(service: ResearchService): ResearchHandlers {
  return {
    'backtest:sweep': (request, context) => service.launch('sweep', request, `ipc:${context.transport}`),
    'backtest:walk-forward': (request, context) => service.launch('walk_forward', request, `ipc:${context.transport}`),
    'backtest:research-list': ({ limit }) => service.list(limit),
    'backtest:research-get': ({ researchId }) => service.get(researchId),
  };
}
