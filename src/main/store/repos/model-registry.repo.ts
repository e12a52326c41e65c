import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/ipc/errors';
import type {
  DriftCheckRecord,
  ModelMetrics,
  ModelState,
  ModelVersionRecord,
  ModelWindows,
  PredictionMode,
  PredictionRecord,
  StateChangeRecord,
  StoredModelArtifact,
  TrainingDataVersion,
} from '../../models/core/model-registry-types';

/** What registering a version stores (the repository assigns id and version). */
export interface NewModelVersion {
  readonly name: string;
  readonly createdAt: number;
  readonly sha256: string;
  readonly target: 'regression' | 'direction';
  readonly dataVersion: TrainingDataVersion;
  readonly windows: ModelWindows;
  readonly hyperparameters: Readonly<Record<string, unknown>>;
  readonly backend: string;
  readonly codeVersion: string;
  readonly metrics: ModelMetrics;
  readonly artifact: StoredModelArtifact;
}

type VersionRow = [
  id: number,
  name: string,
  version: number,
  createdAt: number,
  state: ModelState,
  stateChangedAt: number,
  sha256: string,
  target: 'regression' | 'direction',
  dataVersion: string,
  windows: string,
  hyperparameters: string,
  backend: string,
  codeVersion: string,
  metrics: string,
];
type ArtifactRow = [topology: string, weightSpecs: string, weights: Buffer, metadata: string];
type ChangeRow = [modelId: number, at: number, from: ModelState, to: ModelState, actor: string, reason: string | null];
type PredictionRow = [modelId: number, day: number, madeAt: number, mode: PredictionMode, inputHash: string, prediction: number, actual: number | null];
type DriftRow = [id: number, modelId: number, checkedAt: number, alarm: number, demoted: number, report: string];

const VERSION_COLUMNS = 'id, name, version, created_at, state, state_changed_at, sha256, target, data_version, windows, hyperparameters, backend, code_version, metrics';

function toVersion(row: VersionRow): ModelVersionRecord {
  const [id, name, version, createdAt, state, stateChangedAt, sha256, target, dataVersion, windows, hyperparameters, backend, codeVersion, metrics] = row;
  return {
    id,
    name,
    version,
    createdAt,
    state,
    stateChangedAt,
    sha256,
    target,
    dataVersion: JSON.parse(dataVersion) as TrainingDataVersion,
    windows: JSON.parse(windows) as ModelWindows,
    hyperparameters: JSON.parse(hyperparameters) as Record<string, unknown>,
    backend,
    codeVersion,
    metrics: JSON.parse(metrics) as ModelMetrics,
  };
}

/**
 * The model registry's one repository: versions with their artifacts (topology, weight
 * manifest and weights BLOB), state changes, the prediction log and drift checks.
 */
export class ModelRegistryRepo {

  private readonly nextVersion: Database.Statement<[string], [number]>;
  private readonly insertVersion: Database.Statement<unknown[]>;
  private readonly byId: Database.Statement<[number], VersionRow>;
  private readonly all: Database.Statement<[], VersionRow>;
  private readonly artifactById: Database.Statement<[number], ArtifactRow>;
  private readonly updateState: Database.Statement<[ModelState, number, number]>;
  private readonly insertChange: Database.Statement<[number, number, ModelState, ModelState, string, string | null]>;
  private readonly changesById: Database.Statement<[number], ChangeRow>;
  private readonly inState: Database.Statement<[string, ModelState], VersionRow>;
  private readonly upsertPrediction: Database.Statement<[number, number, number, PredictionMode, string, number, number | null]>;
  private readonly setActual: Database.Statement<[number, number, number]>;
  private readonly predictionsById: Database.Statement<[number, number, number], PredictionRow>;
  private readonly insertDrift: Database.Statement<[number, number, number, number, string]>;
  private readonly driftById: Database.Statement<[number, number], DriftRow>;

  constructor(private readonly db: Database.Database) {
    this.nextVersion = db.prepare<[string], [number]>('SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name = ?').raw();
    this.insertVersion = db.prepare(
      `INSERT INTO model_versions (name, version, created_at, state, state_changed_at, sha256, topology, weight_specs, weights, metadata, target,
         data_version, windows, hyperparameters, backend, code_version, metrics)
       VALUES (?, ?, ?, 'candidate', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.byId = db.prepare<[number], VersionRow>(`SELECT ${VERSION_COLUMNS} FROM model_versions WHERE id = ?`).raw();
    this.all = db.prepare<[], VersionRow>(`SELECT ${VERSION_COLUMNS} FROM model_versions ORDER BY name, version DESC`).raw();
    this.artifactById = db.prepare<[number], ArtifactRow>('SELECT topology, weight_specs, weights, metadata FROM model_versions WHERE id = ?').raw();
    this.updateState = db.prepare('UPDATE model_versions SET state = ?, state_changed_at = ? WHERE id = ?');
    this.insertChange = db.prepare('INSERT INTO model_state_changes (model_id, at, from_state, to_state, actor, reason) VALUES (?, ?, ?, ?, ?, ?)');
    this.changesById = db.prepare<[number], ChangeRow>('SELECT model_id, at, from_state, to_state, actor, reason FROM model_state_changes WHERE model_id = ? ORDER BY id').raw();
    this.inState = db.prepare<[string, ModelState], VersionRow>(`SELECT ${VERSION_COLUMNS} FROM model_versions WHERE name = ? AND state = ? ORDER BY version DESC`).raw();
    // A model predicts once per day; a re-run of the same day (a replay) replaces its row.
    this.upsertPrediction = db.prepare(
      `INSERT INTO model_predictions (model_id, day, made_at, mode, input_hash, prediction, actual) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (model_id, day) DO UPDATE SET made_at = excluded.made_at, mode = excluded.mode, input_hash = excluded.input_hash,
         prediction = excluded.prediction, actual = COALESCE(excluded.actual, model_predictions.actual)`,
    );
    this.setActual = db.prepare('UPDATE model_predictions SET actual = ? WHERE model_id = ? AND day = ?');
    this.predictionsById = db
      .prepare<[number, number, number], PredictionRow>('SELECT model_id, day, made_at, mode, input_hash, prediction, actual FROM model_predictions WHERE model_id = ? AND day BETWEEN ? AND ? ORDER BY day')
      .raw();
    this.insertDrift = db.prepare('INSERT INTO model_drift_checks (model_id, checked_at, alarm, demoted, report) VALUES (?, ?, ?, ?, ?)');
    this.driftById = db.prepare<[number, number], DriftRow>('SELECT id, model_id, checked_at, alarm, demoted, report FROM model_drift_checks WHERE model_id = ? ORDER BY id DESC LIMIT ?').raw();
  }

  /** Stores a new version of `name` as a candidate; its version is one more than the newest. */
  register(entry: NewModelVersion): ModelVersionRecord {
    const run = this.db.transaction((): number => {
      const [version] = this.nextVersion.get(entry.name) ?? [1];
      const { artifact } = entry;
      const result = this.insertVersion.run(
        entry.name,
        version,
        entry.createdAt,
        entry.createdAt,
        entry.sha256,
        JSON.stringify(artifact.modelTopology),
        JSON.stringify(artifact.weightSpecs),
        Buffer.from(artifact.weightData),
        JSON.stringify(artifact.metadata),
        entry.target,
        JSON.stringify(entry.dataVersion),
        JSON.stringify(entry.windows),
        JSON.stringify(entry.hyperparameters),
        entry.backend,
        entry.codeVersion,
        JSON.stringify(entry.metrics),
      );
      return Number(result.lastInsertRowid);
    });
    return this.require(run.immediate());
  }

  get(id: number): ModelVersionRecord | null {
    const row = this.byId.get(id);
    return row === undefined ? null : toVersion(row);
  }

  require(id: number): ModelVersionRecord {
    const found = this.get(id);
    if (found === null) throw new AppError('NOT_FOUND', `No model version with id ${id}.`, { modelId: id });
    return found;
  }

  list(): ModelVersionRecord[] {
    return this.all.all().map(toVersion);
  }

  /** The versions of `name` in `state`, newest first. */
  withState(name: string, state: ModelState): ModelVersionRecord[] {
    return this.inState.all(name, state).map(toVersion);
  }

  artifact(id: number): StoredModelArtifact {
    const row = this.artifactById.get(id);
    if (row === undefined) throw new AppError('NOT_FOUND', `No model artifact for version id ${id}.`, { modelId: id });
    const [topology, weightSpecs, weights, metadata] = row;
    // A copy, not a view on the driver's buffer pool: the weights outlive this statement.
    const weightData = new Uint8Array(weights).slice().buffer;
    return {
      modelTopology: JSON.parse(topology) as object,
      weightSpecs: JSON.parse(weightSpecs) as StoredModelArtifact['weightSpecs'],
      weightData,
      metadata: JSON.parse(metadata) as Record<string, unknown>,
    };
  }

  /**
   * Applies state changes in one transaction (a promotion retires the old champion in the
   * same write, so the one-champion index never sees two), recording each in the history.
   */
  changeStates(changes: readonly { modelId: number; from: ModelState; to: ModelState }[], at: number, actor: string, reason: string | null): void {
    const run = this.db.transaction(() => {
      // Leavers first: the one-champion index must not see the incoming champion beside the old one.
      const ordered = [...changes].sort((a, b) => Number(a.to === 'champion') - Number(b.to === 'champion'));
      for (const change of ordered) {
        const current = this.require(change.modelId);
        if (current.state !== change.from) {
          throw new AppError('CONFLICT', `Model ${current.name} v${current.version} is ${current.state}, not ${change.from}; reload and try again.`, { modelId: change.modelId, state: current.state });
        }
        this.updateState.run(change.to, at, change.modelId);
        this.insertChange.run(change.modelId, at, change.from, change.to, actor, reason);
      }
    });
    run.immediate();
  }

  stateChanges(modelId: number): StateChangeRecord[] {
    return this.changesById.all(modelId).map(([id, at, from, to, actor, reason]) => ({ modelId: id, at, from, to, actor, reason }));
  }

  logPrediction(record: Omit<PredictionRecord, 'actual'> & { readonly actual?: number | null }): void {
    this.upsertPrediction.run(record.modelId, record.day, record.madeAt, record.mode, record.inputHash, record.prediction, record.actual ?? null);
  }

  /** Records the realised outcome of a day for every model that predicted it. */
  recordActual(modelId: number, day: number, actual: number): void {
    this.setActual.run(actual, modelId, day);
  }

  predictions(modelId: number, fromDay = -2_147_483_648, toDay = 2_147_483_647): PredictionRecord[] {
    return this.predictionsById.all(modelId, fromDay, toDay).map(([id, day, madeAt, mode, inputHash, prediction, actual]) => ({ modelId: id, day, madeAt, mode, inputHash, prediction, actual }));
  }

  saveDriftCheck(modelId: number, checkedAt: number, alarm: boolean, demoted: boolean, report: Readonly<Record<string, unknown>>): number {
    return Number(this.insertDrift.run(modelId, checkedAt, alarm ? 1 : 0, demoted ? 1 : 0, JSON.stringify(report)).lastInsertRowid);
  }

  driftChecks(modelId: number, limit: number): DriftCheckRecord[] {
    return this.driftById.all(modelId, limit).map(([id, model, checkedAt, alarm, demoted, report]) => ({
      id,
      modelId: model,
      checkedAt,
      alarm: alarm === 1,
      demoted: demoted === 1,
      report: JSON.parse(report) as Record<string, unknown>,
    }));
  }
}
