
/** The id of a field's error message, for aria-describedby. */
export function errorId(path: string): string {
  return `bt-error-${path.replaceAll('.', '-')}`;
}

/** The control's id, so its label names it alone (a wrapping label would add the value). */
export function controlId(path: string): string {
  return `bt-field-${path.replaceAll('.', '-')}`;
}

/** A field's own error under it (from the form's checks or main's typed refusal). */
export function FieldError({ path, error }: { readonly path: string; readonly error: string | undefined }) {
  if (error === undefined) return null;
  return (
    <span className="field-error" id={errorId(path)}>
      {error}
    </span>
  );
}

export interface TextFieldProps {
  readonly label: string;
  /** The config path the value is sent as; errors come back on it. */
  readonly path: string;
  readonly value: string;
  readonly error: string | undefined;
  readonly onChange: (value: string) => void;
  readonly inputMode?: 'decimal' | 'numeric' | 'text';
  readonly placeholder?: string;
  readonly narrow?: boolean;
}

export function TextField({ label, path, value, error, onChange, inputMode = 'decimal', placeholder, narrow = false }: TextFieldProps) {
  return (
    <div className={narrow ? 'field narrow' : 'field'}>
      <label htmlFor={controlId(path)}>{label}</label>
      <input
        id={controlId(path)}
        name={path}
        value={value}
        inputMode={inputMode}
        placeholder={placeholder}
        aria-invalid={error === undefined ? undefined : true}
        aria-describedby={error === undefined ? undefined : errorId(path)}
        onChange={(event) => onChange(event.target.value)}
      />
      <FieldError path={path} error={error} />
    </div>
  );
}

export interface ChoiceFieldProps<T extends string> {
  readonly label: string;
  readonly path: string;
  readonly value: T;
  readonly options: ReadonlyArray<readonly [T, string]>;
  readonly error: string | undefined;
  readonly onChange: (value: T) => void;
}

export function ChoiceField<T extends string>({ label, path, value, options, error, onChange }: ChoiceFieldProps<T>) {
  return (
    <div className="field">
      <label htmlFor={controlId(path)}>{label}</label>
      <select
        id={controlId(path)}
        name={path}
        value={value}
        aria-invalid={error === undefined ? undefined : true}
        aria-describedby={error === undefined ? undefined : errorId(path)}
        onChange={(event) => {
          const chosen = options.find(([option]) => option === event.target.value);
          if (chosen !== undefined) onChange(chosen[0]);
        }}
      >
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
      <FieldError path={path} error={error} />
    </div>
  );
}
