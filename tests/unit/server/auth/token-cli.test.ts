import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { buildTokenEntry, hashToken, TokenRegistry } from '../../../../src/lib/server/auth/index.ts';
import { parseConfig } from '../../../../src/lib/server/config/index.ts';

const config = parseConfig(`
orgs: [{ id: naver, name: Naver }]
pipeline: { stages: [{ id: s, name: S }] }
components: [{ id: idp-naver, name: N, org: naver, stage: s }]
auth: { tokens: [{ name: taken, role: viewer, hash: "${hashToken('x')}" }] }
`);

describe('npm run token -- create', () => {
	it('makes a token whose entry, pasted into the config, lets that token in with its role and scope', () => {
		const made = buildTokenEntry({ role: 'operator', name: 'kim lee', orgs: 'naver' }, config);
		expect(made.token).toMatch(/^bom_[A-Za-z0-9_-]{43}$/);
		expect(made.yaml).not.toContain(made.token);
		const entry = parseDocument(made.yaml).toJS();
		expect(entry).toEqual({ name: 'kim lee', role: 'operator', hash: hashToken(made.token), orgs: ['naver'] });
		const p = new TokenRegistry([entry]).authenticate(made.token)!;
		expect(p).toMatchObject({ name: 'kim lee', role: 'operator' });
		expect([...p.orgs!]).toEqual(['naver']);
	});

	it.each([
		[{ name: 'kim' }, /--role: give one of ingest, viewer, operator, admin/],
		[{ role: 'root', name: 'kim' }, /not "root"/],
		[{ role: 'viewer' }, /--name: give a name/],
		[{ role: 'viewer', name: 'taken' }, /already has a token named "taken"/],
		[{ role: 'viewer', name: 'kim', orgs: 'kakao' }, /unknown org "kakao"/],
		[{ role: 'viewer', name: 'kim', components: 'nope' }, /unknown component "nope"/],
		[{ role: 'viewer', name: 'kim', orgs: 'Bad Org' }, /is not an id/],
		[{ role: 'ingest', name: 'kim', rateLimit: '-1' }, /--rate-limit/]
	])('refuses %j with a message naming the flag', (req, message) => {
		expect(() => buildTokenEntry(req, config)).toThrow(message);
	});
});
