import { describe, expect, it } from 'vitest';
import { scopeViolation, type Principal } from '../../../../src/lib/server/auth/index.ts';
import { makePoint } from '../../../fixtures/points.ts';

const owners = new Map([
	['idp-naver', 'naver'],
	['idp-kakao', 'kakao']
]);
const orgScoped: Principal = { name: 'naver', role: 'ingest', orgs: new Set(['naver']) };
const componentScoped: Principal = { name: 'one', role: 'ingest', components: new Set(['idp-kakao']) };
const unscoped: Principal = { name: 'all', role: 'ingest' };

const cases: [string, Principal, Record<string, string>, RegExp | null][] = [
	['unscoped token sends anything', unscoped, { component: 'idp-kakao' }, null],
	['unscoped token sends points without component', unscoped, {}, null],
	['org scope allows its declared component', orgScoped, { component: 'idp-naver' }, null],
	['org scope refuses another org’s component, naming it', orgScoped, { component: 'idp-kakao' }, /component "idp-kakao" is outside the scope of token "naver"/],
	['org tag cannot claim a declared component of another org', orgScoped, { component: 'idp-kakao', org: 'naver' }, /outside the scope/],
	['org scope allows an undeclared component tagged with its org', orgScoped, { component: 'new-svc', org: 'naver' }, null],
	['org scope refuses an undeclared component without its org', orgScoped, { component: 'new-svc' }, /outside the scope/],
	['component scope allows its component', componentScoped, { component: 'idp-kakao' }, null],
	['component scope refuses others', componentScoped, { component: 'idp-naver' }, /outside the scope/],
	['scoped token needs a component tag', orgScoped, {}, /no "component" tag/]
];

describe('scopeViolation', () => {
	it.each(cases)('%s', (_name, principal, tags, expected) => {
		const v = scopeViolation(principal, makePoint({ tags }), owners);
		if (expected === null) expect(v).toBeNull();
		else expect(v).toMatch(expected);
	});
});
