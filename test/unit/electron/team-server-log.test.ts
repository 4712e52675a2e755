import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../../electron/serve/team-server-log';

describe('team server log', () => {
  it('hides connection strings and named secrets in messages', () => {
    expect(redact('connect ECONNREFUSED for postgres://ar:s3cret@db:5432/ar (retrying)')).toBe(
      'connect ECONNREFUSED for postgres://[redacted] (retrying)',
    );
    expect(redact('bad URL "postgresql://u:p@h/d"')).toBe('bad URL "postgresql://[redacted]"');
    expect(redact('password s3cret was wrong', ['s3cret'])).toBe('password [redacted] was wrong');
  });

  it('writes one JSON object per line, errors redacted', () => {
    const lines: string[] = [];
    const log = createLogger((l) => void lines.push(l), ['hunter2hunter2']);
    log.info('request', { method: 'POST', path: '/api/x', status: 200, ms: 3, account: null });
    log.error('request.failed', new Error('pool to postgres://a:hunter2hunter2@h/d failed (hunter2hunter2)'));
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l.endsWith('\n') && l.indexOf('\n') === l.length - 1).toBe(true);
    const [req, err] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(req).toMatchObject({ level: 'info', event: 'request', method: 'POST', path: '/api/x', status: 200, ms: 3, account: null });
    expect(err!.message).toBe('pool to postgres://[redacted] failed ([redacted])');
    expect(lines.join('')).not.toContain('hunter2');
  });
});
