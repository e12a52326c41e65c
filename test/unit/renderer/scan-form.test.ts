import { describe, expect, it } from 'vitest';
import { DEFAULT_SCAN_FORM, scanRequestFromForm } from '../../../src/renderer/stores/scanner-store';
import { scanRequestSchema } from '../../../src/shared/domain/scanner';

describe('scan form → scanner:start request', () => {
  it('sends the correlation pre-filter only when one is typed', () => {
    const plain = scanRequestFromForm(DEFAULT_SCAN_FORM);
    expect(plain.ok && plain.request.filters).toEqual({ sameSectorOnly: false });
    const filtered = scanRequestFromForm({ ...DEFAULT_SCAN_FORM, minCorrelation: ' 0.6 ' });
    if (!filtered.ok) throw new Error(filtered.problems.join('; '));
    expect(scanRequestSchema.parse(filtered.request).filters.minCorrelation).toBe(0.6);
  });

  it('names every problem of the form instead of sending it', () => {
    const bad = scanRequestFromForm({ ...DEFAULT_SCAN_FORM, from: '2018-13-40x', minCorrelation: '2', fdrAlpha: '5%' });
    expect(bad).toEqual({
      ok: false,
      problems: [
        'Formation start must be a date (YYYY-MM-DD).',
        'The false discovery rate must be between 0 and 1, e.g. 0.05.',
        'The minimum correlation must be between -1 and 1, or empty.',
      ],
    });
  });
});
