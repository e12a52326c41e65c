import type * as Tfjs from '@tensorflow/tfjs';
import { AppError } from '../../../shared/ipc/errors';
import type { StoredModelArtifact } from '../core/model-registry-types';

/**
 * Where the handler's bytes go: one registry row's topology, weight manifest and weights
 * BLOB (store/repos/model-registry.repo.ts). The handler never touches a file.
 */
export interface ArtifactSlot {
  write(artifact: Omit<StoredModelArtifact, 'metadata'>): void;
  read(): Omit<StoredModelArtifact, 'metadata'>;
}

/**
 * A TensorFlow.js IO handler over SQLite (issue 15: artifacts in the store, no loose files).
 * `model.save(handler)` and `tf.loadLayersModel(handler)` go through it like any of
 * TensorFlow.js's own handlers (tf.io.browserFiles, file://), so a model saved here loads in
 * any TensorFlow.js runtime.
 */
export function sqliteIoHandler(slot: ArtifactSlot): Tfjs.io.IOHandler {
  return {
    async save(artifacts) {
      if (artifacts.modelTopology === undefined || artifacts.weightSpecs === undefined || artifacts.weightData === undefined) {
        throw new AppError('VALIDATION_FAILED', 'A model saved to the registry needs its topology, weight manifest and weights.');
      }
      if (artifacts.modelTopology instanceof ArrayBuffer) throw new AppError('VALIDATION_FAILED', 'The registry stores JSON topologies only, not a binary graph.');
      const weightData = joinWeightData(artifacts.weightData);
      slot.write({ modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs, weightData });
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(0),
          modelTopologyType: 'JSON',
          modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
          weightSpecsBytes: JSON.stringify(artifacts.weightSpecs).length,
          weightDataBytes: weightData.byteLength,
        },
      };
    },
    async load() {
      const stored = slot.read();
      return { modelTopology: stored.modelTopology, weightSpecs: [...stored.weightSpecs] as Tfjs.io.WeightsManifestEntry[], weightData: stored.weightData };
    },
  };
}

function joinWeightData(data: Tfjs.io.WeightData): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  const total = data.reduce((sum, part) => sum + part.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const part of data) {
    joined.set(new Uint8Array(part), offset);
    offset += part.byteLength;
  }
  return joined.buffer;
}
