import { SelectField } from '../../components/select-field';
import { dataImportStore, useDataImport } from '../../stores/app-stores';
import { MAPPING_FIELDS, REQUIRED_FIELDS, type MappingField } from '../../stores/import-mapping';

const FIELD_LABEL: Readonly<Record<MappingField, string>> = {
  date: 'Date',
  open: 'Open',
  high: 'High',
  low: 'Low',
  close: 'Close',
  volume: 'Volume',
  symbol: 'Symbol',
};

const REQUIRED: ReadonlySet<MappingField> = new Set(REQUIRED_FIELDS);

/** Shown when main could not recognise the layout: every field names a header column. */
export function ColumnMappingEditor({ header }: { readonly header: readonly string[] }) {
  const mapping = useDataImport((state) => state.mapping);
  const symbolForFile = useDataImport((state) => state.symbolForFile);
  const store = dataImportStore.getState;

  return (
    <fieldset className="mapping-editor">
      <legend>Column mapping</legend>
      <div className="mapping-grid">
        {MAPPING_FIELDS.map((field) => (
          <SelectField
            key={field}
            label={`${FIELD_LABEL[field]} column${REQUIRED.has(field) ? '' : ' (optional)'}`}
            value={mapping[field]}
            options={[
              { value: '', label: REQUIRED.has(field) ? 'Choose…' : 'None' },
              ...[...new Set(header)].map((column) => ({ value: column, label: column })),
            ]}
            onChange={(column) => store().setMapping(field, column)}
          />
        ))}
        {mapping.symbol === '' ? (
          <label className="field">
            <span>Symbol for this file (optional)</span>
            <input
              value={symbolForFile}
              maxLength={16}
              placeholder="from the file name"
              onChange={(event) => store().setSymbolForFile(event.target.value)}
            />
          </label>
        ) : null}
      </div>
    </fieldset>
  );
}
