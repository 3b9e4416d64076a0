import { describe, expect, it } from 'vitest';
import { formatDuration, formatUnit, renderTemplate, type Unit } from '../../../../../src/lib/server/alerts/rules/index.ts';
import type { Language } from '../../../../../src/lib/server/alerts/types.ts';
import { FakeSource, makeEngine, run, T0 } from './fake-source.ts';

describe('numbers as people read them', () => {
	const cases: [number | null, Unit, Language, string][] = [
		[1234, 'number', 'en', '1,234'],
		[1234567.4, 'number', 'ko', '1,234,567'],
		[12.345, 'number', 'en', '12.3'],
		[0.256, 'number', 'en', '0.26'],
		[1480.6, 'ms', 'en', '1,481 ms'],
		[0.125, 'ratio', 'en', '12.5%'],
		[0.0333, 'ratio', 'ko', '3.33%'],
		[2400, 'per_second', 'en', '2,400/s'],
		[2400, 'per_second', 'ko', '초당 2,400'],
		[150, 'delta_per_second', 'en', '+150/s'],
		[-20, 'delta_percent', 'en', '-20%'],
		[45, 'seconds', 'en', '45 s'],
		[45, 'seconds', 'ko', '45초'],
		[150, 'seconds', 'en', '2 min 30 s'],
		[420, 'seconds', 'en', '7 min'],
		[420, 'seconds', 'ko', '7분'],
		[3900, 'seconds', 'en', '1 h 5 min'],
		[3900, 'seconds', 'ko', '1시간 5분'],
		[183_600, 'seconds', 'ko', '2일 3시간'],
		[Infinity, 'seconds', 'en', '∞'],
		[null, 'number', 'en', '–'],
		[NaN, 'ratio', 'ko', '–']
	];
	it.each(cases)('%s as %s in %s: %s', (n, unit, lang, want) => {
		expect(formatUnit(n, unit, lang)).toBe(want);
	});

	it('rounds minutes and hours without showing "60"', () => {
		expect(formatDuration(3599, 'en')).toBe('1 h');
		expect(formatDuration(7170, 'en')).toBe('2 h');
	});
});

describe('renderTemplate', () => {
	const vars = {
		component_name: 'Waiting room',
		value: { n: 0.125, unit: 'ratio' as const },
		metric: { en: 'p95 latency', ko: 'p95 응답시간' },
		team: 'ops'
	};

	it('fills text, numbers in the reader\'s language and per-language text, tolerating spaces', () => {
		expect(renderTemplate('{{component_name}}: {{ metric }} {{value}} ({{team}})', vars, 'en')).toBe('Waiting room: p95 latency 12.5% (ops)');
		expect(renderTemplate('{{component_name}}: {{metric}} {{value}}', vars, 'ko')).toBe('Waiting room: p95 응답시간 12.5%');
	});

	it('leaves an unknown placeholder as written so the typo shows', () => {
		expect(renderTemplate('{{valeu}} is high', vars, 'en')).toBe('{{valeu}} is high');
	});
});

describe('alert summaries', () => {
	const slow = { id: 'slow', type: 'threshold', measurement: 'traffic', field: 'p95_ms', components: ['idp'] };
	const src = () => new FakeSource().series('idp', 'traffic.p95_ms', T0, [1480.6, 120]).instance('idp', 'idv-2', 'traffic.p95_ms', T0, [1480.6]);

	it('threshold defaults, above and below, in both languages', () => {
		const [above] = run(makeEngine([{ ...slow, above: 1000 }]), src(), T0, T0);
		expect(above.summary).toEqual({ en: 'Naver certificate: p95 latency is 1,481 ms, above the 1,000 ms limit', ko: 'Naver certificate: p95 응답시간 1,481 ms, 기준 1,000 ms 초과' });
		const [below] = run(makeEngine([{ ...slow, below: 200 }]), src(), T0, T0 + 1);
		expect(below.summary).toEqual({ en: 'Naver certificate: p95 latency is 120 ms, below the 200 ms minimum', ko: 'Naver certificate: p95 응답시간 120 ms, 기준 200 ms 미만' });
	});

	it('fills every variable: value, threshold, recover, component, component_name, instance, stage, org, severity, for, window-free metric and labels', () => {
		const template = '{{value}}|{{threshold}}|{{recover}}|{{component}}|{{component_name}}|{{instance}}|{{stage}}|{{stage_name}}|{{org}}|{{org_name}}|{{severity}}|{{for}}|{{metric}}|{{team}}|{{alertname}}';
		const engine = makeEngine([{ ...slow, above: 1000, recover: 800, by: 'instance', severity: 'critical', labels: { team: 'idv' }, summary: { en: template, ko: template } }]);
		const [t] = run(engine, src(), T0, T0);
		expect(t.summary.en).toBe('1,481 ms|1,000 ms|800 ms|idp|Naver certificate|idv-2|identity|Identity verification|naver|Naver Cloud|critical|0 s|p95 latency|idv|slow');
		expect(t.summary.ko).toBe('1,481 ms|1,000 ms|800 ms|idp|Naver certificate|idv-2|identity|Identity verification|naver|Naver Cloud|critical|0초|p95 응답시간|idv|slow');
	});

	it('a summary in one language serves the other; a plain string serves both', () => {
		const [onlyKo] = run(makeEngine([{ ...slow, above: 1000, for: '2m', summary: { ko: '{{component_name}} 지연 {{value}} ({{for}} 지속)' } }]), src(), T0, T0);
		expect(onlyKo.summary).toEqual({ en: 'Naver certificate 지연 1,481 ms (2 min 지속)', ko: 'Naver certificate 지연 1,481 ms (2분 지속)' });
		const [plain] = run(makeEngine([{ ...slow, above: 1000, summary: '{{target}} slow' }]), src(), T0, T0);
		expect(plain.summary).toEqual({ en: 'Naver certificate slow', ko: 'Naver certificate slow' });
	});

	it('per instance, the default names the instance', () => {
		const [t] = run(makeEngine([{ ...slow, above: 1000, by: 'instance' }]), src(), T0, T0);
		expect(t.summary.en).toBe('Naver certificate (idv-2): p95 latency is 1,481 ms, above the 1,000 ms limit');
	});
});
