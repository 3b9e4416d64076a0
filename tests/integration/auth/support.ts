import { Agent, request as httpRequest } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { generateToken, hashToken } from '../../../src/lib/server/auth/index.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../src/lib/protocol/live.ts';
import { SMALL_CONFIG } from '../../helpers/app.ts';

/**
 * Who calls, for the role tests: one column per kind of caller. `proxy` is a person signed in by
 * the trusted reverse proxy (the test connects from 127.0.0.2, the only trusted address) and
 * `spoofed` sends the same header from 127.0.0.1, where it must count for nothing.
 */
export const ROLES = ['anonymous', 'ingest', 'viewer', 'scoped', 'operator', 'admin', 'proxy', 'spoofed'] as const;
export type Caller = (typeof ROLES)[number];

export const TOKENS = {
	ingest: generateToken('ing'),
	ingestA: generateToken('inga'),
	viewer: generateToken('view'),
	scoped: generateToken('scop'),
	operator: generateToken('oper'),
	scopedOperator: generateToken('sopr'),
	admin: generateToken('adm')
};

export const PROXY_USER = 'chief@agency.example';
export const TRUSTED_PEER = '127.0.0.2';
export const SECRETS = {
	slackPath: 'T0SECRET/B0SECRET/slacksecretslacksecret42',
	telegram: '123456:telegram-secret-token-abcdefghijk',
	webhookSecret: 'webhook-hmac-secret-0123456789'
};

export function authConfig(receiverUrl: string, extraAuth = ''): string {
	return `${SMALL_CONFIG}
auth:
${extraAuth}  tokens:
    - { name: sender, role: ingest, hash: "${hashToken(TOKENS.ingest)}" }
    - { name: sender-a, role: ingest, orgs: [cloud-a], hash: "${hashToken(TOKENS.ingestA)}" }
    - { name: wall, role: viewer, hash: "${hashToken(TOKENS.viewer)}" }
    - { name: a-viewer, role: viewer, orgs: [cloud-a], hash: "${hashToken(TOKENS.scoped)}" }
    - { name: oncall, role: operator, hash: "${hashToken(TOKENS.operator)}" }
    - { name: a-oncall, role: operator, orgs: [cloud-a], hash: "${hashToken(TOKENS.scopedOperator)}" }
    - { name: boss, role: admin, hash: "${hashToken(TOKENS.admin)}" }
  proxy:
    trusted: [${TRUSTED_PEER}/32]
    users: [{ name: "${PROXY_USER}", role: admin }]
    default_role: viewer
alerts:
  default_channels: [ops-hook]
  rules:
    - { id: cdn-busy, type: threshold, measurement: traffic, field: rps, above: 1, for: 0s, severity: critical, components: [cdn] }
    - { id: idp-b-busy, type: threshold, measurement: traffic, field: rps, above: 1, for: 0s, severity: warning, components: [idp-b] }
channels:
  - { id: ops-hook, type: webhook, url: "${receiverUrl}/hook", secret: "${SECRETS.webhookSecret}" }
  - { id: ops-slack, type: slack, url: "https://hooks.slack.com/services/${SECRETS.slackPath}" }
  - { id: ops-telegram, type: telegram, bot_token: "${SECRETS.telegram}", chat_id: "-100123" }
`;
}

export interface Reply {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	json(): any;
}

const trustedAgent = new Agent({ localAddress: TRUSTED_PEER });

/** One HTTP request as `caller`: node:http, because fetch cannot pick the local address. Redirects are not followed. */
export function call(base: string, caller: Caller, method: string, path: string, opts: { body?: unknown; form?: Record<string, string>; cookie?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
	// As a script or the browser's fetch would: SvelteKit answers errors in JSON to those who accept it.
	const headers: Record<string, string> = { accept: path.startsWith('/api/') ? 'application/json' : 'text/html', ...opts.headers };
	const token = tokenOf(caller);
	if (token) headers.authorization = `Token ${token}`;
	if (caller === 'proxy' || caller === 'spoofed') headers['x-forwarded-user'] = PROXY_USER;
	if (opts.cookie) headers.cookie = opts.cookie;
	let body: string | undefined;
	if (opts.form) {
		body = new URLSearchParams(opts.form).toString();
		headers['content-type'] = 'application/x-www-form-urlencoded';
		headers.origin ??= base;
	} else if (typeof opts.body === 'string') body = opts.body;
	else if (opts.body !== undefined) {
		body = JSON.stringify(opts.body);
		headers['content-type'] = 'application/json';
	}
	const url = new URL(path, base);
	return new Promise((resolve, reject) => {
		const req = httpRequest(url, { method, headers, agent: caller === 'proxy' ? trustedAgent : undefined }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (d) => (text += d));
			res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text, json: () => JSON.parse(text) }));
		});
		req.on('error', reject);
		req.setTimeout(20_000, () => req.destroy(new Error(`${method} ${path} as ${caller}: no answer in 20 s`)));
		req.end(body);
	});
}

export function tokenOf(caller: Caller): string | undefined {
	return { anonymous: undefined, ingest: TOKENS.ingest, viewer: TOKENS.viewer, scoped: TOKENS.scoped, operator: TOKENS.operator, admin: TOKENS.admin, proxy: undefined, spoofed: undefined }[caller];
}

/** Signs in at /signin like a browser's form post; returns the `bom_session=...` cookie pair and the Set-Cookie line. */
export async function signIn(base: string, token: string, next = '/'): Promise<{ cookie: string; setCookie: string; location: string }> {
	const res = await call(base, 'anonymous', 'POST', '/signin', { form: { token, next } });
	const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('bom_session='));
	if (res.status !== 303 || !setCookie) throw new Error(`sign-in answered ${res.status} without a session cookie: ${res.text.slice(0, 300)}`);
	return { cookie: setCookie.split(';')[0], setCookie, location: String(res.headers.location) };
}

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A socket.io client of /live as `caller` (or with a cookie); resolves connected, or with the server's refusal. */
export function connectAs(base: string, caller: Caller, opts: { cookie?: string } = {}): Promise<{ client: Client; error?: string }> {
	const extraHeaders: Record<string, string> = {};
	if (caller === 'proxy' || caller === 'spoofed') extraHeaders['x-forwarded-user'] = PROXY_USER;
	if (opts.cookie) extraHeaders.cookie = opts.cookie;
	const token = tokenOf(caller);
	const client: Client = io(`${base}/live`, {
		auth: token ? { token } : {},
		transports: ['websocket'],
		extraHeaders,
		agent: caller === 'proxy' ? (trustedAgent as never) : undefined,
		reconnection: false,
		timeout: 10_000
	});
	return new Promise((resolve) => {
		client.once('connect', () => resolve({ client }));
		client.once('connect_error', (err) => resolve({ client, error: err.message }));
	});
}

export function ask<E extends 'subscribe' | 'fill' | 'unsubscribe'>(client: Client, event: E, arg: Parameters<ClientToServerEvents[E]>[0]): Promise<{ ok: boolean; error?: string; data?: any }> {
	return new Promise((resolve, reject) => {
		const t = setTimeout(() => reject(new Error(`${event}: no acknowledgement in 10 s`)), 10_000);
		(client.emit as (...a: unknown[]) => void)(event, arg, (reply: { ok: boolean; error?: string; data?: unknown }) => {
			clearTimeout(t);
			resolve(reply);
		});
	});
}
