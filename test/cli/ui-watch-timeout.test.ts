// KUBECTL_NETPOL_WATCH_TIMEOUT_SECONDS: how long the server keeps each of the UI's watches open
// before it ends it (and the UI resumes it); tests shorten it. Bad values are a user error.
import { describe, expect, it } from 'vitest';
import { WATCH_TIMEOUT_ENV, watchTimeoutSeconds } from '../../src/cli/commands/ui.js';
import { UserError } from '../../src/cli/errors.js';

describe(WATCH_TIMEOUT_ENV, () => {
  it('unset or empty: the default (undefined here, 300 s in the watch)', () => {
    expect(watchTimeoutSeconds({})).toBeUndefined();
    expect(watchTimeoutSeconds({ [WATCH_TIMEOUT_ENV]: '' })).toBeUndefined();
  });

  it('whole seconds from 1 to 300', () => {
    expect(watchTimeoutSeconds({ [WATCH_TIMEOUT_ENV]: '5' })).toBe(5);
    expect(watchTimeoutSeconds({ [WATCH_TIMEOUT_ENV]: '300' })).toBe(300);
  });

  it.each(['0', '301', '5s', '-1', '2.5', ' 5'])('%j is a user error naming the variable and the value', (value) => {
    const attempt = () => watchTimeoutSeconds({ [WATCH_TIMEOUT_ENV]: value });
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow(`${WATCH_TIMEOUT_ENV}: expected whole seconds from 1 to 300, got "${value}"`);
  });
});
