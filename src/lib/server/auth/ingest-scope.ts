import type { Point } from '../ingest/point.ts';
import { isScoped, type Principal } from './principal.ts';

/**
 * Whether a scoped ingest token may send this point. A token scoped to orgs may send for the
 * components the config gives those orgs; for a component the config does not declare, the
 * point's own `org` tag must name one of the token's orgs (no other org owns it).
 * Returns null when allowed, else the reason, naming the component.
 */
export function scopeViolation(
	p: Principal,
	point: Point,
	orgOfComponent: ReadonlyMap<string, string>
): string | null {
	if (!isScoped(p)) return null;
	const component = point.tags.component;
	if (component === undefined) return `token "${p.name}" is scoped to components; the point has no "component" tag`;
	if (p.components?.has(component)) return null;
	if (p.orgs) {
		const owner = orgOfComponent.get(component) ?? point.tags.org;
		if (owner !== undefined && p.orgs.has(owner)) return null;
	}
	return `component "${component}" is outside the scope of token "${p.name}"`;
}
