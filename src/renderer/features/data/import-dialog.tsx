import type { FormEvent } from 'react';
import { ModalDialog } from '../../components/modal-dialog';
import { dataImportStore, useDataImport, useSystem } from '../../stores/app-stores';
import { SelectField, type SelectOption } from '../../components/select-field';
import { adjustmentBasisSchema, type AdjustmentBasis } from '../../../shared/domain/market-data';
import type { ImportPolicy } from '../../stores/data-import-store';
import { ColumnMappingEditor } from './column-mapping-editor';
import { ADJUSTMENT_LABEL } from './datasets-view';
import { ImportPreview } from './import-preview';
import { ImportProgress } from './import-progress';
import { ImportReportView } from './import-report';

const POLICY_OPTIONS: readonly SelectOption<ImportPolicy>[] = [
  { value: 'lenient', label: 'Lenient: reject bad rows, keep the rest (default)' },
  { value: 'strict', label: 'Strict: reject the whole file on any error' },
];

const ADJUSTMENT_OPTIONS: readonly SelectOption<AdjustmentBasis>[] = adjustmentBasisSchema.options.map((basis) => ({
  value: basis,
  label: basis === 'split' ? `${ADJUSTMENT_LABEL[basis]} (default)` : ADJUSTMENT_LABEL[basis],
}));

/**
 * Path → Preview → (mapping) → options → Import → progress → report. Main reads the files;
 * the page only names a path on this machine.
 */
export function ImportDialog() {
  const open = useDataImport((state) => state.open);
  const phase = useDataImport((state) => state.phase);
  const close = () => dataImportStore.getState().closeDialog();

  return (
    <ModalDialog label="Import data" open={open} onClose={close} className="import-dialog" testId="import-dialog">
      <div className="dialog-header">
        <h2>Import data</h2>
        <button type="button" className="btn btn-ghost" aria-label="Close" onClick={close}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {phase === 'editing' ? <ImportForm /> : null}
      {phase === 'starting' || phase === 'running' ? <ImportProgress /> : null}
      {phase === 'finished' ? <ImportReportView /> : null}
    </ModalDialog>
  );
}

function ImportForm() {
  const path = useDataImport((state) => state.path);
  const previewing = useDataImport((state) => state.previewing);
  const preview = useDataImport((state) => state.preview);
  const previewError = useDataImport((state) => state.previewError);
  const policy = useDataImport((state) => state.policy);
  const adjustment = useDataImport((state) => state.adjustment);
  const problems = useDataImport((state) => state.problems);
  // The desktop app never sends a typed path: files come from the native dialog as grants.
  const desktop = useSystem((state) => state.info?.transport === 'electron');
  const store = dataImportStore.getState;

  function onPreview(event: FormEvent): void {
    event.preventDefault();
    void store().runPreview();
  }

  return (
    <div className="import-form">
      <form className="path-row" onSubmit={onPreview}>
        <label className="field field-grow">
          <span>{desktop ? 'File or folder' : 'File or folder path'}</span>
          <input
            name="path"
            value={path}
            autoFocus={!desktop}
            readOnly={desktop}
            spellCheck={false}
            autoComplete="off"
            placeholder={desktop ? 'Choose a CSV file or a folder of CSV files' : '~/data/prices.csv or a folder of CSV files'}
            onChange={(event) => store().setPath(event.target.value)}
          />
        </label>
        {desktop ? (
          <button type="button" className="btn" autoFocus onClick={() => void store().chooseSource()}>
            Browse…
          </button>
        ) : (
          <button type="submit" className="btn" disabled={previewing || path.trim() === ''}>
            {previewing ? 'Reading…' : 'Preview'}
          </button>
        )}
      </form>
      {previewError !== null ? (
        <p className="error-text" data-testid="preview-error">
          <code>{previewError.code}</code> {previewError.message}
        </p>
      ) : null}
      {preview !== null ? <ImportPreview preview={preview} /> : null}
      {preview !== null && preview.detected === null ? <ColumnMappingEditor header={preview.header} /> : null}
      <div className="options-row">
        <SelectField
          inline
          label="Validation policy"
          value={policy}
          options={POLICY_OPTIONS}
          onChange={(next) => store().setPolicy(next)}
        />
        <SelectField
          inline
          label="Adjustment basis"
          value={adjustment}
          options={ADJUSTMENT_OPTIONS}
          onChange={(next) => store().setAdjustment(next)}
        />
      </div>
      {problems.length > 0 ? (
        <ul className="problems" aria-label="Problems to fix">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={() => store().closeDialog()}>
          Cancel
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={preview === null || (preview.detected === null && preview.header.length === 0)}
          onClick={() => void store().startImport()}
        >
          Import
        </button>
      </div>
    </div>
  );
}
