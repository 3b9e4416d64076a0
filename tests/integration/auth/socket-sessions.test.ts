import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../../src/lib/server/auth/index.ts';
import { SMALL_CONFIG } from '../../helpers/app.ts';
import { startInProcess, type InProcessApp } from '../../helpers/services.ts';
import { ask, type Client } from './support.ts';

/**
 * A live socket opened with a session cookie stops when the session does: on its next event
 * after the expiry (the sessions' clock is injected, so "13 hours later" takes no time), and a
 * new handshake with the same cookie is refused.
 */

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	while (cleanups.length) await cleanups.pop()!();
});

const TOKEN = 'bom_person-token-for-socket-tests';
let authClock = Date.now();

async function start(): Promise<InProcessApp> {
	const app = await startInProcess({
		config: `${SMALL_CONFIG}\nauth:\n  session_ttl: 12h\n  tokens: [{ name: kim, role: operator, hash: "${hashToken(TOKEN)}" }]\n`,
		authNow: () => authClock
	});
	cleanups.push(() => app.close());
	return app;
}

function connect(app: InProcessApp, cookie: string): Promise<{ client: Client; error?: string }> {
	const client: Client = io(`${app.url}/live`, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
	cleanups.push(() => client.close());
	return new Promise((resolve) => {
		client.once('connect', () => resolve({ client }));
		client.once('connect_error', (err) => resolve({ client, error: err.message }));
	});
}

describe('a socket of a session', () => {
	it('is refused its next event once the session expired, and dropped; the cookie then opens nothing', async () => {
		authClock = Date.now();
		const app = await start();
		const issued = app.app.services.auth.signIn(TOKEN, 'person')!;
		const cookie = `bom_session=${issued.value}`;
		const { client, error } = await connect(app, cookie);
		expect(error).toBeUndefined();
		expect((await ask(client, 'subscribe', { components: ['cdn'] })).ok).toBe(true);
		authClock += 11 * 3_600_000;
		expect((await ask(client, 'subscribe', { components: ['idp-a'] })).ok).toBe(true);
		const dropped = new Promise<string>((r) => client.once('disconnect', (reason) => r(reason)));
		authClock += 2 * 3_600_000;
		expect(await ask(client, 'subscribe', { components: ['idp-a'] })).toEqual({ ok: false, error: 'signed out: the session ended or the token was removed; sign in again' });
		expect(await dropped).toBe('io server disconnect');
		expect((await connect(app, cookie)).error).toBe('unauthorized: sign in (connect with auth: { token }, or with the session cookie of /signin)');
	});

	it('is dropped when its session signs out, while another session’s socket stays', async () => {
		authClock = Date.now();
		const app = await start();
		const a = `bom_session=${app.app.services.auth.signIn(TOKEN, 'person')!.value}`;
		const b = `bom_session=${app.app.services.auth.signIn(TOKEN, 'person')!.value}`;
		const ca = await connect(app, a);
		const cb = await connect(app, b);
		const dropped = new Promise<string>((r) => ca.client.once('disconnect', (reason) => r(reason)));
		const session = app.app.services.auth.signOut(a)!;
		expect(app.app.services.endSession(session.id)).toBe(1);
		expect(await dropped).toBe('io server disconnect');
		expect((await ask(cb.client, 'subscribe', { components: ['cdn'] })).ok).toBe(true);
	});
});
