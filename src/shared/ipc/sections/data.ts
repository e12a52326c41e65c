import { z } from 'zod';
import { defineEvent, defineRequest } from '../define';
import {
  adjustmentBasisSchema,
  barSchema,
  conflictSchema,
  conflictStatusSchema,
  corporateActionSchema,
  dataIssueKindSchema,
  dataIssueSchema,
  datasetSchema,
  instrumentSchema,
  issueSeveritySchema,
  tradingDateSchema,
} from '../../domain/market-data';
import { symbolSchema } from '../../domain/symbol';

/** Paths are chosen by the user on this machine; main reads the file, never the renderer. */
const pathSchema = z.string().trim().min(1).max(4096);
/** An opaque id for a file or folder picked in the desktop app's native dialog. */
const grantSchema = z.string().trim().min(8).max(64);

/**
 * Where an import or preview reads from: a grant from the native dialog (desktop) or a typed
 * path (browser mode, checked against the allowed folders). Exactly one of the two.
 */
const sourceFields = { path: pathSchema.optional(), grant: grantSchema.optional() };
const exactlyOneSource = (request: { readonly path?: string | undefined; readonly grant?: string | undefined }): boolean =>
  (request.path === undefined) !== (request.grant === undefined);
const oneSourceMessage = { message: 'give either a path or a grant from the file dialog (exactly one)', path: ['path'] };

export const pathGrantSchema = z.object({ id: z.string(), name: z.string(), kind: z.enum(['file', 'directory']) });

export const columnMappingSchema = z
  .object({
    date: z.string().min(1),
    open: z.string().min(1),
    high: z.string().min(1),
    low: z.string().min(1),
    close: z.string().min(1),
    volume: z.string().min(1),
    symbol: z.string().min(1).optional(),
    adjClose: z.string().min(1).optional(),
  })
  .strict();

export const formatSpecSchema = z
  .object({
    name: z.enum(['sp500-kaggle', 'yahoo', 'long', 'mapped']),
    mapping: columnMappingSchema,
    symbolFromFileName: z.string().optional(),
  })
  .strict();

export const issueFilterSchema = z
  .object({
    symbol: symbolSchema.optional(),
    datasetId: z.number().int().positive().optional(),
    kind: dataIssueKindSchema.optional(),
    severity: issueSeveritySchema.optional(),
  })
  .strict();

export const importReportSchema = z.object({
  dataset: datasetSchema.nullable(),
  noOp: z.boolean(),
  issueSummary: z.record(z.string(), z.number().int()),
  rejectedSample: z.array(dataIssueSchema),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const barRevisionSchema = z.object({
  symbol: z.string(),
  date: tradingDateSchema,
  before: barSchema.omit({ date: true }),
  after: barSchema.omit({ date: true }),
  previousDatasetId: z.number().int().nullable(),
});

export const filePreviewSchema = z.object({
  path: z.string(),
  kind: z.enum(['file', 'directory']),
  /** For a directory: the CSV files it holds (first 500), with sizes. */
  files: z.array(z.object({ name: z.string(), bytes: z.number().int().nonnegative() })),
  /** Header and first rows of the (first) file. */
  header: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  detected: formatSpecSchema.nullable(),
  problems: z.array(z.string()),
});

export const dataRequests = {
  'data:datasets': defineRequest({
    doc: 'Every imported dataset version with its counts and validation summary, newest first.',
    request: z.object({}).strict(),
    response: z.array(datasetSchema),
  }),
  'data:dataset-diff': defineRequest({
    doc: 'The bars a dataset version changed, with their values before and after.',
    request: z.object({ datasetId: z.number().int().positive(), limit: z.number().int().min(1).max(10_000).default(1000) }).strict(),
    response: z.object({ total: z.number().int(), revisions: z.array(barRevisionSchema) }),
  }),
  'data:instruments': defineRequest({
    doc: 'Instruments in the store with coverage and issue counts.',
    request: z.object({}).strict(),
    response: z.array(instrumentSchema),
  }),
  'data:bars': defineRequest({
    doc: 'Daily bars of one symbol (optionally a date range) with the data issues and corporate actions on those dates.',
    request: z.object({ symbol: symbolSchema, from: tradingDateSchema.optional(), to: tradingDateSchema.optional() }).strict(),
    response: z.object({
      symbol: z.string(),
      bars: z.array(barSchema),
      issues: z.array(dataIssueSchema),
      actions: z.array(corporateActionSchema),
    }),
  }),
  'data:issues': defineRequest({
    doc: 'Data issues matching a filter, a page at a time.',
    request: z
      .object({
        filter: issueFilterSchema.prefault({}),
        limit: z.number().int().min(1).max(5000).default(200),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    response: z.object({ total: z.number().int(), items: z.array(dataIssueSchema) }),
  }),
  'data:issues-csv': defineRequest({
    doc: 'Data issues matching a filter as CSV text, for export (at most 100,000 rows).',
    request: z.object({ filter: issueFilterSchema.prefault({}) }).strict(),
    response: z.object({ csv: z.string(), rows: z.number().int(), truncated: z.boolean() }),
  }),
  'data:preview': defineRequest({
    doc: 'Looks at a file or folder before import: header, first rows and the detected format.',
    request: z
      .object({ ...sourceFields, rows: z.number().int().min(1).max(50).default(10) })
      .strict()
      .refine(exactlyOneSource, oneSourceMessage),
    response: filePreviewSchema,
  }),
  'data:choose-source': defineRequest({
    doc: 'Desktop app only: shows the native open dialog and returns a grant for the chosen file or folder (null when cancelled).',
    request: z.object({}).strict(),
    response: z.object({ grant: pathGrantSchema.nullable() }),
  }),
  'data:import': defineRequest({
    doc: 'Starts importing a file or folder as a job; progress arrives as job:progress, the report as data:imported.',
    request: z
      .object({
        ...sourceFields,
        policy: z.enum(['strict', 'lenient']).default('lenient'),
        format: formatSpecSchema.optional(),
        adjustment: adjustmentBasisSchema.default('split'),
        source: z.string().trim().min(1).max(200).optional(),
      })
      .strict()
      .refine(exactlyOneSource, oneSourceMessage),
    response: z.object({ jobId: z.string() }),
  }),
  'data:conflicts': defineRequest({
    doc: 'Bars held because they disagree with another source, per import and symbol (default: only those still held).',
    request: z
      .object({
        status: conflictStatusSchema.optional(),
        symbol: symbolSchema.optional(),
      })
      .strict(),
    response: z.array(conflictSchema),
  }),
  'data:conflict-resolve': defineRequest({
    doc: "Resolves a symbol's held conflict: keep the stored series or take the held bars. Each settled hold is a new dataset version, audited.",
    request: z
      .object({
        symbol: symbolSchema,
        choice: z.enum(['keep', 'take']),
        /** Which import's held bars; needed for `take` when several imports hold bars for the symbol. */
        datasetId: z.number().int().positive().optional(),
      })
      .strict(),
    response: z.object({
      symbol: z.string(),
      choice: z.enum(['keep', 'take']),
      datasets: z.array(datasetSchema),
      barsInserted: z.number().int().nonnegative(),
      barsChanged: z.number().int().nonnegative(),
    }),
  }),
  'data:cache-metrics': defineRequest({
    doc: 'Hit, miss and eviction counts of the market data cache.',
    request: z.object({}).strict(),
    response: z.object({
      hits: z.number().int(),
      misses: z.number().int(),
      evictions: z.number().int(),
      expirations: z.number().int(),
      size: z.number().int(),
    }),
  }),
} as const;

export const dataEvents = {
  'data:imported': defineEvent({
    doc: 'An import job finished (or failed); carries its report.',
    payload: z.object({
      jobId: z.string(),
      report: importReportSchema.nullable(),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
    }),
  }),
} as const;
