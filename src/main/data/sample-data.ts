import path from 'node:path';

/**
 * The bundled sample's source key. A label rather than its path: the sample's location
 * changes with every install (and between dev and packaged builds), and a path-keyed source
 * would make the same sample look like a new source each time.
 */
export const sampleSource = 'sample:sp500-2013-2018';

/** resources/sample-data: prices/*.csv and constituents.csv. */
export function sampleDataDir(resourcesDir: string): string {
  return path.join(resourcesDir, 'sample-data');
}
