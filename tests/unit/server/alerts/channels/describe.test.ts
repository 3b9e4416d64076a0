import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../../../../src/lib/server/alerts/channels/alertmanager.ts';
import { formatTime, headline } from '../../../../../src/lib/server/alerts/channels/describe.ts';
import { redact, urlSecrets, urlTarget } from '../../../../../src/lib/server/alerts/channels/redact.ts';
import type { Notification } from '../../../../../src/lib/server/alerts/types.ts';

const t = Date.UTC(2025, 2, 1, 14, 2, 5);

describe('formatTime', () => {
	it.each([
		['UTC', '2025-03-01 14:02:05 UTC'],
		['Asia/Seoul', '2025-03-01 23:02:05 UTC+9'],
		['Asia/Kolkata', '2025-03-01 19:32:05 UTC+5:30']
	])('shows the zone: %s', (zone, expected) => expect(formatTime(t, zone)).toBe(expected));
});

describe('headline', () => {
	const n = (language: 'en' | 'ko', status: 'firing' | 'resolved', severities: string[]): Notification => ({
		id: 'x',
		channel: 'c',
		groupKey: 'g',
		groupLabels: { alertname: 'latency' },
		commonLabels: { alertname: 'latency', component: 'idp-naver' },
		status,
		alerts: severities.map((severity, i) => ({
			id: `${i}`,
			status,
			labels: { severity },
			summary: 's',
			value: 1,
			threshold: 2,
			startsAt: t,
			endsAt: status === 'resolved' ? t + 1 : null,
			acknowledged: false,
			url: 'u'
		})),
		language,
		externalUrl: 'e',
		groupUrl: 'g',
		createdAt: t
	});

	it.each([
		['the worst firing severity', n('en', 'firing', ['warning', 'critical']), '🔴 CRITICAL · FIRING · latency · idp-naver · 2 alerts'],
		['warning', n('en', 'firing', ['warning']), '🟠 WARNING · FIRING · latency · idp-naver · 1 alert'],
		['resolved', n('en', 'resolved', ['critical']), '✅ RESOLVED · latency · idp-naver · 1 alert'],
		['Korean', n('ko', 'firing', ['critical', 'info', 'info']), '🔴 심각 · 발생 · latency · idp-naver · 경보 3건'],
		['Korean resolved', n('ko', 'resolved', ['info']), '✅ 해소 · latency · idp-naver · 경보 1건']
	])('%s', (_name, notification, expected) => expect(headline(notification)).toBe(expected));
});

describe('fingerprint', () => {
	// The test vectors of prometheus/common's model package (labelSetToFingerprint).
	it.each([
		[{}, 14695981039346656037n],
		[{ name: 'garland, briggs', fear: 'love is not enough' }, 5799056148416392346n]
	])('matches Prometheus for %j', (labels, expected) => {
		expect(BigInt(`0x${fingerprint(labels)}`)).toBe(expected);
		expect(fingerprint(labels)).toMatch(/^[0-9a-f]{16}$/);
	});
});

describe('redact', () => {
	const url = 'https://hooks.slack.com/services/T0123/B0456/abcdefghijklmnopqrstuvwx';
	it('shows only the origin of a webhook URL', () => {
		expect(urlTarget(url)).toBe('https://hooks.slack.com/…');
	});

	it('scrubs the URL and its token from text a server sent back', () => {
		const text = `POST ${url} failed; token abcdefghijklmnopqrstuvwx revoked; path /services/T0123/B0456/abcdefghijklmnopqrstuvwx`;
		const out = redact(text, urlSecrets(url));
		expect(out).not.toContain('abcdefghijklmnopqrstuvwx');
		expect(out).toBe('POST *** failed; token *** revoked; path ***');
	});

	it('scrubs query-string keys (Google Chat, Teams sig)', () => {
		const chat = 'https://chat.googleapis.com/v1/spaces/AAA/messages?key=AIzaSyDdI0hCZtE6vySjMm&token=a1b2c3d4e5f6g7h8i9j0';
		const out = redact('bad token=a1b2c3d4e5f6g7h8i9j0 key AIzaSyDdI0hCZtE6vySjMm', urlSecrets(chat));
		expect(out).toBe('bad token=*** key ***');
	});
});
