import { describe, expect, it } from 'vitest';
import { ProxyAuth, ProxySchema } from '../../../../src/lib/server/auth/index.ts';

const proxy = new ProxyAuth(
	ProxySchema.parse({
		trusted: ['127.0.0.2/32', '10.1.0.0/16', '::1'],
		users: [{ name: 'kim@agency.go.kr', role: 'operator' }, { name: 'lee@naver.example', role: 'viewer', orgs: ['naver'] }],
		default_role: 'viewer'
	})
);

describe('trusted proxies', () => {
	it.each([
		['127.0.0.2', true],
		['::ffff:127.0.0.2', true],
		['10.1.200.7', true],
		['::1', true],
		['127.0.0.1', false],
		['10.2.0.1', false],
		['::ffff:127.0.0.1', false],
		['not-an-address', false],
		[undefined, false]
	])('%s trusted: %s', (peer, trusted) => expect(proxy.isTrusted(peer)).toBe(trusted));
});

describe('the user header', () => {
	it('names a listed user with their role and scope, from a trusted peer', () => {
		expect(proxy.judge('kim@agency.go.kr', '127.0.0.2')).toMatchObject({ kind: 'user', principal: { name: 'kim@agency.go.kr', role: 'operator' } });
		const lee = proxy.judge('lee@naver.example', '10.1.0.9');
		expect(lee.kind === 'user' && [...lee.principal.orgs!]).toEqual(['naver']);
	});

	it('gives anyone else the default role', () => {
		expect(proxy.judge('someone@agency.go.kr', '127.0.0.2')).toMatchObject({ kind: 'user', principal: { role: 'viewer' } });
	});

	it('is ignored from an untrusted peer, however it is spelled', () => {
		expect(proxy.judge('kim@agency.go.kr', '127.0.0.1')).toEqual({ kind: 'ignored', peer: '127.0.0.1' });
		expect(proxy.judge('kim@agency.go.kr', undefined)).toEqual({ kind: 'ignored', peer: 'unknown' });
	});

	it('is absent when empty', () => expect(proxy.judge('', '127.0.0.2')).toEqual({ kind: 'none' }));

	it('refuses control characters and unlisted users when default_role is none', () => {
		expect(proxy.judge('kim\nadmin', '127.0.0.2').kind).toBe('refused');
		const strict = new ProxyAuth(ProxySchema.parse({ trusted: ['127.0.0.2'], default_role: 'none', users: [{ name: 'kim', role: 'admin' }] }));
		expect(strict.judge('kim', '127.0.0.2').kind).toBe('user');
		expect(strict.judge('park', '127.0.0.2')).toEqual({ kind: 'refused', reason: 'user "park" is not listed under auth.proxy.users' });
	});
});

describe('auth.proxy in the config', () => {
	it.each([['10.0.0/8'], ['300.1.1.1'], ['10.0.0.0/33'], ['::1/129'], ['proxy.example']])('names a bad trusted entry %j', (bad) => {
		const r = ProxySchema.safeParse({ trusted: [bad] });
		expect(r.success).toBe(false);
		expect(r.error!.issues[0].message).toContain(`"${bad}" is not an address or CIDR block`);
	});

	it('needs at least one trusted address and defaults the header', () => {
		expect(ProxySchema.safeParse({ trusted: [] }).success).toBe(false);
		expect(ProxySchema.parse({ trusted: ['127.0.0.1'] })).toMatchObject({ header: 'X-Forwarded-User', default_role: 'viewer', users: [] });
	});
});
