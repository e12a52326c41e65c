import type { ErrorCode } from '../../shared/ipc/errors';

/**
 * Exit statuses follow BSD sysexits where one fits, so scripts can tell a typo from bad data
 * from a broken machine.
 */
export const exitCodes = {
  ok: 0,
  failure: 1,
  usage: 2,
  dataError: 65,
  noInput: 66,
  unavailable: 69,
  software: 70,
  cantCreate: 73,
  ioError: 74,
  tempFail: 75,
  noPermission: 77,
  config: 78,
} as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'BAD_REQUEST':
    case 'UNKNOWN_CHANNEL':
      return exitCodes.usage;
    case 'VALIDATION_FAILED':
    case 'PAYLOAD_TOO_LARGE':
    case 'STORE_CORRUPT':
      return exitCodes.dataError;
    case 'NOT_FOUND':
      return exitCodes.noInput;
    case 'CONFIG_INVALID':
      return exitCodes.config;
    case 'KEYCHAIN_UNAVAILABLE':
    case 'UNAVAILABLE':
    case 'TIMEOUT':
    case 'AUTH_EXPIRED':
      return exitCodes.unavailable;
    case 'RATE_LIMITED':
    case 'UNKNOWN_OUTCOME':
      return exitCodes.tempFail;
    case 'BROKER_REJECTED':
      return exitCodes.failure;
    case 'CONFLICT':
    case 'STORAGE_READ_ONLY':
      return exitCodes.cantCreate;
    case 'STORAGE_FULL':
      return exitCodes.ioError;
    case 'STORE_BUSY':
      return exitCodes.tempFail;
    case 'STORE_MIGRATION_FAILED':
    case 'INTERNAL':
      return exitCodes.software;
    case 'UNAUTHORIZED':
    case 'FORBIDDEN_SENDER':
    case 'TRADING_HALTED':
    case 'CANCELLED':
      return exitCodes.failure;
    case 'PATH_NOT_ALLOWED':
      return exitCodes.noPermission;
  }
}
