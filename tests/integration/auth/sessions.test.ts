import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../helpers/app.ts';
import { authConfig, call, connectAs, PROXY_USER, signIn, TOKENS } from './support.ts';

/**
 * Laptop sessions against the production entry: sign-in sets an HttpOnly, SameSite=Lax cookie
 * with the configured lifetime; an expired session is signed out; sign-out ends the session on
 * the server, so the copied cookie is refused, also after the app restarts; Secure follows TLS,
 * including X-Forwarded-Proto from a trusted proxy only.
 */

const apps: RunningApp[] = [];
afterEach(async () => {
	while (apps.length) await apps.pop()!.close();
});

async function start(extraAuth = '', opts: Parameters<typeof startApp>[0] = {}) {
	const app = await startApp({ config: authConfig('http://127.0.0.1:9', extraAuth), ...opts });
	apps.push(app);
	return app;
}

describe('sign-in', () => {
	it('exchanges a token for an HttpOnly, SameSite=Lax session cookie of auth.session_ttl, and goes back where the person was going', async () => {
		const app = await start();
		const to = await call(app.url, 'anonymous', 'GET', '/boards/overview?range=1h');
		expect(to.status).toBe(303);
		expect(to.headers.location).toBe('/signin?next=%2Fboards%2Foverview%3Frange%3D1h');
		const { cookie, setCookie, location } = await signIn(app.url, TOKENS.operator, '/boards/overview?range=1h');
		expect(location).toBe('/boards/overview?range=1h');
		expect(setCookie).toMatch(/HttpOnly/i);
		expect(setCookie).toMatch(/SameSite=Lax/i);
		expect(setCookie).toMatch(/Max-Age=43200/); // the default auth.session_ttl, 12h
		expect(setCookie).not.toMatch(/Secure/i); // plain http, no trusted proxy saying otherwise
		expect(cookie).not.toContain(TOKENS.operator);
		const me = (await call(app.url, 'anonymous', 'GET', '/api/v1/session', { cookie })).json();
		expect(me).toMatchObject({ name: 'oncall', role: 'operator', via: 'session' });
		expect(me.expiresAt - Date.now()).toBeGreaterThan(43_000_000);
		expect((await call(app.url, 'anonymous', 'GET', '/boards/overview', { cookie })).status).toBe(200);
		// The session carries the role: an operator may acknowledge (404: no such alert, past the role check).
		expect((await call(app.url, 'anonymous', 'POST', '/api/v1/alerts/nope/ack', { cookie, body: {} })).status).toBe(404);
	});

	it('refuses a bad token, an ingest-only token, and a next outside the site', async () => {
		const app = await start();
		const bad = await call(app.url, 'anonymous', 'POST', '/signin', { form: { token: 'bom_wrong', next: '/' } });
		expect(bad.status).toBe(401);
		expect(bad.text).toContain('That token is not valid here');
		expect(bad.headers['set-cookie'] ?? []).toEqual([]);
		const ingest = await call(app.url, 'anonymous', 'POST', '/signin', { form: { token: TOKENS.ingest, next: '/' } });
		expect(ingest.status).toBe(403);
		expect(ingest.text).toContain('may only send metrics');
		expect((await signIn(app.url, TOKENS.viewer, 'https://evil.example/')).location).toBe('/');
		expect((await signIn(app.url, TOKENS.viewer, '//evil.example/x')).location).toBe('/');
	});

	it('refuses a cross-site form post (SvelteKit’s origin check holds on plain http too)', async () => {
		const app = await start();
		const res = await call(app.url, 'anonymous', 'POST', '/signin', { form: { token: TOKENS.viewer }, headers: { origin: 'http://evil.example' } });
		expect(res.status).toBe(403);
	});

	it('ends when it expires: the cookie then counts for nothing (pages go to sign-in, the API says 401)', async () => {
		const app = await start('  session_ttl: 3s\n');
		const { cookie, setCookie } = await signIn(app.url, TOKENS.viewer);
		expect(setCookie).toMatch(/Max-Age=3\b/);
		const me = await call(app.url, 'anonymous', 'GET', '/api/v1/session', { cookie });
		expect(me.status).toBe(200);
		// Wait for the expiry the server itself reported (at most 3 s), not a guess.
		await new Promise((r) => setTimeout(r, Math.max(0, me.json().expiresAt - Date.now()) + 100));
		expect((await call(app.url, 'anonymous', 'GET', '/api/v1/session', { cookie })).status).toBe(401);
		expect((await call(app.url, 'anonymous', 'GET', '/', { cookie })).status).toBe(303);
		expect((await connectAs(app.url, 'anonymous', { cookie })).error).toMatch(/^unauthorized/);
	});
});

describe('sign-out', () => {
	it('ends the session on the server: the copied cookie is refused, its socket dropped, also after a restart', async () => {
		const first = await start();
		const kept = await signIn(first.url, TOKENS.operator);
		const ended = await signIn(first.url, TOKENS.operator);
		const { client, error } = await connectAs(first.url, 'anonymous', { cookie: ended.cookie });
		expect(error).toBeUndefined();
		const dropped = new Promise<string>((r) => client.once('disconnect', (reason) => r(reason)));

		const out = await call(first.url, 'anonymous', 'POST', '/signout', { cookie: ended.cookie });
		expect(out.status).toBe(303);
		expect(out.headers.location).toBe('/signin');
		expect(String(out.headers['set-cookie'])).toMatch(/bom_session=;.*Max-Age=0/);
		expect(await dropped).toBe('io server disconnect');
		client.close();

		// Someone who copied the cookie before the sign-out gets nothing with it.
		expect((await call(first.url, 'anonymous', 'GET', '/api/v1/session', { cookie: ended.cookie })).status).toBe(401);
		expect((await call(first.url, 'anonymous', 'GET', '/alerts', { cookie: ended.cookie })).status).toBe(303);
		expect((await connectAs(first.url, 'anonymous', { cookie: ended.cookie })).error).toMatch(/^unauthorized/);
		// The other session of the same person is untouched.
		expect((await call(first.url, 'anonymous', 'GET', '/api/v1/session', { cookie: kept.cookie })).status).toBe(200);

		await first.stop();
		const again = await start('', { dataDir: first.dataDir, database: first.database, adminToken: first.adminToken });
		expect((await call(again.url, 'anonymous', 'GET', '/api/v1/session', { cookie: ended.cookie })).status).toBe(401);
		expect((await call(again.url, 'anonymous', 'GET', '/api/v1/session', { cookie: kept.cookie })).json()).toMatchObject({ name: 'oncall', via: 'session' });
	});
});

describe('reverse-proxy sign-in', () => {
	it('believes the user header from the trusted address only, on requests and socket handshakes', async () => {
		const app = await start();
		expect((await call(app.url, 'proxy', 'GET', '/api/v1/session')).json()).toMatchObject({ name: PROXY_USER, role: 'admin', via: 'proxy' });
		expect((await call(app.url, 'spoofed', 'GET', '/api/v1/session')).status).toBe(401);
		// A spoofed header never outranks a real credential either: the viewer stays a viewer.
		const spoofedViewer = await call(app.url, 'spoofed', 'GET', '/api/v1/audit', { headers: { authorization: `Token ${TOKENS.viewer}` } });
		expect(spoofedViewer.status).toBe(403);
		expect((await connectAs(app.url, 'proxy')).error).toBeUndefined();
		expect((await connectAs(app.url, 'spoofed')).error).toMatch(/^unauthorized/);
		const metrics = (await call(app.url, 'anonymous', 'GET', '/metrics')).text;
		expect(Number(/^monitor_auth_proxy_header_ignored_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(2);
		expect(app.output()).toContain('not a trusted proxy');
	});

	it('marks the session cookie Secure when the trusted proxy says the browser came over https, and only then', async () => {
		const app = await start();
		const viaProxy = await call(app.url, 'proxy', 'POST', '/signin', { form: { token: TOKENS.viewer, next: '/' }, headers: { 'x-forwarded-proto': 'https', origin: app.url.replace('http:', 'https:') } });
		expect(viaProxy.status).toBe(303);
		expect(String(viaProxy.headers['set-cookie'])).toMatch(/; Secure/i);
		const spoofed = await call(app.url, 'anonymous', 'POST', '/signin', { form: { token: TOKENS.viewer, next: '/' }, headers: { 'x-forwarded-proto': 'https' } });
		expect(spoofed.status).toBe(303);
		expect(String(spoofed.headers['set-cookie'])).not.toMatch(/Secure/i);
		// The internal transport header cannot be sent from outside: the server overwrites it.
		const forged = await call(app.url, 'anonymous', 'POST', '/signin', { form: { token: TOKENS.viewer, next: '/' }, headers: { 'x-monitor-proto': 'https' } });
		expect(String(forged.headers['set-cookie'])).not.toMatch(/Secure/i);
	});

	it('trusts a TLS-terminating proxy in auth.trusted_proxies for https only, never for a user name', async () => {
		const config = authConfig('http://127.0.0.1:9', '  trusted_proxies: [127.0.0.2/32]\n').replace(/  proxy:\n(    .*\n){3}/, '');
		expect(config).not.toContain('proxy:\n');
		const app = await startApp({ config });
		apps.push(app);
		const res = await call(app.url, 'proxy', 'POST', '/signin', { form: { token: TOKENS.viewer, next: '/' }, headers: { 'x-forwarded-proto': 'https', origin: app.url.replace('http:', 'https:') } });
		expect(res.status).toBe(303);
		expect(String(res.headers['set-cookie'])).toMatch(/; Secure/i);
		expect((await call(app.url, 'proxy', 'GET', '/api/v1/session')).status).toBe(401);
	});

	it('refuses unlisted people when default_role is none', async () => {
		const app = await startApp({ config: authConfig('http://127.0.0.1:9').replace('default_role: viewer', 'default_role: none').replace(`users: [{ name: "${PROXY_USER}", role: admin }]`, 'users: [{ name: "someone-else", role: admin }]') });
		apps.push(app);
		const res = await call(app.url, 'proxy', 'GET', '/api/v1/session');
		expect(res.status).toBe(401);
		expect(res.json().message).toBe(`sign in: user "${PROXY_USER}" is not listed under auth.proxy.users`);
	});
});

