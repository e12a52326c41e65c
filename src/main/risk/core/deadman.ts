import type { DeadmanAction, HeartbeatSource } from '../../../shared/domain/risk';

export interface DeadmanSettings {
  readonly enabled: boolean;
  readonly engineLoopMs: number;
  readonly brokerSessionMs: number;
  readonly uiHeartbeatMs: number;
  readonly action: DeadmanAction;
}

export interface DeadmanTrip {
  readonly source: HeartbeatSource;
  /** How long it has been silent, ms. */
  readonly silentMs: number;
  readonly limitMs: number;
}

const SOURCES: readonly HeartbeatSource[] = ['engine', 'broker', 'ui'];

function limitOf(settings: DeadmanSettings, source: HeartbeatSource): number {
  switch (source) {
    case 'engine':
      return settings.engineLoopMs;
    case 'broker':
      return settings.brokerSessionMs;
    case 'ui':
      return settings.uiHeartbeatMs;
  }
}

/**
 * The dead-man's switch, pure: heartbeats in, trips out, time passed in.
 * - The engine loop and the broker session are watched from their first beat (a desk that
 *   never started an engine has no engine to lose).
 * - The UI is watched only while a UI is connected AND a strategy or a working order exists;
 *   its silence is counted from when both became true or from its last beat, whichever is later,
 *   so closing the window or an idle desk never halts.
 * - A source trips once and stays tripped until it beats again.
 */
export class DeadmanSwitch {
  private readonly last = new Map<HeartbeatSource, number>();
  private readonly tripped = new Set<HeartbeatSource>();
  private uiConnected = false;
  private active = false;
  /** When the UI started to count (connected and active), or null while it does not. */
  private uiCountingSince: number | null = null;

  beat(source: HeartbeatSource, at: number): void {
    this.last.set(source, at);
    this.tripped.delete(source);
  }

  /** A clean stop (the engine loop ended, the broker session logged out): no longer watched. */
  forget(source: HeartbeatSource): void {
    this.last.delete(source);
    this.tripped.delete(source);
  }

  setUiConnected(connected: boolean, at: number): void {
    this.uiConnected = connected;
    this.updateUiCounting(at);
  }

  setActivity(active: boolean, at: number): void {
    this.active = active;
    this.updateUiCounting(at);
  }

  lastBeat(source: HeartbeatSource): number | null {
    return this.last.get(source) ?? null;
  }

  watching(settings: DeadmanSettings): HeartbeatSource[] {
    if (!settings.enabled) return [];
    return SOURCES.filter((source) => (source === 'ui' ? this.uiCountingSince !== null : this.last.has(source)));
  }

  /** The sources silent past their limit that had not tripped yet; they are marked tripped. */
  evaluate(now: number, settings: DeadmanSettings): DeadmanTrip[] {
    const trips: DeadmanTrip[] = [];
    for (const source of this.watching(settings)) {
      if (this.tripped.has(source)) continue;
      const since = source === 'ui' ? Math.max(this.uiCountingSince ?? now, this.last.get('ui') ?? Number.NEGATIVE_INFINITY) : (this.last.get(source) ?? now);
      const silentMs = now - since;
      const limitMs = limitOf(settings, source);
      if (silentMs > limitMs) {
        this.tripped.add(source);
        trips.push({ source, silentMs, limitMs });
      }
    }
    return trips;
  }

  private updateUiCounting(at: number): void {
    const counts = this.uiConnected && this.active;
    if (counts && this.uiCountingSince === null) this.uiCountingSince = at;
    if (!counts) {
      this.uiCountingSince = null;
      this.tripped.delete('ui');
    }
  }
}
