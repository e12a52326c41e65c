import { z } from 'zod';

export const profileSchema = z.enum(['backtest', 'paper', 'live']);
/** Which way the app trades: simulated history, a paper broker, or a real account. */
export type Profile = z.infer<typeof profileSchema>;

export const mlBackendSchema = z.object({
  /** The TensorFlow.js backend in use: 'tensorflow' (tfjs-node), 'wasm' or 'cpu'. */
  name: z.enum(['tensorflow', 'wasm', 'cpu', 'unavailable']),
  detail: z.string(),
});
export type MlBackend = z.infer<typeof mlBackendSchema>;

export const systemInfoSchema = z.object({
  appName: z.string(),
  version: z.string(),
  profile: profileSchema,
  transport: z.enum(['electron', 'browser']),
  platform: z.string(),
  arch: z.string(),
  nodeVersion: z.string(),
  electronVersion: z.string().nullable(),
  homeDir: z.string(),
  dbPath: z.string(),
  logDir: z.string(),
  schemaVersion: z.number().int(),
  mlBackend: mlBackendSchema,
  keychain: z.object({ available: z.boolean(), detail: z.string() }),
  startedAt: z.number().int(),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;

export const doctorStatusSchema = z.enum(['ok', 'warn', 'fail']);
export const doctorCheckSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: doctorStatusSchema,
  detail: z.string(),
  /** What the user should do when status is not ok. */
  remedy: z.string().optional(),
});
export type DoctorCheck = z.infer<typeof doctorCheckSchema>;
