import type { Language, NotifiedAlert, Notification } from '../types.ts';
import type { Channel } from './schema.ts';

/**
 * A realistic but clearly fake alert group for a channel's "send test" button: three alerts of
 * one component at different severities, one already resolved, so a person setting up a
 * channel sees every part of a real message (and "TEST" in each summary, so nobody is paged
 * into action by it).
 */
export function sampleNotification(channel: Channel, externalUrl: string, now = Date.now()): Notification {
	const base = externalUrl.replace(/\/+$/, '');
	const lang = channel.language;
	const component = 'idp-naver';
	const alert = (
		rule: string,
		severity: string,
		summary: Record<Language, string>,
		value: number,
		threshold: number,
		agoMs: number,
		endedAgoMs: number | null
	): NotifiedAlert => ({
		id: `${rule}|${component}`,
		status: endedAgoMs === null ? 'firing' : 'resolved',
		labels: { alertname: rule, severity, component, org: 'naver', stage: 'identity' },
		summary: summary[lang],
		value,
		threshold,
		startsAt: now - agoMs,
		endsAt: endedAgoMs === null ? null : now - endedAgoMs,
		acknowledged: false,
		url: `${base}/alerts?alert=${encodeURIComponent(`${rule}|${component}`)}`
	});
	const alerts = [
		alert(
			'login-latency-p95',
			'critical',
			{
				en: '[TEST] Login p95 latency on idp-naver is 2.4 s, above 1.5 s for 3 minutes',
				ko: '[테스트] idp-naver 로그인 p95 지연 2.4초, 3분째 1.5초 초과'
			},
			2.4,
			1.5,
			180_000,
			null
		),
		alert(
			'error-rate',
			'warning',
			{
				en: '[TEST] 4.2% of requests to idp-naver fail (threshold 2%)',
				ko: '[테스트] idp-naver 요청의 4.2% 실패 (임계값 2%)'
			},
			4.2,
			2,
			120_000,
			null
		),
		alert(
			'queue-wait',
			'warning',
			{
				en: '[TEST] Waiting room wait before idp-naver is back under 60 s',
				ko: '[테스트] idp-naver 앞 대기열 대기 시간이 60초 아래로 회복'
			},
			42,
			60,
			600_000,
			60_000
		)
	];
	return {
		id: `test-${channel.id}-${now}`,
		channel: channel.id,
		groupKey: `{}:{component="${component}"}`,
		groupLabels: { component },
		commonLabels: { component, org: 'naver', stage: 'identity' },
		status: 'firing',
		alerts,
		language: lang,
		externalUrl: base,
		groupUrl: `${base}/alerts?component=${component}`,
		createdAt: now
	};
}
