import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigSchema, type Config } from './schema.ts';

/** The bundled sample: the 2021 vaccine pre-booking system. Used when MONITOR_CONFIG is not set. */
export const SAMPLE_CONFIG = 'samples/vaccine-2021/monitor.yaml';

export class ConfigError extends Error {
	constructor(
		readonly file: string,
		readonly problems: string[]
	) {
		super(`invalid config ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
		this.name = 'ConfigError';
	}
}

/** Parses and validates config text; every problem is reported with the path of the bad key. */
export function parseConfig(text: string, file = '<config>'): Config {
	const doc = parseDocument(text, { prettyErrors: true });
	if (doc.errors.length > 0) {
		throw new ConfigError(
			file,
			doc.errors.map((e) => `YAML: ${e.message.split('\n')[0]}`)
		);
	}
	const result = ConfigSchema.safeParse(doc.toJS() ?? {});
	if (!result.success) throw new ConfigError(file, formatIssues(result.error.issues));
	return result.data;
}

export function loadConfig(file: string): Config {
	const path = resolve(file);
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (err) {
		throw new ConfigError(path, [`cannot read the file: ${(err as Error).message}`]);
	}
	return parseConfig(text, path);
}

/** `components[3].org: unknown org "kt"`: the key path a person can find in the YAML. */
export function formatIssues(issues: z.core.$ZodIssue[]): string[] {
	return issues.map((i) => {
		const path = i.path.reduce<string>(
			(acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
			''
		);
		const extra =
			i.code === 'unrecognized_keys' ? `: ${i.keys.map((k) => `"${k}"`).join(', ')}` : '';
		return `${path || '(top level)'}: ${i.message}${extra}`;
	});
}

/** Parses "500ms", "10s", "5m", "2h", "7d", "1w" into milliseconds. */
export function durationMs(text: string): number {
	const m = /^(\d+)(ms|s|m|h|d|w)$/.exec(text);
	if (!m) throw new Error(`not a duration: "${text}"`);
	const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 'ms'];
	return Number(m[1]) * unit;
}
