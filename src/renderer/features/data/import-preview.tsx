import type { FilePreview } from '../../stores/import-mapping';
import { formatBytes, formatInteger } from '../../lib/format';

/** What main found at the path: the files, the detected layout (or why not), the first rows. */
export function ImportPreview({ preview }: { readonly preview: FilePreview }) {
  return (
    <section className="import-preview" aria-label="Preview">
      <div className="preview-facts">
        <span>{preview.kind === 'directory' ? `Folder with ${formatInteger(preview.files.length)} CSV files` : 'File'}</span>
        <span data-testid="detected-format">
          {preview.detected !== null ? (
            <>
              Detected format: <strong>{preview.detected.name}</strong>
            </>
          ) : (
            <strong className="warning-text">No known format detected: map the columns below.</strong>
          )}
        </span>
      </div>
      {preview.problems.length > 0 ? (
        <ul className="problems" aria-label="Preview problems">
          {preview.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      {preview.kind === 'directory' && preview.files.length > 0 ? (
        <details className="file-list">
          <summary>Files</summary>
          <div className="table-scroll preview-files">
            <table className="grid" aria-label="Files in folder">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col" className="num">Size</th>
                </tr>
              </thead>
              <tbody>
                {preview.files.map((file) => (
                  <tr key={file.name}>
                    <td className="mono">{file.name}</td>
                    <td className="num">{formatBytes(file.bytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
      {preview.header.length > 0 ? (
        <div className="table-scroll preview-rows">
          <table className="grid" aria-label="Preview rows">
            <thead>
              <tr>
                {preview.header.map((column, index) => (
                  <th key={`${column}-${index}`} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row, rowIndex) => (
                <tr key={rowIndex}>
                  {row.map((cell, cellIndex) => (
                    <td key={cellIndex} className="mono nowrap">
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
