import { describe, expect, it } from 'vitest';
import { namedValue, redactArgs, redactKeyValues, redactUrl, referenceOf } from '../../../core/discovery/secrets';
import { fp } from './fixture-files';

describe('redaction', () => {
  it('keeps a connection string with its password, token user name and query values replaced', () => {
    expect(redactUrl('postgres://app:hunter2@db.prod.internal/app')!.text).toBe('postgres://app:***@db.prod.internal/app');
    expect(redactUrl('https://ghp_abcdefghijklmnopqrstuvwxyz12@github.com/acme/x.git')!.text).toBe('https://***@github.com/acme/x.git');
    expect(redactUrl('https://x.io/mcp?key=abc&mode=ro#frag')!.text).toBe('https://x.io/mcp?key=***&mode=***');
    expect(redactUrl('not a url')).toBeNull();
    expect(redactKeyValues("host=db.prod user=app password='s3 cret' sslmode=require").text).toBe(
      'host=db.prod user=app password=*** sslmode=require',
    );
  });

  it('treats ${input:}, ${env:} and $VAR as references, not secrets', () => {
    expect(referenceOf('${input:pg-password}')).toBe('${input:pg-password}');
    expect(referenceOf('Bearer ${env:TOKEN}')).toBe('${env:TOKEN}');
    expect(referenceOf('$GITHUB_TOKEN')).toBe('$GITHUB_TOKEN');
    expect(referenceOf('Bearer abc')).toBeNull();
  });

  it('replaces flag values, header arguments and token-shaped arguments, and keeps paths', () => {
    const r = redactArgs(
      [
        '--token',
        'abc123secret',
        '--password=pw1',
        'API_KEY=k-1',
        'xoxb-1234567890-abcdef',
        'Authorization: Bearer zzz12345',
        '/srv/data2/a/b/c/deep/path/that/is/long1',
      ],
      'mcpServers.x.args',
      fp,
    );
    expect(r.args).toEqual([
      '--token',
      '***',
      '--password=***',
      'API_KEY=***',
      'xoxb-***',
      'Authorization: ***',
      '/srv/data2/a/b/c/deep/path/that/is/long1',
    ]);
    expect(r.credentials.map((c) => c.where)).toEqual([
      'mcpServers.x.args[1]',
      'mcpServers.x.args[2]',
      'mcpServers.x.args[3]',
      'mcpServers.x.args[4]',
      'mcpServers.x.args[5]',
    ]);
    expect(r.credentials[0]!.fingerprint).toBe(fp('abc123secret'));
  });

  it('an env var keeps its name; setting variables (AWS_PROFILE, NODE_ENV) keep their value; the rest only a fingerprint', () => {
    expect(namedValue('AWS_PROFILE', 'prod', 'env.AWS_PROFILE', 'env', fp).value).toEqual({
      name: 'AWS_PROFILE',
      reference: null,
      fingerprint: null,
      redacted: 'prod',
    });
    const secret = namedValue('DB_PASSWORD', 'hunter2', 'env.DB_PASSWORD', 'env', fp);
    expect(secret.value).toEqual({ name: 'DB_PASSWORD', reference: null, fingerprint: fp('hunter2'), redacted: null });
    expect(secret.credentials).toEqual([{ fingerprint: fp('hunter2'), label: 'env DB_PASSWORD', where: 'env.DB_PASSWORD' }]);
    expect(namedValue('STRIPE_KEY', 'sk_live_abcdefghijkl', 'e', 'env', fp).value.redacted).toBe('sk_live_***');
  });
});
