import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../../../src/lib/server/auth/index.ts';
import { configReloader, parseConfig, type Config } from '../../../../src/lib/server/config/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'bom-reload-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = (tokens: string, extra = '') => `
title: T${extra}
orgs: [{ id: a, name: A }]
pipeline: { stages: [{ id: s, name: S }] }
components: [{ id: ca, name: CA, org: a, stage: s }]
auth: { tokens: [${tokens}] }
`;

function setup(text: string) {
	const file = join(dir, `c-${Math.random().toString(36).slice(2)}.yaml`);
	writeFileSync(file, text);
	const config = parseConfig(text);
	const applied: Config[] = [];
	const reload = configReloader({ config, file, applyAuth: (next) => applied.push(next) });
	return { file, config, applied, reload };
}

describe('config reload', () => {
	it('applies the auth section and lists other changed keys as waiting for a restart', () => {
		const s = setup(base(''));
		writeFileSync(s.file, base(`{ name: kim, role: operator, hash: "${hashToken('k')}" }`, ' v2'));
		const result = s.reload();
		expect(result.applied).toEqual(['auth.tokens', 'auth.anonymous_role', 'auth.session_ttl', 'auth.proxy', 'auth.trusted_proxies']);
		expect(result.needsRestart).toEqual(['title']);
		expect(s.applied[0].auth.tokens.map((t) => t.name)).toEqual(['kim']);
		expect(s.config.auth.tokens.map((t) => t.name)).toEqual(['kim']);
	});

	it('changes nothing on an invalid file and names every problem with its key path', () => {
		const s = setup(base(''));
		writeFileSync(s.file, base(`{ name: kim, role: root, hash: "nope" }`));
		let caught: (Error & { problems?: string[]; status?: number }) | undefined;
		try {
			s.reload();
		} catch (err) {
			caught = err as Error;
		}
		expect(caught?.name).toBe('ReloadError');
		expect(caught?.status).toBe(400);
		expect(caught?.problems?.join('\n')).toMatch(/auth\.tokens\[0\]\.role/);
		expect(caught?.problems?.join('\n')).toMatch(/auth\.tokens\[0\]\.hash/);
		expect(s.applied).toHaveLength(0);
		expect(s.config.auth.tokens).toEqual([]);
	});

	it('refuses a token scoped to a component only a restart would add', () => {
		const s = setup(base(''));
		writeFileSync(s.file, base(`{ name: kim, role: viewer, components: [cb], hash: "${hashToken('k')}" }`).replace('components: [{ id: ca, name: CA, org: a, stage: s }]', 'components: [{ id: ca, name: CA, org: a, stage: s }, { id: cb, name: CB, org: a, stage: s }]'));
		expect(() => s.reload()).toThrow(/restart to apply both/);
		expect(s.applied).toHaveLength(0);
	});

	it('says so when the app was started without a file', () => {
		const reload = configReloader({ config: parseConfig(base('')), file: undefined, applyAuth: () => undefined });
		expect(() => reload()).toThrow(/without a config file/);
	});
});
