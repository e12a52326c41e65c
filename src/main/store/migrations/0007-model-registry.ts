import type { Migration } from './migration';

/**
 * Model lab: the model registry, its state history, the prediction log and drift checks.
 *
 * Design notes (why, not what):
 * - Artifacts live here, not in loose files (issue 15): `model_versions` holds the tf.layers
 *   topology and weight manifest as JSON and the weights as one BLOB, written and read by a
 *   TensorFlow.js IO handler (models/registry/sqlite-io-handler.ts). `sha256` is over the
 *   serialized artifact, so a reader can check it is what was registered.
 * - A version is (name, version); the name is the model's pair ("KO/PEP") and versions count
 *   up per name. Everything needed to judge and reproduce the model rides along: training
 *   data version and windows, hyperparameters, backend, code version, and validation and
 *   test metrics with the baselines beside them.
 * - `state` is the current deployment state; every change is a row in `model_state_changes`
 *   (the audit log records the same change with its actor and reason, this table lets a
 *   rollback find the previous champion without reading the audit log).
 * - `model_predictions` is one row per model and trading day: the forecast, the mode it was
 *   made in (shadow predictions place no orders), a SHA-256 of its input window so a replay
 *   can prove it saw the same inputs, and the realised outcome once known.
 */
export const modelRegistrySchema: Migration = {
  version: 7,
  name: 'model-registry',
  up(db) {
    db.exec(`
      CREATE TABLE model_versions (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        created_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('candidate', 'challenger', 'canary', 'champion', 'retired')),
        state_changed_at INTEGER NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        topology TEXT NOT NULL CHECK (json_valid(topology)),
        weight_specs TEXT NOT NULL CHECK (json_valid(weight_specs)),
        weights BLOB NOT NULL,
        metadata TEXT NOT NULL CHECK (json_valid(metadata)),
        target TEXT NOT NULL CHECK (target IN ('regression', 'direction')),
        data_version TEXT NOT NULL CHECK (json_valid(data_version)),
        windows TEXT NOT NULL CHECK (json_valid(windows)),
        hyperparameters TEXT NOT NULL CHECK (json_valid(hyperparameters)),
        backend TEXT NOT NULL,
        code_version TEXT NOT NULL,
        metrics TEXT NOT NULL CHECK (json_valid(metrics)),
        UNIQUE (name, version)
      ) STRICT;
      -- At most one champion per name: promotion retires the old one in the same transaction.
      CREATE UNIQUE INDEX model_versions_one_champion ON model_versions (name) WHERE state = 'champion';

      CREATE TABLE model_state_changes (
        id INTEGER PRIMARY KEY,
        model_id INTEGER NOT NULL REFERENCES model_versions (id),
        at INTEGER NOT NULL,
        from_state TEXT NOT NULL,
        to_state TEXT NOT NULL,
        actor TEXT NOT NULL,
        reason TEXT
      ) STRICT;
      CREATE INDEX model_state_changes_by_model ON model_state_changes (model_id, id);

      CREATE TABLE model_predictions (
        model_id INTEGER NOT NULL REFERENCES model_versions (id),
        day INTEGER NOT NULL,
        made_at INTEGER NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('live', 'shadow', 'canary')),
        input_hash TEXT NOT NULL CHECK (length(input_hash) = 64),
        prediction REAL NOT NULL,
        actual REAL,
        PRIMARY KEY (model_id, day)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE model_drift_checks (
        id INTEGER PRIMARY KEY,
        model_id INTEGER NOT NULL REFERENCES model_versions (id),
        checked_at INTEGER NOT NULL,
        alarm INTEGER NOT NULL CHECK (alarm IN (0, 1)),
        demoted INTEGER NOT NULL CHECK (demoted IN (0, 1)),
        report TEXT NOT NULL CHECK (json_valid(report))
      ) STRICT;
      CREATE INDEX model_drift_checks_by_model ON model_drift_checks (model_id, id);
    `);
  },
};
