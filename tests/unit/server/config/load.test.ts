import { describe, expect, it } from 'vitest';
import { parseConfig, ConfigError, durationMs } from '../../../../src/lib/server/config/index.ts';

const base = `
orgs: [{ id: kdca, name: KDCA, kind: public }]
pipeline: { stages: [{ id: landing, name: Landing }] }
components: [{ id: cdn, name: CDN, org: kdca, stage: landing, capacity: { rps: 1000 } }]
`;

function problems(text: string): string[] {
	try {
		parseConfig(text);
	} catch (err) {
		if (err instanceof ConfigError) return err.problems;
		throw err;
	}
	return [];
}

describe('parseConfig', () => {
	it('accepts a small valid config and fills defaults', () => {
		const cfg = parseConfig(base);
		expect(cfg.components[0].capacity?.rps).toBe(1000);
		expect(cfg.influx.database).toBe('booking_ops');
		expect(cfg.writer.batch_lines).toBe(5000);
		expect(cfg.ingest.max_body_bytes).toBe(25_000_000);
	});

	const bad: [string, string, string][] = [
		['unknown org', base.replace('org: kdca', 'org: kt'), 'components[0].org: unknown org "kt"'],
		['unknown stage', base.replace('stage: landing', 'stage: db'), 'components[0].stage: unknown stage "db"'],
		['bad id', base.replace('id: cdn', 'id: CDN!'), 'components[0].id: use lower-case'],
		['unknown key', base + 'bogus: 1\n', '(top level): Unrecognized key'],
		['negative capacity', base.replace('rps: 1000', 'rps: -5'), 'components[0].capacity.rps'],
		['bad duration', base + 'writer: { flush_interval: soon }\n', 'writer.flush_interval: a duration'],
		['bad token hash', base + 'auth: { tokens: [{ name: a, role: ingest, hash: abc }] }\n', 'auth.tokens[0].hash'],
		['YAML syntax', 'orgs: [\n', 'YAML:']
	];
	it.each(bad)('reports %s with the path of the bad key', (_name, text, expected) => {
		const list = problems(text);
		expect(list.some((p) => p.includes(expected)), list.join('\n')).toBe(true);
	});

	it('reports every bad key, not only the first', () => {
		const text = base.replace('org: kdca', 'org: kt').replace('stage: landing', 'stage: db');
		expect(problems(text)).toHaveLength(2);
	});
});

describe('durationMs', () => {
	it.each([
		['500ms', 500],
		['10s', 10_000],
		['5m', 300_000],
		['2h', 7_200_000],
		['7d', 604_800_000]
	])('%s is %d ms', (text, ms) => expect(durationMs(text)).toBe(ms));
	it('rejects text that is not a duration', () => expect(() => durationMs('5 minutes')).toThrow(/not a duration/));
});
