import { ConfigError, loadConfig } from '@duban/config';

const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'k'.repeat(40) };

describe('DUBAN_CLOCK in the configuration', () => {
  it('is unset by default', () => {
    expect(loadConfig({}).DUBAN_CLOCK).toBeUndefined();
  });

  it('takes an ISO timestamp with an offset outside production', () => {
    expect(loadConfig({ DUBAN_CLOCK: '2021-03-01T09:00:00+08:00' }).DUBAN_CLOCK).toBe('2021-03-01T09:00:00+08:00');
    expect(loadConfig({ NODE_ENV: 'test', DUBAN_CLOCK: '2021-03-01T01:00:00Z' }).DUBAN_CLOCK).toBe('2021-03-01T01:00:00Z');
  });

  it.each(['2021-02-30T09:00:00+08:00', '2021-03-01', '2021-03-01T09:00:00', 'now'])('refuses %j with one line naming it', (value) => {
    let error: unknown;
    try {
      loadConfig({ DUBAN_CLOCK: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain(`DUBAN_CLOCK=${JSON.stringify(value)}`);
    expect(message).toContain('ISO');
  });

  it('is refused in production, with one clear line', () => {
    expect(() => loadConfig({ ...PRODUCTION, DUBAN_CLOCK: '2021-03-01T09:00:00+08:00' })).toThrow(
      /DUBAN_CLOCK="2021-03-01T09:00:00\+08:00": 生产环境（NODE_ENV=production）不得设置 DUBAN_CLOCK/,
    );
  });
});
