import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Notification } from '../types.ts';
import { jsonRequest, type ChannelKind } from './channel.ts';
import { headline } from './describe.ts';
import { urlSecrets, urlTarget } from './redact.ts';
import type { WebhookChannel } from './schema.ts';

/**
 * A generic JSON webhook: the notification as stable JSON (`version` changes only when a field
 * changes meaning), for receivers of our own.
 *
 * Signing (when `secret` is set), as Stripe and Slack do it:
 *   X-Monitor-Timestamp: <unix seconds at sending>
 *   X-Monitor-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 * A receiver recomputes the HMAC over the raw bytes it received, compares in constant time, and
 * rejects a timestamp older than a few minutes, so a captured request cannot be replayed later.
 * Each retry is signed afresh; `Idempotency-Key` (the notification id) lets a receiver drop
 * the duplicates that at-least-once delivery may send.
 */
export const WEBHOOK_VERSION = '1';

export function webhookPayload(n: Notification) {
	return {
		version: WEBHOOK_VERSION,
		id: n.id,
		channel: n.channel,
		status: n.status,
		title: headline(n),
		groupKey: n.groupKey,
		groupLabels: n.groupLabels,
		commonLabels: n.commonLabels,
		language: n.language,
		externalUrl: n.externalUrl,
		groupUrl: n.groupUrl,
		createdAt: new Date(n.createdAt).toISOString(),
		alerts: n.alerts.map((a) => ({
			id: a.id,
			status: a.status,
			labels: a.labels,
			summary: a.summary,
			value: a.value,
			threshold: a.threshold,
			startsAt: new Date(a.startsAt).toISOString(),
			endsAt: a.endsAt === null ? null : new Date(a.endsAt).toISOString(),
			acknowledged: a.acknowledged,
			url: a.url
		}))
	};
}

export function signWebhook(secret: string, timestampS: number, body: string): string {
	return `sha256=${createHmac('sha256', secret).update(`${timestampS}.${body}`).digest('hex')}`;
}

/** For receivers written in TypeScript: true when the signature matches and is recent. */
export function verifyWebhookSignature(
	secret: string,
	headers: { timestamp: string | undefined; signature: string | undefined },
	body: string,
	nowMs: number,
	toleranceS = 300
): boolean {
	const ts = Number(headers.timestamp);
	if (!Number.isInteger(ts) || !headers.signature || Math.abs(nowMs / 1000 - ts) > toleranceS) return false;
	const want = Buffer.from(signWebhook(secret, ts, body));
	const got = Buffer.from(headers.signature);
	return want.length === got.length && timingSafeEqual(want, got);
}

export function idempotencyHeaders(n: Notification): Record<string, string> {
	return { 'idempotency-key': n.id, 'x-monitor-notification-id': n.id };
}

export const webhook: ChannelKind<WebhookChannel> = {
	format(n, channel, ctx) {
		const req = jsonRequest(channel.url, webhookPayload(n), idempotencyHeaders(n));
		if (channel.secret) {
			const ts = Math.floor(ctx.now / 1000);
			req.headers['x-monitor-timestamp'] = String(ts);
			req.headers['x-monitor-signature'] = signWebhook(channel.secret, ts, req.body);
		}
		return req;
	},
	secrets: (c) => [...urlSecrets(c.url), ...(c.secret ? [c.secret] : [])],
	target: (c) => urlTarget(c.url)
};
