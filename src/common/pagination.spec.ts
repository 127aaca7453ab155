import { DomainError } from './errors/domain-error';
import { decodeCursor, encodeCursor } from './pagination';

describe('cursors', () => {
  it('round-trip', () => {
    const values = ['2026-11-25T10:00:00.123Z', 'b3c1d6b2-0000-4000-8000-000000000000'];
    expect(decodeCursor(encodeCursor(values), ['date', 'uuid'])).toEqual(values);
  });
  it('refuse garbage with a 400 invalid_cursor', () => {
    for (const bad of ['%%%', encodeCursor(['only-one']), Buffer.from('{"a":1}').toString('base64url'), encodeCursor(['2026-11-25T10:00:00Z', 'not-a-uuid']), encodeCursor([{}, 'b3c1d6b2-0000-4000-8000-000000000000']), encodeCursor(['x', 'b3c1d6b2-0000-4000-8000-000000000000'])]) {
      try {
        decodeCursor(bad, ['date', 'uuid']);
        throw new Error('accepted');
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        expect((e as DomainError).code).toBe('invalid_cursor');
      }
    }
  });
});
