import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Authenticator, hashToken, type Presented } from '../../../../src/lib/server/auth/index.ts';
import { parseConfig } from '../../../../src/lib/server/config/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'bom-authn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T = { viewer: 'bom_viewer', scoped: 'bom_scoped', sender: 'bom_sender', operator: 'bom_operator' };
const config = (extra = '') =>
	parseConfig(`
orgs: [{ id: a, name: A }, { id: b, name: B }]
pipeline: { stages: [{ id: s, name: S }] }
components: [{ id: ca, name: CA, org: a, stage: s }, { id: cb, name: CB, org: b, stage: s }]
auth:
  session_ttl: 2h
  tokens:
    - { name: wall, role: viewer, hash: "${hashToken(T.viewer)}" }
    - { name: a-viewer, role: viewer, orgs: [a], hash: "${hashToken(T.scoped)}" }
    - { name: sender, role: ingest, hash: "${hashToken(T.sender)}" }
    - { name: kim, role: operator, hash: "${hashToken(T.operator)}" }
${extra}`);

function authn(extra = '', now = () => 1_700_000_000_000) {
	const c = config(extra);
	return new Authenticator({ auth: c.auth, components: c.components, secret: Buffer.alloc(32, 1), dataDir: dir, now });
}
const req = (p: Partial<Presented> & { headers?: Record<string, string> } = {}): Presented => ({ header: (n) => p.headers?.[n], ...p });

describe('who is calling', () => {
	it('takes an explicit token first, and an unknown one is a refusal, not anonymous', () => {
		const a = authn('  anonymous_role: viewer');
		expect(a.identify(req({ token: T.operator }))).toMatchObject({ ok: true, identity: { via: 'token', principal: { name: 'kim' } } });
		expect(a.identify(req({ token: 'bom_nope' }))).toEqual({ ok: false, reason: 'unknown token' });
		expect(a.identify(req())).toMatchObject({ ok: true, identity: { via: 'anonymous' } });
		expect(authn().identify(req())).toBeNull();
	});

	it('signs people in with a session of auth.session_ttl and walls for 400 days; never an ingest token', () => {
		const a = authn();
		const person = a.signIn(T.operator, 'person')!;
		expect(person.maxAgeS).toBe(7200);
		expect(a.signIn(T.viewer, 'wall')!.maxAgeS).toBe(400 * 86_400);
		expect(a.signIn(T.sender, 'person')).toBeNull();
		expect(a.signIn('bom_nope', 'person')).toBeNull();
		const cookie = `bom_session=${person.value}`;
		expect(a.identify(req({ cookie }))).toMatchObject({ ok: true, identity: { via: 'session', principal: { name: 'kim' }, session: { id: person.session.id } } });
		expect(a.signOut(cookie)).toMatchObject({ id: person.session.id });
		expect(a.identify(req({ cookie }))).toBeNull();
	});

	it('believes the proxy header only from a trusted peer, and counts the others', () => {
		const ignored: string[] = [];
		const c = config('  proxy: { trusted: [127.0.0.2/32], users: [{ name: boss, role: admin }] }');
		const a = new Authenticator({ auth: c.auth, components: c.components, secret: Buffer.alloc(32, 1), dataDir: dir, onIgnoredProxyHeader: (p) => ignored.push(p) });
		const headers = { 'x-forwarded-user': 'boss' };
		expect(a.identify(req({ headers, peer: '127.0.0.2' }))).toMatchObject({ ok: true, identity: { via: 'proxy', principal: { name: 'boss', role: 'admin' } } });
		expect(a.identify(req({ headers, peer: '127.0.0.1' }))).toBeNull();
		expect(ignored).toEqual(['127.0.0.1']);
	});

	it('counts a user header even when no proxy is configured', () => {
		const ignored: string[] = [];
		const c = config();
		const a = new Authenticator({ auth: c.auth, components: c.components, secret: Buffer.alloc(32, 1), dataDir: dir, onIgnoredProxyHeader: (p) => ignored.push(p) });
		expect(a.identify(req({ headers: { 'x-forwarded-user': 'boss' }, peer: '127.0.0.2' }))).toBeNull();
		expect(ignored).toEqual(['127.0.0.2']);
	});

	it('marks cookies Secure over TLS, or behind a trusted proxy that says https', () => {
		const a = authn('  proxy: { trusted: [127.0.0.2/32] }');
		expect(a.isSecure(req({ encrypted: true }))).toBe(true);
		expect(a.isSecure(req({ peer: '127.0.0.2', headers: { 'x-forwarded-proto': 'https' } }))).toBe(true);
		expect(a.isSecure(req({ peer: '127.0.0.1', headers: { 'x-forwarded-proto': 'https' } }))).toBe(false);
		expect(a.isSecure(req({ peer: '127.0.0.2', headers: { 'x-forwarded-proto': 'http' } }))).toBe(false);
		expect(authn().isSecure(req({ peer: '127.0.0.2', headers: { 'x-forwarded-proto': 'https' } }))).toBe(false);
	});

	it('believes X-Forwarded-Proto from auth.trusted_proxies, but never their user header', () => {
		const ignored: string[] = [];
		const c = config('  trusted_proxies: [10.0.0.0/8]');
		const a = new Authenticator({ auth: c.auth, components: c.components, secret: Buffer.alloc(32, 1), dataDir: dir, onIgnoredProxyHeader: (p) => ignored.push(p) });
		expect(a.isSecure(req({ peer: '10.9.8.7', headers: { 'x-forwarded-proto': 'https' } }))).toBe(true);
		expect(a.identify(req({ peer: '10.9.8.7', headers: { 'x-forwarded-user': 'boss' } }))).toBeNull();
		expect(ignored).toEqual(['10.9.8.7']);
	});

	it('scopes a viewer to its orgs’ components', () => {
		const a = authn();
		const scoped = a.identify(req({ token: T.scoped }));
		const scope = scoped && scoped.ok ? a.scopeOf(scoped.identity.principal) : undefined;
		expect(scope?.allows('ca')).toBe(true);
		expect(scope?.allows('cb')).toBe(false);
		expect(scope?.allows('undeclared')).toBe(false);
		expect(a.scopeOf({ name: 'wall', role: 'viewer' })).toBeNull();
	});

	it('reloads tokens in place: a removed token and its sessions stop at once', () => {
		const a = authn();
		const cookie = `bom_session=${a.signIn(T.operator, 'person')!.value}`;
		const next = parseConfig(`
orgs: [{ id: a, name: A }]
pipeline: { stages: [{ id: s, name: S }] }
components: [{ id: ca, name: CA, org: a, stage: s }]
auth: { anonymous_role: viewer, tokens: [{ name: wall, role: viewer, hash: "${hashToken(T.viewer)}" }] }`);
		a.reload(next.auth, next.components);
		expect(a.identify(req({ token: T.operator }))).toEqual({ ok: false, reason: 'unknown token' });
		expect(a.identify(req({ cookie }))).toMatchObject({ ok: true, identity: { via: 'anonymous' } });
		expect(a.tokens.authenticate(T.viewer)?.name).toBe('wall');
	});

	it('limits sign-in attempts per address', () => {
		const a = authn();
		for (let i = 0; i < 10; i++) expect(a.mayAttempt('10.0.0.1')).toBe(true);
		expect(a.mayAttempt('10.0.0.1')).toBe(false);
		expect(a.mayAttempt('10.0.0.2')).toBe(true);
	});
});
