import { describe, expect, it } from 'vitest';
import { presentedToken } from '../../../../src/lib/server/auth/index.ts';

const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;

const cases: [string, string | undefined, string, string | null][] = [
	['Token scheme (InfluxDB 2.x clients)', 'Token abc', '', 'abc'],
	['Bearer scheme', 'Bearer abc', '', 'abc'],
	['scheme in any case', 'token abc', '', 'abc'],
	['Basic auth password (Telegraf username/password)', basic('telegraf:abc'), '', 'abc'],
	['Basic auth with the token as username and no password', basic('abc:'), '', 'abc'],
	['u/p query parameters (InfluxDB 1.x clients)', undefined, 'u=x&p=abc', 'abc'],
	['no credentials', undefined, '', null],
	['unknown scheme', 'Digest abc', '', null],
	['empty Token value', 'Token ', '', null],
	['header wins over query parameters', 'Token abc', 'p=other', 'abc']
];

describe('presentedToken', () => {
	it.each(cases)('%s', (_name, header, query, expected) => {
		expect(presentedToken(header, new URLSearchParams(query))).toBe(expected);
	});
});
