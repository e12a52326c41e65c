import type { SystemInfo } from '../../../shared/domain/system';
import type { LoadedConfig } from '../../config/load-config';
import type { LogTail } from '../../logging/log-tail';
import type { DoctorCheck } from '../../../shared/domain/system';
import type { Handlers } from '../handler-registry';

export interface SystemHandlerDeps {
  readonly systemInfo: () => Promise<SystemInfo>;
  readonly doctor: () => Promise<DoctorCheck[]>;
  readonly config: LoadedConfig;
  readonly logTail: LogTail;
}

export function createSystemHandlers(deps: SystemHandlerDeps): Pick<Handlers, 'system:info' | 'system:doctor' | 'config:get' | 'logs:tail'> {
  return {
    'system:info': () => deps.systemInfo(),
    'system:doctor': () => deps.doctor(),
    'config:get': () => ({ config: deps.config.config, path: deps.config.path, overrides: deps.config.overrides }),
    'logs:tail': ({ limit, minLevel }) => deps.logTail.recent({ limit, minLevel }),
  };
}
