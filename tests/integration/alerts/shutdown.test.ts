import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { SMALL_CONFIG, startApp, type RunningApp } from '../../helpers/app.ts';
import { startReceiver, type Receiver } from '../../helpers/receiver.ts';

/**
 * A shutdown (a deploy) waits for open connections to drain; senders stop reaching the app then.
 * That silence is the app's own doing and must never page anyone as "no data".
 */
let app: RunningApp | undefined;
let receiver: Receiver | undefined;
afterAll(async () => {
	await app?.close();
	await receiver?.close();
});

describe('alerts during a shutdown', () => {
	it('sends no no_data alert while connections drain', async () => {
		receiver = await startReceiver();
		app = await startApp({
			config: `${SMALL_CONFIG}
alerts:
  rules:
    - { id: cdn-silent, type: no_data, measurement: traffic, seconds: 2, components: [cdn], severity: critical }
  default_channels: [hook]
channels:
  - { id: hook, type: webhook, url: "${receiver.url}/hook" }
`,
			env: { SHUTDOWN_TIMEOUT: '6' }
		});
		const send = () =>
			fetch(`${app!.url}/api/v1/write?precision=ms`, { method: 'POST', headers: { authorization: `Token ${app!.adminToken}` }, body: `traffic,component=cdn,instance=a rps=10 ${Date.now()}` });
		for (let i = 0; i < 4; i++) {
			expect((await send()).status).toBe(204);
			await new Promise((r) => setTimeout(r, 500));
		}
		// Data keeps flowing until the very moment the shutdown begins: on a busy machine the
		// socket's connect alone can outlast the rule's 2 s, and that silence would be real.
		let sending = true;
		const sender = (async () => {
			while (sending) {
				await send().catch(() => undefined);
				await new Promise((r) => setTimeout(r, 250));
			}
		})();
		// A browser stays connected, so the shutdown waits (up to SHUTDOWN_TIMEOUT) for it.
		const browser = io(`${app.url}/live`, { auth: { token: app.adminToken }, transports: ['websocket'], reconnection: false });
		await new Promise<void>((r) => browser.once('connect', () => r()));
		sending = false;
		await sender;
		expect(receiver.received, 'nothing was silent before the shutdown').toHaveLength(0);
		const started = Date.now();
		const code = await app.stop('SIGTERM');
		browser.close();
		expect(Date.now() - started, 'the shutdown waited for the open connection').toBeGreaterThan(3_000);
		expect(code).toBe(0);
		expect(receiver.received.map((r) => r.body), 'no alert about the silence the shutdown caused').toEqual([]);
		app = undefined;
	}, 40_000);
});
