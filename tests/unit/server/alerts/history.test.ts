import { describe, expect, it } from 'vitest';
import { alertHistory, alertHistoryQuery } from '../../../../src/lib/server/alerts/history.ts';
import type { InfluxSeries } from '../../../../src/lib/server/history/index.ts';

describe('alertHistoryQuery', () => {
	it('quotes every value, selects tags as columns and limits across series', () => {
		const q = alertHistoryQuery({ fromMs: 1_000, toMs: 2_000, rule: "it's", component: 'a\\', status: 'firing' });
		expect(q).toBe(
			`SELECT "alert_id", "from", "summary", "summary_ko", "value", "threshold", "rule", "status", "severity", "component", "instance" FROM "alert_transitions" ` +
				`WHERE time >= 1000ms AND time < 2000ms AND "rule" = 'it\\'s' AND "component" = 'a\\\\' AND "status" = 'firing' ORDER BY time DESC LIMIT 500`
		);
	});
	it('caps the limit', () => expect(alertHistoryQuery({ fromMs: 0, toMs: 1, limit: 1e9 })).toMatch(/LIMIT 5000$/));
});

describe('alertHistory', () => {
	it('reads rows by column name, with null for what a transition did not have', async () => {
		const columns = ['time', 'alert_id', 'from', 'summary', 'summary_ko', 'value', 'threshold', 'rule', 'status', 'severity', 'component', 'instance'];
		const series = [
			{
				columns,
				values: [
					[1_000, 'r|cdn', 'pending', 'CDN busy', 'CDN 바쁨', 12.5, 10, 'r', 'firing', 'critical', 'cdn', null],
					[3_000, 'r|cdn', 'firing', 'CDN fine', 'CDN 정상', null, null, 'r', 'resolved', 'critical', 'cdn', null]
				]
			}
		] as unknown as InfluxSeries[];
		const entries = await alertHistory(async () => series, { fromMs: 0, toMs: 5_000 });
		expect(entries).toEqual([
			{ at: 3_000, alertId: 'r|cdn', rule: 'r', from: 'firing', to: 'resolved', severity: 'critical', component: 'cdn', instance: null, value: null, threshold: null, summary: { en: 'CDN fine', ko: 'CDN 정상' } },
			{ at: 1_000, alertId: 'r|cdn', rule: 'r', from: 'pending', to: 'firing', severity: 'critical', component: 'cdn', instance: null, value: 12.5, threshold: 10, summary: { en: 'CDN busy', ko: 'CDN 바쁨' } }
		]);
	});
});
