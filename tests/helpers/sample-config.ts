import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SAMPLE_CONFIG } from '../../src/lib/server/config/index.ts';

/** YAML text without the given top-level keys (and everything under them), comments kept. */
export function withoutTopLevel(yaml: string, keys: readonly string[]): string {
	let skipping = false;
	return yaml
		.split('\n')
		.filter((line) => {
			if (/^[^\s#]/.test(line)) skipping = keys.some((k) => line.startsWith(`${k}:`));
			return !skipping;
		})
		.join('\n');
}

/**
 * The bundled sample's config as text for a test or bench to extend: minus the top-level keys it
 * will give itself (a YAML key may appear once), with the scenario path made absolute so the file
 * can be written anywhere.
 */
export function sampleConfigText(without: readonly string[] = []): string {
	return withoutTopLevel(readFileSync(SAMPLE_CONFIG, 'utf8'), without).replace('scenario: scenarios/', `scenario: ${resolve('samples/vaccine-2021/scenarios')}/`);
}
