import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SAMPLE_CONFIG } from '../../src/lib/server/config/index.ts';

/**
 * The bundled sample plus alert rules that fire as soon as the simulator sends, and a channel
 * that nobody listens on: the laptop pages then show what they show during a real opening (the
 * alert banner, firing and pending rows with their buttons, a dead letter), so the layout and
 * accessibility checks see every kind of element, not empty tables.
 */
export function writeLaptopConfig(): { dir: string; configFile: string } {
	const dir = mkdtempSync(join(tmpdir(), 'bom-e2e-laptop-'));
	const sample = withoutTopLevel(readFileSync(SAMPLE_CONFIG, 'utf8'), ['alerts', 'channels']).replace('scenario: scenarios/', `scenario: ${resolve('samples/vaccine-2021/scenarios')}/`);
	const configFile = join(dir, 'monitor.yaml');
	writeFileSync(
		configFile,
		`${sample}
alerts:
  default_channels: [nobody-listens]
  rules:
    - { id: landing-busy, type: threshold, measurement: traffic, field: rps, above: 1, for: 0s, severity: critical, components: [cdn], summary: "Landing page busy: {{value}} above {{threshold}}" }
    - { id: db-latency, type: threshold, measurement: traffic, field: p95_ms, above: 0.5, for: 0s, severity: warning, components: [reservation-db] }
    - { id: idp-slow, type: threshold, measurement: traffic, field: p95_ms, above: 1, for: 30m, severity: warning, components: [idp-naver] }
channels:
  - { id: nobody-listens, type: webhook, url: "http://127.0.0.1:9/hook", max_attempts: 1 }
`
	);
	return { dir, configFile };
}

/** The YAML text without the named top-level keys (the sample's own rules give way to the test's). */
function withoutTopLevel(yaml: string, keys: string[]): string {
	let skipping = false;
	return yaml
		.split('\n')
		.filter((line) => {
			if (/^[^\s#]/.test(line)) skipping = keys.some((k) => line.startsWith(`${k}:`));
			return !skipping;
		})
		.join('\n');
}
