import type { Labels, NotifiedAlert, Notification } from '../types.ts';
import { jsonRequest, type ChannelKind } from './channel.ts';
import { urlSecrets, urlTarget } from './redact.ts';
import type { AlertmanagerChannel } from './schema.ts';
import { idempotencyHeaders } from './webhook.ts';

/**
 * Alertmanager's webhook_config payload, version "4" (prometheus.io/docs/alerting/latest/
 * configuration/#webhook_config), so anything that already takes Alertmanager webhooks (an
 * on-call tool, a bridge, another Alertmanager's receivers) takes ours unchanged.
 */

/** Go's zero time, which Alertmanager sends as `endsAt` while an alert fires. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

export function alertmanagerPayload(n: Notification, channel: AlertmanagerChannel) {
	const max = channel.max_alerts;
	const kept = max > 0 ? n.alerts.slice(0, max) : n.alerts;
	const alerts = kept.map(amAlert);
	return {
		version: '4',
		groupKey: n.groupKey,
		truncatedAlerts: n.alerts.length - kept.length,
		status: n.status,
		receiver: channel.id,
		groupLabels: n.groupLabels,
		commonLabels: n.commonLabels,
		commonAnnotations: commonOf(alerts.map((a) => a.annotations)),
		externalURL: n.externalUrl,
		alerts
	};
}

function amAlert(a: NotifiedAlert) {
	const annotations: Labels = { summary: a.summary };
	if (a.value !== null) annotations.value = String(a.value);
	if (a.threshold !== null) annotations.threshold = String(a.threshold);
	if (a.acknowledged) annotations.acknowledged = 'true';
	return {
		status: a.status,
		labels: a.labels,
		annotations,
		startsAt: new Date(a.startsAt).toISOString(),
		endsAt: a.endsAt === null ? ZERO_TIME : new Date(a.endsAt).toISOString(),
		generatorURL: a.url,
		fingerprint: fingerprint(a.labels)
	};
}

/** Pairs every map has with the same value (Alertmanager's commonAnnotations). */
function commonOf(maps: Labels[]): Labels {
	if (!maps.length) return {};
	const out: Labels = {};
	for (const [k, v] of Object.entries(maps[0])) if (maps.every((m) => m[k] === v)) out[k] = v;
	return out;
}

const FNV_OFFSET = 14695981039346656037n;
const FNV_PRIME = 1099511628211n;
const MASK = (1n << 64n) - 1n;

/**
 * Prometheus' LabelSet fingerprint (FNV-1a 64 over sorted name, 0xff, value, 0xff), as 16 hex
 * digits: the same alert gets the same fingerprint here as in Alertmanager.
 */
export function fingerprint(labels: Labels): string {
	let h = FNV_OFFSET;
	const add = (b: number) => {
		h = ((h ^ BigInt(b)) * FNV_PRIME) & MASK;
	};
	for (const name of Object.keys(labels).sort()) {
		for (const b of Buffer.from(name)) add(b);
		add(0xff);
		for (const b of Buffer.from(labels[name])) add(b);
		add(0xff);
	}
	return h.toString(16).padStart(16, '0');
}

export const alertmanager: ChannelKind<AlertmanagerChannel> = {
	format: (n, channel) => jsonRequest(channel.url, alertmanagerPayload(n, channel), idempotencyHeaders(n)),
	secrets: (c) => urlSecrets(c.url),
	target: (c) => urlTarget(c.url)
};
