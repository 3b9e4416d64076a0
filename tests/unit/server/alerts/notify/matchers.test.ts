import { describe, expect, it } from 'vitest';
import { formatMatcher, matches, MatcherError, parseMatcher } from '../../../../../src/lib/server/alerts/notify/index.ts';

const labels = { alertname: 'QueueGrowing', severity: 'critical', component: 'identity-naver', org: 'naver' };

// [matcher, matches `labels`]
const cases: [string, boolean][] = [
	['severity="critical"', true],
	['severity="warning"', false],
	['org!="kdca"', true],
	['org!="naver"', false],
	['component=~"identity-.*"', true],
	['component=~"identity"', false], // anchored: a prefix is not a match
	['component=~"naver"', false], // anchored: a substring is not a match
	['component=~"identity-naver|identity-kakao"', true],
	['component!~"identity-.*"', false],
	['component!~"queue-.*"', true],
	['team=""', true], // a missing label reads as ""
	['team!="ops"', true],
	['team=~".+"', false],
	['severity = "critical"', true], // spaces around the operator
	['severity=critical', true] // unquoted values, as Alertmanager's classic parser allows
];

describe('matchers', () => {
	it.each(cases)('%s -> %s', (text, expected) => {
		expect(matches(parseMatcher(text), labels)).toBe(expected);
	});

	it('parses all four operators', () => {
		expect(['a="1"', 'a!="1"', 'a=~"1"', 'a!~"1"'].map((t) => parseMatcher(t).op)).toEqual(['=', '!=', '=~', '!~']);
	});

	it('unescapes \\" \\\\ \\n and keeps other backslashes for regexes', () => {
		expect(parseMatcher('a="say \\"hi\\""').value).toBe('say "hi"');
		expect(parseMatcher('a="x\\\\y"').value).toBe('x\\y');
		expect(parseMatcher('host=~"a\\.b"').value).toBe('a\\.b');
		expect(matches(parseMatcher('host=~"a\\.b"'), { host: 'a.b' })).toBe(true);
		expect(matches(parseMatcher('host=~"a\\.b"'), { host: 'axb' })).toBe(false);
	});

	it('formats back to a matcher that parses the same', () => {
		for (const t of ['a="x"', 'a!~"x\\\\.y"', 'b=~"say \\"hi\\""']) {
			const m = parseMatcher(t);
			expect(parseMatcher(formatMatcher(m))).toMatchObject({ name: m.name, op: m.op, value: m.value });
		}
	});

	const errors: [string, RegExp][] = [
		['="critical"', /label name/],
		['severity', /one of =, !=, =~, !~ after "severity"/],
		['severity=="critical"', /text after|double quote/],
		['severity="critical', /missing closing double quote/],
		['severity="a"b"', /text after the closing quote/],
		['component=~"identity-(.*"', /invalid regular expression/]
	];
	it.each(errors)('rejects %s, naming it', (text, reason) => {
		expect(() => parseMatcher(text)).toThrow(MatcherError);
		expect(() => parseMatcher(text)).toThrow(reason);
		expect(() => parseMatcher(text)).toThrow(JSON.stringify(text));
	});
});
