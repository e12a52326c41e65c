import { auditEventProblems, type AuditEvent } from '../../audit/core/audit-actions';
import { invalidAuditEvent } from '../../audit/audit.service';
import type { Clock } from '../../core/time/clock';
import { AppError } from '../../../shared/ipc/errors';
import type { ModelRegistryRepo } from '../../store/repos/model-registry.repo';
import type { ModelMetrics, ModelState, ModelVersionRecord, TrainingDataVersion } from '../core/model-registry-types';
import { isAllowedTransition, nextState } from '../core/model-states';
import { artifactSha256, loadArtifactThrough, serializeArtifact, type ModelArtifact, type ModelArtifactMetadata } from '../model-artifact';
import type { TfRuntime } from '../tf-backend';
import { sqliteIoHandler } from './sqlite-io-handler';

/** The one thing the registry needs of the audit trail. */
export interface RegistryAudit {
  append(entry: AuditEvent): unknown;
}

export interface RegisterInfo {
  readonly name: string;
  readonly dataVersion: TrainingDataVersion;
  readonly codeVersion: string;
  readonly metrics: ModelMetrics;
}

/** Who asks for a change, and that they confirmed it (the UI's dialog, the CLI's --yes). */
export interface ChangeRequest {
  readonly actor: string;
  readonly confirmed: boolean;
  readonly reason?: string | null;
}

export interface LoadedModel {
  readonly record: ModelVersionRecord;
  readonly metadata: ModelArtifactMetadata;
  readonly weights: Float32Array[];
}

/**
 * The model registry: versions with their artifacts in SQLite (through a TensorFlow.js IO
 * handler), the deployment ladder, explicit promotion and rollback, each confirmed and
 * audited. The audit entry is checked against its schema before the state changes, so a
 * change is never made without an entry that will be accepted.
 */
export class ModelRegistry {
  constructor(
    private readonly repo: ModelRegistryRepo,
    private readonly audit: RegistryAudit,
    private readonly clock: Clock,
  ) {}

  async register(artifact: ModelArtifact, info: RegisterInfo, actor: string): Promise<ModelVersionRecord> {
    const sha256 = artifactSha256(serializeArtifact(artifact));
    const { metadata } = artifact;
    let record: ModelVersionRecord | null = null;
    const handler = sqliteIoHandler({
      write: (stored) => {
        record = this.repo.register({
          name: info.name,
          createdAt: this.clock.now(),
          sha256,
          target: metadata.model.target,
          dataVersion: info.dataVersion,
          windows: metadata.windows,
          hyperparameters: { features: metadata.features, model: metadata.model, training: metadata.training },
          backend: metadata.backend,
          codeVersion: info.codeVersion,
          metrics: info.metrics,
          artifact: { ...stored, metadata: metadata as unknown as Record<string, unknown> },
        });
      },
      read: () => {
        throw new AppError('INTERNAL', 'The registration handler only saves.');
      },
    });
    const save = handler.save;
    if (save === undefined) throw new AppError('INTERNAL', 'The SQLite IO handler cannot save.');
    await save({ modelTopology: artifact.modelTopology, weightSpecs: artifact.weightSpecs, weightData: artifact.weightData });
    const saved = record as ModelVersionRecord | null;
    if (saved === null) throw new AppError('INTERNAL', 'The SQLite IO handler stored no model version.');
    this.audit.append({
      actor,
      action: 'model.register',
      subject: subjectOf(saved),
      after: { state: saved.state },
      details: { modelId: saved.id, sha256, dataSha256: info.dataVersion.sha256, backend: saved.backend, codeVersion: saved.codeVersion },
    });
    return saved;
  }

  list(): ModelVersionRecord[] {
    return this.repo.list();
  }

  get(modelId: number): ModelVersionRecord {
    return this.repo.require(modelId);
  }

  /** The champion of `name`, or null. */
  champion(name: string): ModelVersionRecord | null {
    return this.repo.withState(name, 'champion')[0] ?? null;
  }

  /** Loads a version's weights through the SQLite IO handler, checking its SHA-256 first. */
  async load(runtime: TfRuntime, modelId: number): Promise<LoadedModel> {
    const record = this.repo.require(modelId);
    const stored = this.repo.artifact(modelId);
    const metadata = stored.metadata as unknown as ModelArtifactMetadata;
    const check = artifactSha256(serializeArtifact({ modelTopology: stored.modelTopology, weightSpecs: [...stored.weightSpecs] as ModelArtifact['weightSpecs'], weightData: stored.weightData, metadata }));
    if (check !== record.sha256) {
      throw new AppError('STORE_CORRUPT', `Model ${subjectOf(record)}'s stored artifact does not match its SHA-256 (${record.sha256.slice(0, 12)}…).`, { modelId, expected: record.sha256, actual: check });
    }
    const handler = sqliteIoHandler({
      write: () => {
        throw new AppError('INTERNAL', 'The loading handler only reads.');
      },
      read: () => stored,
    });
    const loaded = await loadArtifactThrough(runtime, handler, metadata);
    loaded.layersModel.dispose();
    return { record, metadata, weights: loaded.weights };
  }

  /**
   * One step up the ladder. A new champion retires the old one; a new canary sends an
   * existing canary of the same name back to shadow (one canary at a time shares the cap).
   */
  promote(modelId: number, request: ChangeRequest): ModelVersionRecord {
    requireConfirmed(request, 'promotion');
    const record = this.repo.require(modelId);
    const to = nextState(record.state);
    const displaced: { modelId: number; version: number; from: ModelState; to: ModelState }[] = [];
    if (to === 'champion') for (const old of this.repo.withState(record.name, 'champion')) displaced.push({ modelId: old.id, version: old.version, from: 'champion', to: 'retired' });
    if (to === 'canary') for (const old of this.repo.withState(record.name, 'canary')) displaced.push({ modelId: old.id, version: old.version, from: 'canary', to: 'challenger' });
    const entry: AuditEvent = {
      actor: request.actor,
      action: 'model.promote',
      subject: subjectOf(record),
      reason: request.reason ?? null,
      before: { state: record.state },
      after: { state: to },
      details: { modelId, sha256: record.sha256, displaced },
    };
    this.applyAudited(entry, [...displaced, { modelId, from: record.state, to }], request);
    return this.repo.require(modelId);
  }

  /**
   * Retires the champion of `name` and reinstates the version that was champion before it
   * (the newest retired version whose history shows it left the champion state).
   */
  rollback(name: string, request: ChangeRequest): ModelVersionRecord {
    requireConfirmed(request, 'rollback');
    const current = this.champion(name);
    if (current === null) throw new AppError('CONFLICT', `${name} has no champion to roll back.`, { name });
    const previous = this.repo
      .withState(name, 'retired')
      .find((candidate) => candidate.id !== current.id && this.repo.stateChanges(candidate.id).some((change) => change.from === 'champion' && change.to === 'retired'));
    if (previous === undefined) throw new AppError('CONFLICT', `${name} has no earlier champion to roll back to.`, { name, championId: current.id });
    const reason = request.reason?.trim() ?? '';
    if (reason === '') throw new AppError('VALIDATION_FAILED', 'A rollback needs a reason.', { field: 'reason' });
    const entry: AuditEvent = {
      actor: request.actor,
      action: 'model.rollback',
      subject: subjectOf(current),
      reason,
      before: { championId: current.id, version: current.version },
      after: { championId: previous.id, version: previous.version },
      details: { sha256: previous.sha256 },
    };
    this.applyAudited(
      entry,
      [
        { modelId: current.id, from: 'champion', to: 'retired' },
        { modelId: previous.id, from: 'retired', to: 'champion' },
      ],
      { ...request, reason },
    );
    return this.repo.require(previous.id);
  }

  /** A champion or canary back to shadow: a trader's call (confirmed) or the drift monitor's. */
  demote(modelId: number, request: ChangeRequest & { readonly driftCheckId?: number }): ModelVersionRecord {
    requireConfirmed(request, 'demotion');
    const record = this.repo.require(modelId);
    if (record.state !== 'champion' && record.state !== 'canary') {
      throw new AppError('CONFLICT', `Only a champion or canary can be demoted to shadow; ${subjectOf(record)} is ${record.state}.`, { modelId, state: record.state });
    }
    const reason = request.reason?.trim() ?? '';
    if (reason === '') throw new AppError('VALIDATION_FAILED', 'A demotion needs a reason.', { field: 'reason' });
    const entry: AuditEvent = {
      actor: request.actor,
      action: 'model.demote',
      subject: subjectOf(record),
      reason,
      before: { state: record.state },
      after: { state: 'challenger' },
      details: { modelId, driftCheckId: request.driftCheckId ?? null },
    };
    this.applyAudited(entry, [{ modelId, from: record.state, to: 'challenger' }], { ...request, reason });
    return this.repo.require(modelId);
  }

  retire(modelId: number, request: ChangeRequest): ModelVersionRecord {
    requireConfirmed(request, 'retirement');
    const record = this.repo.require(modelId);
    if (record.state === 'retired') throw new AppError('CONFLICT', `${subjectOf(record)} is already retired.`, { modelId });
    const entry: AuditEvent = {
      actor: request.actor,
      action: 'model.retire',
      subject: subjectOf(record),
      reason: request.reason ?? null,
      before: { state: record.state },
      after: { state: 'retired' },
      details: { modelId },
    };
    this.applyAudited(entry, [{ modelId, from: record.state, to: 'retired' }], request);
    return this.repo.require(modelId);
  }

  history(modelId: number): ReturnType<ModelRegistryRepo['stateChanges']> {
    return this.repo.stateChanges(modelId);
  }

  private applyAudited(entry: AuditEvent, changes: readonly { modelId: number; from: ModelState; to: ModelState }[], request: ChangeRequest): void {
    for (const change of changes) {
      if (!isAllowedTransition(change.from, change.to)) throw new AppError('CONFLICT', `A model cannot move from ${change.from} to ${change.to}.`, { ...change });
    }
    // The two stores cannot share a transaction: refuse up front an entry the audit log would refuse.
    const problems = auditEventProblems(entry);
    if (problems.length > 0) throw invalidAuditEvent(entry, problems);
    this.repo.changeStates(changes, this.clock.now(), request.actor, request.reason ?? null);
    this.audit.append(entry);
  }
}

export function subjectOf(record: Pick<ModelVersionRecord, 'name' | 'version'>): string {
  return `${record.name} v${record.version}`;
}

function requireConfirmed(request: ChangeRequest, what: string): void {
  if (!request.confirmed) throw new AppError('VALIDATION_FAILED', `The ${what} must be confirmed.`, { field: 'confirmed' });
}
