import { describe, expect, it } from 'vitest';
import { TokenRegistry, generateToken, hashToken, canIngest, hasRole } from '../../../../src/lib/server/auth/index.ts';

describe('TokenRegistry', () => {
	const secret = generateToken();
	const registry = new TokenRegistry(
		[{ name: 'naver-sender', role: 'ingest', hash: hashToken(secret), orgs: ['naver'], rate_limit: 100 }],
		'admin-secret'
	);

	it('resolves a configured token to its principal with scope', () => {
		const p = registry.authenticate(secret)!;
		expect(p.name).toBe('naver-sender');
		expect(p.role).toBe('ingest');
		expect([...p.orgs!]).toEqual(['naver']);
		expect(p.rateLimit).toBe(100);
	});

	it('grants MONITOR_ADMIN_TOKEN the admin role', () => {
		expect(registry.authenticate('admin-secret')?.role).toBe('admin');
	});

	it.each([['wrong'], [''], [secret + 'x'], [hashToken(secret)]])('refuses %j', (token) => {
		expect(registry.authenticate(token)).toBeNull();
	});

	it('keeps only hashes, never the token', () => {
		expect(JSON.stringify([...(registry as unknown as { byHash: Map<string, unknown> }).byHash])).not.toContain(secret);
	});
});

describe('roles', () => {
	const p = (role: 'ingest' | 'viewer' | 'operator' | 'admin') => ({ name: role, role });
	it.each([
		['ingest', true],
		['admin', true],
		['viewer', false],
		['operator', false]
	] as const)('%s may ingest: %s', (role, expected) => expect(canIngest(p(role))).toBe(expected));

	it('orders viewer < operator < admin and keeps ingest tokens out of the UI', () => {
		expect(hasRole(p('admin'), 'operator')).toBe(true);
		expect(hasRole(p('operator'), 'viewer')).toBe(true);
		expect(hasRole(p('viewer'), 'operator')).toBe(false);
		expect(hasRole(p('ingest'), 'viewer')).toBe(false);
	});
});

describe('generateToken', () => {
	it('makes distinct URL-safe tokens with 256 bits of randomness', () => {
		const a = generateToken('x');
		expect(a).toMatch(/^x_[A-Za-z0-9_-]{43}$/);
		expect(generateToken('x')).not.toBe(a);
	});
});
