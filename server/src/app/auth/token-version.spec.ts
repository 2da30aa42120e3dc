import { tokenIsCurrent } from './token-version';

describe('tokenIsCurrent', () => {
  it('accepts a token whose ver equals the account’s token_version, and nothing else', () => {
    expect(tokenIsCurrent({ ver: 3 }, { token_version: 3 })).toBe(true);
    expect(tokenIsCurrent({ ver: 2 }, { token_version: 3 })).toBe(false);
    expect(tokenIsCurrent({ ver: 4 }, { token_version: 3 })).toBe(false);
  });

  it('treats a token without a numeric ver as version 0', () => {
    expect(tokenIsCurrent({}, { token_version: 0 })).toBe(true);
    expect(tokenIsCurrent({}, { token_version: 1 })).toBe(false);
    expect(tokenIsCurrent({ ver: '1' }, { token_version: 1 })).toBe(false);
    expect(tokenIsCurrent({ ver: 1.5 }, { token_version: 1 })).toBe(false);
  });
});
