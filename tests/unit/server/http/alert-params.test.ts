import { describe, expect, it } from 'vitest';
import { parseAlertFilter, parseHistoryParams, splitMatchers } from '../../../../src/lib/server/http/alert-params.ts';

const now = 1_732_500_000_000;

describe('splitMatchers', () => {
	it.each([
		['{alertname="a",component="cdn"}', ['alertname="a"', 'component="cdn"']],
		['component="cdn", severity!="info"', ['component="cdn"', 'severity!="info"']],
		['{instance=~"api-1,api-2"}', ['instance=~"api-1,api-2"']],
		['{summary="say \\"hi\\", then go"}', ['summary="say \\"hi\\", then go"']],
		['{}', []],
		['  ', []]
	])('%s', (text, parts) => expect(splitMatchers(text)).toEqual(parts));
});

describe('parseAlertFilter', () => {
	it('keeps label sets that every matcher matches', () => {
		const keep = parseAlertFilter('{component=~"idp-.*",severity="critical"}');
		expect(keep({ component: 'idp-naver', severity: 'critical' })).toBe(true);
		expect(keep({ component: 'idp-naver', severity: 'warning' })).toBe(false);
		expect(keep({ component: 'cdn', severity: 'critical' })).toBe(false);
	});
	it('keeps everything without a filter', () => expect(parseAlertFilter(null)({})).toBe(true));
	it('names the bad matcher', () => expect(() => parseAlertFilter('component~"cdn"')).toThrow(/filter: bad matcher "component~\\"cdn\\""/));
});

describe('parseHistoryParams', () => {
	const parse = (qs: string) => parseHistoryParams(new URLSearchParams(qs), now);
	it('defaults to the last 24 hours with no filters', () => {
		expect(parse('')).toEqual({ fromMs: now - 86_400_000, toMs: now, rule: undefined, component: undefined, severity: undefined, status: undefined, limit: undefined });
	});
	it('reads every filter', () => {
		expect(parse('from=now-1h&rule=r&component=cdn&severity=critical&status=firing&limit=50')).toMatchObject({ fromMs: now - 3_600_000, rule: 'r', component: 'cdn', severity: 'critical', status: 'firing', limit: 50 });
	});
	it.each([
		['status=burning', /status: "burning" is not one of/],
		['severity=fatal', /severity: "fatal"/],
		['from=now&to=now-1h', /must be before/],
		['limit=0', /limit: "0"/]
	])('refuses %s', (qs, msg) => expect(() => parse(qs)).toThrow(msg));
});
