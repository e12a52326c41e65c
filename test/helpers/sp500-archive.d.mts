// Types for sp500-archive.mjs (plain Node, shared with scripts/make-sample-data.mjs).

/** test/fixtures/sp500-2013-2018: the archive, MANIFEST.json and ATTRIBUTION.md. */
export declare const sp500FixtureDir: string;
/** node_modules/.cache/arbdesk: where archives are extracted, one folder per archive hash. */
export declare const sp500CacheRoot: string;

export interface ExtractSp500Options {
  /** Folder holding MANIFEST.json and the archive it names (default: the vendored fixture). */
  fixtureDir?: string;
  /** Folder the content-addressed extraction goes under (default: node_modules/.cache/arbdesk). */
  cacheRoot?: string;
}

/** Extracts once (atomically, race-safe) and returns the folder with prices/ and constituents.csv. */
export declare function extractSp500Archive(options?: ExtractSp500Options): string;
