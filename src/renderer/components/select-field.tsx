import { useId } from 'react';

export interface SelectOption<T extends string> {
  readonly value: T;
  readonly label: string;
}

export interface SelectFieldProps<T extends string> {
  readonly label: string;
  readonly value: T;
  readonly options: readonly SelectOption<T>[];
  readonly onChange: (value: T) => void;
  /** Label beside the control (toolbars) rather than above it (forms). */
  readonly inline?: boolean;
  readonly disabled?: boolean;
}

/**
 * A labelled <select> whose change hands back the option's typed value. The label is tied
 * by id instead of wrapping the control, so the option texts never leak into its name.
 */
export function SelectField<T extends string>({ label, value, options, onChange, inline = false, disabled }: SelectFieldProps<T>) {
  const id = useId();
  return (
    <div className={inline ? 'field-inline' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(event) => {
          const chosen = options.find((option) => option.value === event.target.value);
          if (chosen !== undefined) onChange(chosen.value);
        }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
